// The autoplan prediction and the atlantis.yaml problems as the CLI prints them: JSON (version 1) and text.
import { Diagnostic } from '../types';
import { JsonDiagnostic, toJsonDiagnostic } from '../validate/report';
import { AtlantisRepo } from './atlantisRepo';
import { AutoplanPrediction, PlannedProject, ProjectView } from './autoplan';

export interface AtlantisProjectsJson {
  version: 1;
  config: string | null;
  modified: string[];
  projects: ProjectView[];
  planned: PlannedProject[];
  skipped: Array<PlannedProject & { reason: string }>;
  autodiscover: AutoplanPrediction['autodiscover'];
  refused?: string;
  server?: { matched: string[]; allowedOverrides: string[]; allowCustomWorkflows: boolean };
  diagnostics: JsonDiagnostic[];
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : a.range.start - b.range.start));
}

export function toProjectsJson(repo: AtlantisRepo, modified: readonly string[], prediction: AutoplanPrediction): AtlantisProjectsJson {
  return {
    version: 1,
    config: repo.configFile,
    modified: [...modified],
    projects: prediction.projects,
    planned: prediction.planned,
    skipped: prediction.skipped,
    autodiscover: prediction.autodiscover,
    ...(prediction.refused ? { refused: prediction.refused } : {}),
    ...(repo.server ? { server: { matched: repo.server.settings.matched, allowedOverrides: repo.server.settings.allowedOverrides, allowCustomWorkflows: repo.server.settings.allowCustomWorkflows } } : {}),
    diagnostics: sortDiagnostics(repo.diagnostics).map(toJsonDiagnostic),
  };
}

function label(p: { name: string | null; dir: string; workspace: string }): string {
  return `${p.name ? `${p.name} ` : ''}(dir ${p.dir}, workspace ${p.workspace})`;
}

export function formatDiagnosticsText(ds: Diagnostic[]): string[] {
  return sortDiagnostics(ds).map((d) => {
    const j = toJsonDiagnostic(d);
    return `${j.file}:${j.line}:${j.column}: ${j.severity} ${j.code}: ${j.message}`;
  });
}

export function formatProjectsText(repo: AtlantisRepo, modified: readonly string[], prediction: AutoplanPrediction): string {
  const lines: string[] = [];
  lines.push(repo.configFile ? `Config: ${repo.configFile} (${prediction.projects.length} project${prediction.projects.length === 1 ? '' : 's'})` : 'Config: none (Atlantis discovers projects from the modified files)');
  lines.push(`Autodiscover: ${prediction.autodiscover.mode}${prediction.autodiscover.enabled ? ' (on)' : ' (off)'}`);
  lines.push(`Modified files: ${modified.length}`);
  if (prediction.refused) lines.push('', `No autoplan: ${prediction.refused}`);
  else if (prediction.planned.length === 0) lines.push('', 'Atlantis would plan nothing for these changes.');
  else {
    lines.push('', `Atlantis would plan ${prediction.planned.length} project${prediction.planned.length === 1 ? '' : 's'}:`);
    for (const p of prediction.planned) {
      lines.push(`  ${label(p)}${p.source === 'autodiscover' ? ' [discovered]' : ''}`);
      for (const m of p.matched.slice(0, 5)) lines.push(`      ${m.file}  ← ${m.pattern}`);
      if (p.matched.length > 5) lines.push(`      … ${p.matched.length - 5} more`);
    }
  }
  if (prediction.skipped.length) {
    lines.push('', 'Touched but not autoplanned:');
    for (const p of prediction.skipped) lines.push(`  ${label(p)}: ${p.reason}`);
  }
  const problems = formatDiagnosticsText(repo.diagnostics);
  if (problems.length) lines.push('', ...problems);
  return lines.join('\n') + '\n';
}
