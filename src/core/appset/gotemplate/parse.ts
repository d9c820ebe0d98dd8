// The parse tree of Go's text/template (text/template/parse), built from lex.ts's tokens. Functions are
// checked at parse time, as Go does ("function "x" not defined"), and so are variables.
import { lex, lineAt, TemplateSyntaxError, Token } from './lex';

export type Arg =
  | { t: 'field'; pos: number; idents: string[] }
  | { t: 'variable'; pos: number; idents: string[] }
  | { t: 'dot'; pos: number }
  | { t: 'nil'; pos: number }
  | { t: 'bool'; pos: number; value: boolean }
  | { t: 'number'; pos: number; text: string; value: number | bigint }
  | { t: 'string'; pos: number; quoted: string; value: string }
  | { t: 'identifier'; pos: number; name: string }
  | { t: 'pipe'; pos: number; pipe: Pipe }
  | { t: 'chain'; pos: number; node: Arg; fields: string[] };

export interface Command {
  pos: number;
  args: Arg[];
}

export interface Pipe {
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export type TemplateNode =
  | { t: 'text'; pos: number; text: string }
  | { t: 'action'; pos: number; pipe: Pipe }
  | { t: 'if' | 'with' | 'range'; pos: number; pipe: Pipe; list: TemplateNode[]; elseList?: TemplateNode[] }
  | { t: 'break' | 'continue'; pos: number };

/** Go's String() of a node, used in "executing ... at <node>" error contexts. */
export function argString(a: Arg): string {
  switch (a.t) {
    case 'field':
      return a.idents.map((i) => `.${i}`).join('');
    case 'variable':
      return a.idents.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(a.value);
    case 'number':
      return a.text;
    case 'string':
      return a.quoted;
    case 'identifier':
      return a.name;
    case 'pipe':
      return `(${pipeString(a.pipe)})`;
    case 'chain':
      return argString(a.node) + a.fields.map((f) => `.${f}`).join('');
  }
}

export function commandString(c: Command): string {
  return c.args.map(argString).join(' ');
}

export function pipeString(p: Pipe): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(commandString).join(' | ');
}

export interface ParseOptions {
  /** Whether a function name is defined (builtins and the function map). */
  hasFunction(name: string): boolean;
}

/** Parses a template; throws TemplateSyntaxError with Go's message shape (`template: :LINE: ...`). */
export function parseTemplate(text: string, options: ParseOptions): TemplateNode[] {
  return new Parser(text, lex(text), options).parseRoot();
}

