// Go text/template for ApplicationSets: parse once, execute many times, with the builtins, Sprig and
// Argo CD's functions. Errors come back as values carrying Go's message text.
import { BUILTINS, LAZY_BUILTINS } from './builtins';
import { Executor, MissingKey, TemplateExecError } from './exec';
import { FunctionMap } from './functions';
import { TemplateSyntaxError } from './lex';
import { parseTemplate, TemplateNode } from './parse';
import { SPRIG, UNSUPPORTED_SPRIG } from './sprig';
import { GoValue } from './values';

export interface GoTemplateOptions {
  /** From goTemplateOptions: ["missingkey=error"] and friends. */
  missingKey?: MissingKey;
  /** Extra or overriding functions. */
  funcs?: FunctionMap;
}

export type GoTemplateResult = { ok: true; text: string } | { ok: false; error: string };

export class GoTemplate {
  private constructor(
    private readonly text: string,
    private readonly nodes: TemplateNode[],
    private readonly funcs: FunctionMap,
  ) {}

  /** Parses `text`; a syntax error is returned as `{ error }` with Go's message. */
  static parse(text: string, funcs: FunctionMap = {}): GoTemplate | { error: string } {
    const all = { ...SPRIG, ...BUILTINS, ...funcs };
    try {
      const nodes = parseTemplate(text, { hasFunction: (name) => name in all || name in LAZY_BUILTINS });
      return new GoTemplate(text, nodes, all);
    } catch (err) {
      if (err instanceof TemplateSyntaxError) {
        const m = /^function "([^"]+)" not defined$/.exec(err.message.replace(/^template: :\d+: /, ''));
        if (m && UNSUPPORTED_SPRIG.has(m[1])) return { error: `${err.message} (Argo CD has it, but Reconcile's offline expansion does not support it)` };
        return { error: err.message };
      }
      throw err;
    }
  }

  execute(data: GoValue, missingKey: MissingKey = 'default'): GoTemplateResult {
    try {
      return { ok: true, text: new Executor(this.text, this.funcs, LAZY_BUILTINS, missingKey).run(this.nodes, data) };
    } catch (err) {
      if (err instanceof TemplateExecError) return { ok: false, error: err.message };
      // A JavaScript failure inside a function is a bug here, but it must not escape as a crash.
      return { ok: false, error: `template: internal error: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
}

/** Parses and executes in one step. */
export function renderGoTemplate(text: string, data: GoValue, options: GoTemplateOptions = {}): GoTemplateResult {
  const t = GoTemplate.parse(text, options.funcs);
  if (!(t instanceof GoTemplate)) return { ok: false, error: t.error };
  return t.execute(data, options.missingKey);
}

/** goTemplateOptions → the missingkey mode (Go's Option syntax; unknown options are reported by the caller). */
export function missingKeyOption(options: readonly string[]): { missingKey: MissingKey; unknown: string[] } {
  let missingKey: MissingKey = 'default';
  const unknown: string[] = [];
  for (const o of options) {
    const m = /^missingkey=(default|invalid|zero|error)$/.exec(o);
    if (m) missingKey = m[1] === 'invalid' ? 'default' : (m[1] as MissingKey);
    else unknown.push(o);
  }
  return { missingKey, unknown };
}
