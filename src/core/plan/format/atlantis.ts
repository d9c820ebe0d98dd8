// The plan's "Atlantis will plan" section in text and Markdown: each project with the changed files and
// the patterns that triggered it (when_modified as written, the autoplan file list, or a traced module),
// projects touched but not autoplanned, and the config problems that would make Atlantis refuse to plan.
import type { AtlantisPlanSection } from '../atlantisSection';
import { code } from './markdown';
import { plural } from './words';

type Planned = AtlantisPlanSection['planned'][number];

const SHOWN_MATCHES = 5;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function projectTitle(p: Pick<Planned, 'name' | 'dir' | 'workspace'>): string {
  return `${p.name ? `${p.name} ` : ''}(dir ${p.dir}, workspace ${p.workspace})`;
}

/** Where the projects come from, in a few words: "atlantis.yaml", "auto-discovered", both, with module tracing. */
export function sectionSource(s: AtlantisPlanSection): string {
  const from = s.config ? (s.autodiscover.enabled ? `${s.config} and auto-discovery` : s.config) : 'auto-discovery (no atlantis.yaml)';
  return `${from}${s.autoplanModules ? ', module tracing on' : ''}`;
}

/** One trigger as a reader sees it: `modules/vpc/main.tf ← ../modules/vpc/*.tf`. */
export function triggerWords(m: Planned['matched'][number]): string {
  return m.reason === 'module' ? `${m.file} ← ${m.pattern} (used by the project)` : `${m.file} ← ${m.pattern}`;
}

/** The headline: how many projects, or why none. */
export function sectionHeadline(s: AtlantisPlanSection): string {
  if (s.refused) return `Atlantis will not plan: ${s.refused}`;
  if (!s.planned.length) return `Atlantis will plan nothing for this change (${sectionSource(s)}).`;
  return `Atlantis will plan ${plural(s.planned.length, 'project')} (${sectionSource(s)}):`;
}

export function atlantisTextLines(s: AtlantisPlanSection): string[] {
  const out = [sectionHeadline(s)];
  for (const p of s.planned) {
    out.push(`  ${projectTitle(p)}${p.source === 'autodiscover' ? ' [discovered]' : ''}`);
    for (const m of p.matched.slice(0, SHOWN_MATCHES)) out.push(`      ${triggerWords(m)}`);
    if (p.matched.length > SHOWN_MATCHES) out.push(`      … ${p.matched.length - SHOWN_MATCHES} more`);
  }
  if (s.skipped.length) {
    out.push('  Touched but not autoplanned:');
    for (const p of s.skipped) out.push(`    ${projectTitle(p)}: ${p.reason}`);
  }
  for (const d of s.diagnostics) out.push(`  ${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
  return out;
}

function triggerCell(p: Planned): string {
  const shown = p.matched.slice(0, SHOWN_MATCHES).map((m) => (m.reason === 'module' ? `${code(m.file)} (module ${code(m.pattern.replace(/^module /, ''))})` : `${code(m.file)} ← ${code(m.pattern)}`));
  if (p.matched.length > SHOWN_MATCHES) shown.push(`+${p.matched.length - SHOWN_MATCHES} more`);
  return shown.join('<br>');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function atlantisMarkdown(s: AtlantisPlanSection): string {
  const lines = ['#### Atlantis will plan', ''];
  if (s.refused) lines.push(`❌ ${escapeHtml(s.refused)}`);
  else if (!s.planned.length) lines.push(`Nothing: no project's patterns match the changed files (${escapeHtml(sectionSource(s))}).`);
  else {
    lines.push(`${plural(s.planned.length, 'project')}, from ${escapeHtml(sectionSource(s))}, in the order Atlantis plans them:`, '');
    lines.push('| Project | Dir | Workspace | Triggered by |', '|---|---|---|---|');
    for (const p of s.planned) {
      const name = p.name ? escapeHtml(p.name) : p.source === 'autodiscover' ? '_discovered_' : '—';
      lines.push(`| ${cell(name)} | ${cell(code(p.dir))} | ${cell(code(p.workspace))} | ${cell(triggerCell(p))} |`);
    }
  }
  if (s.skipped.length) {
    lines.push('', 'Touched but not autoplanned:');
    for (const p of s.skipped) lines.push(`- ${code(projectTitle(p))}: ${escapeHtml(p.reason)}`);
  }
  if (s.diagnostics.length) {
    lines.push('', `Problems in ${code(s.config ?? 'the Atlantis config')}:`);
    for (const d of s.diagnostics.slice(0, 20)) lines.push(`- ${code(`${d.file}:${d.line}`)} ${d.severity} ${d.code}: ${escapeHtml(d.message)}`);
    if (s.diagnostics.length > 20) lines.push(`- … and ${s.diagnostics.length - 20} more (\`reconcile atlantis validate\`)`);
  }
  lines.push('', '<sub>Predicted from the files the way Atlantis autoplans (when_modified, auto-discovery, module tracing); `reconcile atlantis projects` shows the same.</sub>');
  return lines.join('\n') + '\n';
}