const OPERAND_START = new Set(['bool', 'char', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'lparen']);

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {}

  private fail(pos: number, msg: string): never {
    throw new TemplateSyntaxError(lineAt(this.text, pos), msg);
  }
  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.kind === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const save = this.i;
    const t = this.nextNonSpace();
    this.i = save;
    return t;
  }
  private unexpected(t: Token, context: string): never {
    const what = t.kind === 'close' ? '"}}"' : t.kind === 'eof' ? 'EOF' : t.kind === 'rparen' ? '")"' : `${JSON.stringify(t.val)}`;
    this.fail(t.pos, `unexpected ${what} in ${context}`);
  }

  parseRoot(): TemplateNode[] {
    const { list, end } = this.itemList(true);
    if (end) this.fail(end.pos, `unexpected {{${end.val}}}`);
    return list;
  }

  /** Nodes up to {{end}}/{{else}} (returned as `end`), or to EOF at the top level. */
  private itemList(top = false): { list: TemplateNode[]; end?: { val: 'end' | 'else'; pos: number } } {
    const list: TemplateNode[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') {
        if (!top) this.fail(t.pos, 'unexpected EOF');
        return { list };
      }
      if (t.kind === 'text') {
        list.push({ t: 'text', pos: t.pos, text: t.val });
        continue;
      }
      // t is `{{`
      const kw = this.peekNonSpace();
      if (kw.kind === 'keyword' && (kw.val === 'end' || kw.val === 'else')) {
        this.nextNonSpace();
        if (top) this.fail(kw.pos, `unexpected {{${kw.val}}}`);
        if (kw.val === 'end') this.expectClose('end');
        return { list, end: { val: kw.val, pos: kw.pos } };
      }
      list.push(this.action(t.pos));
    }
  }

  private expectClose(context: string): void {
    const t = this.nextNonSpace();
    if (t.kind !== 'close') this.unexpected(t, context);
  }

  private action(openPos: number): TemplateNode {
    const t = this.peekNonSpace();
    if (t.kind === 'keyword') {
      this.nextNonSpace();
      switch (t.val) {
        case 'if':
        case 'with':
          return this.control(t.val, t.pos);
        case 'range':
          this.rangeDepth++;
          try {
            return this.control('range', t.pos);
          } finally {
            this.rangeDepth--;
          }
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.fail(t.pos, `{{${t.val}}} outside {{range}}`);
          this.expectClose(t.val);
          return { t: t.val, pos: t.pos };
        default:
          // define/template/block: named templates are not used in ApplicationSet fields.
          this.fail(t.pos, `{{${t.val}}} is not supported by Reconcile's ApplicationSet expansion`);
      }
    }
    return { t: 'action', pos: openPos, pipe: this.pipeline('command', 'close') };
  }

  private control(kind: 'if' | 'with' | 'range', pos: number): TemplateNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, 'close');
    const body = this.itemList();
    let elseList: TemplateNode[] | undefined;
    if (body.end?.val === 'else') {
      const nested = this.peekNonSpace();
      // `{{else if x}}` / `{{else with x}}` is `{{else}}{{if x}}...{{end}}` sharing the final {{end}}.
      if ((kind === 'if' && nested.kind === 'keyword' && nested.val === 'if') || (kind === 'with' && nested.kind === 'keyword' && nested.val === 'with')) {
        this.nextNonSpace();
        elseList = [this.control(kind, nested.pos)];
      } else {
        this.expectClose('else');
        const rest = this.itemList();
        if (rest.end?.val !== 'end') this.fail(rest.end?.pos ?? pos, `expected end; found {{else}}`);
        elseList = rest.list;
      }
    }
    this.vars.length = mark;
    return { t: kind, pos, pipe, list: body.list, ...(elseList ? { elseList } : {}) };
  }

  private pipeline(context: string, end: 'close' | 'rparen'): Pipe {
    const start = this.peekNonSpace();
    const pipe: Pipe = { pos: start.pos, decl: [], isAssign: false, cmds: [] };
    // Declarations: `$x :=`, `$x =`, and in range `$i, $e :=`.
    if (start.kind === 'variable') {
      const save = this.i;
      this.nextNonSpace();
      const after = this.peekNonSpace();
      if (after.kind === 'declare' || after.kind === 'assign') {
        this.nextNonSpace();
        pipe.decl.push(start.val);
        pipe.isAssign = after.kind === 'assign';
        if (after.kind === 'declare') this.vars.push(start.val);
        else if (!this.vars.includes(start.val)) this.fail(start.pos, `undefined variable "${start.val}"`);
      } else if (after.kind === 'comma' && context === 'range') {
        this.nextNonSpace();
        const second = this.nextNonSpace();
        if (second.kind !== 'variable') this.fail(second.pos, `range can only initialize variables`);
        const op = this.nextNonSpace();
        if (op.kind !== 'declare' && op.kind !== 'assign') this.unexpected(op, 'range');
        pipe.decl.push(start.val, second.val);
        pipe.isAssign = op.kind === 'assign';
        if (!pipe.isAssign) this.vars.push(start.val, second.val);
      } else {
        this.i = save;
      }
    }
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === end) {
        this.nextNonSpace();
        if (pipe.cmds.length === 0) this.fail(t.pos, `missing value for ${context}`);
        pipe.cmds.forEach((c, n) => {
          const first = c.args[0];
          if (n > 0 && ['bool', 'dot', 'nil', 'number', 'string'].includes(first.t)) this.fail(c.pos, `non executable command in pipeline stage ${n + 1}`);
        });
        return pipe;
      }
      if (OPERAND_START.has(t.kind)) pipe.cmds.push(this.command());
      else this.unexpected(this.nextNonSpace(), context);
    }
  }

  private command(): Command {
    const cmd: Command = { pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.skipSpaces();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.kind === 'space') continue;
      if (t.kind === 'close' || t.kind === 'rparen') this.i--;
      else if (t.kind !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail(cmd.pos, 'empty command');
    return cmd;
  }

  private skipSpaces(): void {
    while (this.peek().kind === 'space') this.i++;
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().kind !== 'field') return node;
    const fields: string[] = [];
    while (this.peek().kind === 'field') fields.push(this.next().val.slice(1));
    switch (node.t) {
      case 'field':
        return { ...node, idents: [...node.idents, ...fields] };
      case 'variable':
        return { ...node, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.fail(node.pos, `unexpected . after term ${JSON.stringify(argString(node))}`);
      default:
        return { t: 'chain', pos: node.pos, node, fields };
    }
  }

  private term(): Arg | undefined {
    const t = this.peek();
    switch (t.kind) {
      case 'identifier':
        this.i++;
        if (!this.options.hasFunction(t.val)) this.fail(t.pos, `function "${t.val}" not defined`);
        return { t: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        this.i++;
        return { t: 'dot', pos: t.pos };
      case 'nil':
        this.i++;
        return { t: 'nil', pos: t.pos };
      case 'variable':
        this.i++;
        if (!this.vars.includes(t.val)) this.fail(t.pos, `undefined variable "${t.val}"`);
        return { t: 'variable', pos: t.pos, idents: [t.val] };
      case 'field':
        this.i++;
        return { t: 'field', pos: t.pos, idents: [t.val.slice(1)] };
      case 'bool':
        this.i++;
        return { t: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'char':
      case 'number':
        this.i++;
        return { t: 'number', pos: t.pos, text: t.val, value: t.kind === 'char' ? BigInt(unquoteGo(t.val.slice(1, -1), t.pos, this).codePointAt(0) ?? 0) : this.number(t) };
      case 'lparen': {
        this.i++;
        const pipe = this.pipeline('parenthesized pipeline', 'rparen');
        return { t: 'pipe', pos: t.pos, pipe };
      }
      case 'string':
        this.i++;
        return { t: 'string', pos: t.pos, quoted: t.val, value: unquoteGo(t.val.slice(1, -1), t.pos, this) };
      case 'rawString':
        this.i++;
        return { t: 'string', pos: t.pos, quoted: t.val, value: t.val.slice(1, -1).replace(/\r/g, '') };
      default:
        return undefined;
    }
  }

  private number(t: Token): number | bigint {
    const s = t.val.replace(/_/g, '');
    const bad = () => this.fail(t.pos, `bad number syntax: "${t.val}"`);
    if (/^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.test(s)) {
      const neg = s.startsWith('-');
      const body = s.replace(/^[+-]/, '');
      const normal = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body.replace(/^0[oO]/, '0o');
      const v = BigInt(normal);
      return neg ? -v : v;
    }
    if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return Number(s);
    return bad();
  }

  failAt(pos: number, msg: string): never {
    this.fail(pos, msg);
  }
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** strconv.Unquote's escapes for "..." and '...'. */
function unquoteGo(body: string, pos: number, p: Parser): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in ESCAPES) out += ESCAPES[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) p.failAt(pos, `invalid syntax`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += n;
    } else if (/[0-7]/.test(e)) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else p.failAt(pos, `invalid syntax`);
  }
  return out;
}
