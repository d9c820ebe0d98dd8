// Output formats for validation results: text, the JSON shape of issue 3, SARIF 2.1.0 for code scanning.
import { Diagnostic } from '../types';
import { RULES } from './ruleCatalog';

export interface ReportInput {
  files: number;
  documents: number;
  diagnostics: Diagnostic[];
  toolVersion: string;
  kubernetesVersion: string;
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

function jsonSeverity(s: Diagnostic['severity']): JsonDiagnostic['severity'] {
  return s === 'hint' ? 'info' : s;
}

/** 1-based lines and columns (end column exclusive, as in LSP, plus one). */
export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    file: d.range.file,
    line: d.range.startPos.line + 1,
    column: d.range.startPos.character + 1,
    endLine: d.range.endPos.line + 1,
    endColumn: d.range.endPos.character + 1,
    severity: jsonSeverity(d.severity),
    code: d.code,
    message: d.message,
  };
}

export function formatJson(r: ReportInput): string {
  return JSON.stringify({ version: 1, files: r.files, documents: r.documents, diagnostics: r.diagnostics.map(toJsonDiagnostic) }, null, 2) + '\n';
}

export function formatText(r: ReportInput): string {
  const lines = r.diagnostics.map((d) => {
    const j = toJsonDiagnostic(d);
    return `${j.file}:${j.line}:${j.column}: ${j.severity} ${j.code}: ${j.message}`;
  });
  const count = (s: string) => r.diagnostics.filter((d) => jsonSeverity(d.severity) === s).length;
  lines.push(
    `${r.files} files, ${r.documents} documents checked against Kubernetes ${r.kubernetesVersion}: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes`,
  );
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export function formatSarif(r: ReportInput): string {
  const used = [...new Set(r.diagnostics.map((d) => d.code))].sort();
  const rules = used.map((code) => {
    const info = RULES.get(code);
    return {
      id: code,
      name: info ? info.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')) : code,
      shortDescription: { text: info?.title ?? code },
      fullDescription: { text: info ? `${info.title}. ${info.fix}` : code },
      help: { text: info?.fix ?? '' },
      defaultConfiguration: { level: SARIF_LEVEL[info?.defaultSeverity ?? 'error'] },
    };
  });
  const ruleIndex = new Map(used.map((c, i) => [c, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'reconcile', version: r.toolVersion, rules } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        results: r.diagnostics.map((d) => {
          const j = toJsonDiagnostic(d);
          return {
            ruleId: d.code,
            ruleIndex: ruleIndex.get(d.code),
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(j.file), uriBaseId: '%SRCROOT%' },
                  region: { startLine: j.line, startColumn: j.column, endLine: j.endLine, endColumn: j.endColumn },
                },
              },
            ],
          };
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
