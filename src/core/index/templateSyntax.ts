// When `{{ }}` in a manifest is template syntax, and when it is just text.
//
// Real repositories carry `{{ }}` inside ordinary string values: Prometheus alert annotations, Alertmanager
// templates, Argo CD ApplicationSet templates, Argo Workflows parameters, Grafana dashboards. The API server
// stores those strings as written, so they are validated like any other value. `{{ }}` is template syntax
// only where YAML cannot read it as text: a value that starts with `{{` (YAML reads a flow mapping whose key
// is itself a mapping), or a document that does not parse at all until its placeholders are filled in. Such
// a document is input for some other tool (a Jinja or Go template), so it is reported once (RC1002) and not
// schema-checked. The parser decides, never a search of the text: `{{` in a comment or a string proves nothing.
import { IndexError } from './model';

/** One `{{ ... }}` action on one line, Go-template or Jinja style. */
const ACTION = /\{\{.*?\}\}/g;

/** js-yaml stringifies a mapping used as a key to this; `{{x}}` is such a mapping (`{ {x: null}: null }`). */
const MAPPING_KEY = '[object Object]';

export const TEMPLATE_MESSAGE_UNPARSED =
  'This document is a template: its {{ }} placeholders are not valid YAML as written, so it was not checked. Validate the rendered output instead.';
export const TEMPLATE_MESSAGE_PARSED =
  'This document is a template: YAML reads its unquoted {{ }} placeholders as mappings, not text, so schema checks were skipped. Quote a placeholder meant as text ("{{ x }}"); otherwise validate the rendered output.';

/** Whether a parsed value holds a `{{ }}` that YAML read as a mapping rather than as text. */
export function hasTemplateMapping(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(o, MAPPING_KEY)) return true;
      for (const key in o) stack.push(o[key]);
    }
  }
  return false;
}

/**
 * The document's text with its placeholders filled in: a line holding nothing but actions (`{{- if .x }}`,
 * `{{ toYaml . | nindent 4 }}`) becomes blank, any other action becomes a plain word of the same length,
 * so line numbers stay put.
 */
export function fillPlaceholders(src: string): string {
  return src
    .split('\n')
    .map((line) => {
      if (!line.includes('{{')) return line;
      const filled = line.replace(ACTION, (a) => 'x'.repeat(a.length));
      return line.replace(ACTION, '').trim() === '' ? '' : filled;
    })
    .join('\n');
}

/**
 * For a document that failed to parse: whether its `{{ }}` placeholders are what broke it (it parses once they
 * are filled in). Then the failure is reported as an RC1002 note at the placeholder, not as a syntax error.
 */
export function templateParseNote(
  file: string,
  src: string,
  firstLine: number,
  documentIndex: number,
  errorLine: number | undefined,
  parses: (text: string) => boolean,
): IndexError | undefined {
  if (!src.includes('{{') || !parses(fillPlaceholders(src))) return undefined;
  return { file, ...placeholderPosition(src, firstLine, errorLine), message: TEMPLATE_MESSAGE_UNPARSED, code: 'RC1002', severity: 'info', documentIndex };
}

/** The placeholder on the line the parser stopped at, else the document's first one. */
function placeholderPosition(src: string, firstLine: number, errorLine: number | undefined): { line: number; character: number } {
  const lines = src.split('\n');
  const onError = errorLine !== undefined ? lines[errorLine - firstLine]?.indexOf('{{') ?? -1 : -1;
  if (errorLine !== undefined && onError !== -1) return { line: errorLine, character: onError };
  const i = lines.findIndex((l) => l.includes('{{'));
  return { line: firstLine + Math.max(i, 0), character: Math.max(lines[i]?.indexOf('{{') ?? 0, 0) };
}
