// Problems (YAML paths) → diagnostics (exact ranges), for one file: applies suppression comments and
// severity overrides, and settles the YAML 1.1 checks that need to know whether a scalar was quoted. Only
// files with problems get here.
import { isScalar, Node as YamlNode } from 'yaml';
import { IndexedFile, IndexError } from '../index/model';
import { documentWithPositions, lineIndexOf, rangeOfPath } from '../index/parse';
import { Diagnostic, Severity, SourceRange } from '../types';
import { Problem, YamlPath } from './problem';
import { SeverityOverrides, severityOf } from './ruleCatalog';
import { readSuppressions } from './suppression';

export function problemsToDiagnostics(
  file: IndexedFile,
  text: string,
  perDoc: Map<number, Problem[]>,
  errors: IndexError[],
  overrides: SeverityOverrides | undefined,
): Diagnostic[] {
  const lines = lineIndexOf(text);
  const suppressions = readSuppressions(text);
  const docStart = new Map(file.documents.map((d) => [d.index, d.startLine]));
  const out: Diagnostic[] = [];
  const push = (code: string, fallback: Severity, message: string, range: SourceRange, docStartLine: number, fixes?: Diagnostic['fixes'], override?: Severity) => {
    const severity = overrides?.[code] !== undefined ? severityOf(code, overrides, fallback) : override ?? severityOf(code, undefined, fallback);
    if (!severity) return;
    if (suppressions.isSuppressed(code, range.startPos.line, docStartLine)) return;
    out.push({ code, severity, message, range, ...(fixes && fixes.length ? { fixes } : {}) });
  };
  for (const e of errors) {
    const start = lines.offsetAt(e.line, e.character);
    const lineEnd = text.indexOf('\n', start);
    const end = lineEnd === -1 ? text.length : lineEnd;
    const range: SourceRange = { file: file.path, start, end, startPos: { line: e.line, character: e.character }, endPos: lines.positionAt(end) };
    push(e.code, e.severity, e.message, range, e.documentIndex !== undefined ? docStart.get(e.documentIndex) ?? 0 : 0);
  }
  for (const [docIndex, found] of perDoc) {
    const startLine = docStart.get(docIndex) ?? 0;
    for (const p of found) {
      if (p.onlyIfPlain || p.unlessPlain) {
        const plain = isPlainScalar(text, docIndex, p.path);
        if ((p.onlyIfPlain && !plain) || (p.unlessPlain && plain)) continue;
      }
      const range = p.span
        ? { file: file.path, start: p.span.start, end: p.span.end, startPos: lines.positionAt(p.span.start), endPos: lines.positionAt(p.span.end) }
        : rangeOfPath(file.path, text, docIndex, p.path, p.which) ?? wholeLine(file.path, lines, startLine, text);
      const fixes = p.fix ? [{ title: p.fix.title, edits: [{ range: rangeOfPath(file.path, text, docIndex, p.fix.path, p.fix.which) ?? range, newText: p.fix.newText }] }] : undefined;
      push(p.code, 'error', p.message, range, startLine, fixes, p.severity);
    }
  }
  out.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
  return out;
}

function isPlainScalar(text: string, documentIndex: number, path: YamlPath): boolean {
  const located = documentWithPositions(text, documentIndex);
  const node = located?.doc.getIn(path, true) as YamlNode | undefined;
  return isScalar(node) && node.type === 'PLAIN';
}

function wholeLine(file: string, lines: ReturnType<typeof lineIndexOf>, line: number, text: string): SourceRange {
  const start = lines.offsetAt(line, 0);
  const nl = text.indexOf('\n', start);
  const end = nl === -1 ? text.length : nl;
  return { file, start, end, startPos: lines.positionAt(start), endPos: lines.positionAt(end) };
}
