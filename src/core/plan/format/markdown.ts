// The plan as a pull-request comment (GitHub, GitLab, Gitea and Bitbucket markdown): a header with the
// hidden marker the PR update finds, the totals, the risks before anything else, a table per app, live
// impact, what was hidden, then one `<details>` per app with each object's field changes and diff. Built
// as segments so it can be cut into parts under a forge's size cap (split.ts).
import { objectLabel } from '../compareRenders';
import { AppPlan, LiveVerdict, Plan, PlanObject, UnrenderedFile } from '../types';
import { atlantisMarkdown } from './atlantis';
import { Group, Segment, splitSegments, SplitOptions } from './split';
import { appTitles, engineWords, plural, sideLabel, totalsSentence, valueSnippet } from './words';

export const PLAN_MARKER = '<!-- reconcile-plan -->';
export const partMarker = (part: number) => `<!-- reconcile-plan-part:${part} -->`;

export interface MarkdownOptions {
  /** Names for the two sides (branch names in a PR); default the refs of the plan. */
  baseLabel?: string;
  headLabel?: string;
  /** The command that reproduces this plan locally. */
  reproduce?: string;
  /** Free text shown after the header (a revert's explanation, the author's summary). */
  preface?: string;
  /** A note under the totals (e.g. "Opened despite validation errors"). */
  notes?: string[];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the text. */
export function code(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest ? `${ticks} ${s} ${ticks}` : `${ticks}${s}${ticks}`;
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function validationCell(a: AppPlan, validated: boolean): string {
  if (a.status === 'error') return '❌ render failed';
  if (!validated) return 'not run';
  const e = a.diagnostics.filter((d) => d.severity === 'error').length;
  const w = a.diagnostics.filter((d) => d.severity === 'warning').length;
  if (!e && !w) return '✅';
  return `${e ? `❌ ${plural(e, 'error')}` : ''}${e && w ? ', ' : ''}${w ? `⚠️ ${plural(w, 'warning')}` : ''}`;
}

function countOf(a: { objects: PlanObject[] }, k: PlanObject['change']): number {
  return a.objects.filter((o) => o.change === k).length;
}

export function objectEntry(o: PlanObject): string {
  const out = [`**${code(objectLabel(o))}** ${o.change}${o.risks.length ? ' ⚠️' : ''}`];
  for (const f of o.fields.slice(0, 30)) out.push(`- ${code(f.path)}: ${code(valueSnippet(f.before))} → ${code(valueSnippet(f.after))}`);
  if (o.fields.length > 30) out.push(`- … and ${o.fields.length - 30} more fields (see the diff)`);
  const diff = o.diff.replace(/\n+$/, '');
  if (diff) {
    const f = fence(diff);
    out.push('', `${f}diff`, diff, f);
  }
  return out.join('\n') + '\n';
}

function header(p: Plan, o: MarkdownOptions): string {
  const base = o.baseLabel ?? sideLabel(p.base);
  const head = o.headLabel ?? sideLabel(p.head);
  const lines = [PLAN_MARKER, `### Reconcile plan: ${escapeHtml(base)} → ${escapeHtml(head)}`, ''];
  const meta = [`Rendered with the ${engineWords(p)}`, `Reconcile ${p.toolVersion || 'dev'}`];
  if (o.reproduce) meta.push(`reproduce locally: ${code(o.reproduce)}`);
  lines.push(`<sub>${meta.join(' · ')}</sub>`);
  if (o.preface?.trim()) lines.push('', o.preface.trim());
  return lines.join('\n') + '\n';
}

function risks(p: Plan): string | undefined {
  const appTitle = appTitles(p.apps);
  const lines: string[] = [];
  for (const a of p.apps) for (const o of a.objects) for (const r of o.risks) lines.push(`- **${code(objectLabel(o))}** (${escapeHtml(appTitle(a))}): ${escapeHtml(r.reason)}`);
  for (const u of p.unrendered) for (const o of u.objects) for (const r of o.risks) lines.push(`- **${code(objectLabel(o))}** (${code(u.file)}): ${escapeHtml(r.reason)}`);
  for (const a of p.apps.filter((x) => x.status === 'error')) lines.push(`- **${escapeHtml(appTitle(a))}** does not render at the head: ${escapeHtml(a.error ?? '')}`);
  if (!lines.length) return undefined;
  // The risk list is never cut, but a runaway one must not crowd out everything else.
  const shown = lines.slice(0, 200);
  if (lines.length > shown.length) shown.push(`- … and ${lines.length - shown.length} more (run \`reconcile plan\` locally for all of them)`);
  return ['#### ⚠️ Review first', '', ...shown].join('\n') + '\n';
}

function appTable(p: Plan): string {
  if (!p.apps.length) return '';
  const appTitle = appTitles(p.apps);
  const rows = ['| App | Destination | Status | Created | Changed | Deleted | Validation | Selected by |', '|---|---|---|---:|---:|---:|---|---|'];
  for (const a of p.apps) {
    const dest = a.destination ? [a.destination.namespace, a.destination.cluster].filter(Boolean).join(' @ ') : '';
    const by = a.selectedBy.slice(0, 3).map((f) => code(f)).join(', ') + (a.selectedBy.length > 3 ? ` +${a.selectedBy.length - 3}` : '');
    rows.push(`| ${cell(appTitle(a))} | ${cell(dest || '—')} | ${a.status} | ${countOf(a, 'created')} | ${countOf(a, 'changed')} | ${countOf(a, 'deleted')} | ${validationCell(a, p.summary.validation.validated)} | ${cell(by)} |`);
  }
  return rows.join('\n') + '\n';
}

const LIVE_WORDS: Record<LiveVerdict, string> = { 'will-create': 'will be created', 'will-change': 'will change', 'will-delete': 'will be pruned', 'already-matches': 'already matches', unknown: 'unknown' };

function liveSection(p: Plan): string {
  const live = p.live;
  const lines = ['#### Live impact', ''];
  if (!live || !live.computed) {
    lines.push(`Not computed${live?.message ? `: ${escapeHtml(live.message)}` : ' (no cluster given; `reconcile plan --kubeconfig F --context C` compares the head with a cluster, read-only)'}.`);
    return lines.join('\n') + '\n';
  }
  const count = (v: string) => live.objects.filter((x) => x.verdict === v).length;
  lines.push(`Against context ${code(live.context ?? '')}: ${count('will-create')} will be created, ${count('will-change')} will change, ${count('will-delete')} will be pruned, ${count('already-matches')} already match${count('unknown') ? `, ${count('unknown')} unknown` : ''}.`);
  const listed = live.objects.filter((x) => x.verdict !== 'already-matches').slice(0, 50);
  for (const x of listed) lines.push(`- ${LIVE_WORDS[x.verdict]}: ${code(objectLabel(x))}${x.paths.length ? ` (${x.paths.slice(0, 5).map((q) => code(q)).join(', ')}${x.paths.length > 5 ? ', …' : ''})` : ''}${x.reason ? `: ${escapeHtml(x.reason)}` : ''}`);
  for (const n of live.notes) lines.push(`- _${escapeHtml(n)}_`);
  return lines.join('\n') + '\n';
}

function hiddenSection(p: Plan): string | undefined {
  const churnFields = p.apps.reduce((n, a) => n + a.hidden.churnFields, 0);
  const churnObjects = p.apps.reduce((n, a) => n + a.hidden.churnObjects, 0);
  const ignored = p.apps.reduce((n, a) => n + a.hidden.ignoredFields, 0);
  const lines: string[] = [];
  if (churnFields) lines.push(`- Known churn (${p.churnRules.map((r) => code(r)).join(', ')}): ${plural(churnFields, 'label/annotation change')} not listed${churnObjects ? `; ${plural(churnObjects, 'object')} changed only by churn` : ''}.`);
  if (ignored) lines.push(`- Ignore rules (Argo CD \`ignoreDifferences\`): ${plural(ignored, 'field change')} not listed.`);
  return lines.length ? ['#### Hidden', '', ...lines].join('\n') + '\n' : undefined;
}

function appGroup(a: AppPlan, appTitle: (a: AppPlan) => string): Group {
  const summary = escapeHtml(`${appTitle(a)}: ${a.status}`);
  return { id: `app:${a.file}#${a.documentIndex}:${a.name}`, open: `<details><summary>${summary}</summary>\n`, close: '\n</details>\n', reopen: `<details open><summary>${summary} (continued)</summary>\n` };
}

function appSegments(a: AppPlan, appTitle: (a: AppPlan) => string): Segment[] {
  const group = appGroup(a, appTitle);
  const segs: Segment[] = [];
  if (a.error) segs.push({ text: `Render failed at the head: ${escapeHtml(a.error)}\n`, group, label: appTitle(a) });
  if (a.baseError) segs.push({ text: `_The base did not render (${escapeHtml(a.baseError)}); every object is listed as created._\n`, group, label: appTitle(a) });
  for (const o of a.objects) segs.push({ text: objectEntry(o), group, label: `${objectLabel(o)} (${appTitle(a)})` });
  if (a.diagnostics.length) {
    const lines = a.diagnostics.slice(0, 50).map((d) => `- ${code(`${d.file}:${d.line}`)} ${d.severity} ${d.code}: ${escapeHtml(d.message)} (${escapeHtml(d.object)})`);
    if (a.diagnostics.length > 50) lines.push(`- … and ${a.diagnostics.length - 50} more`);
    segs.push({ text: ['**Validation of the head rendering**', '', ...lines].join('\n') + '\n', group, label: `validation of ${appTitle(a)}` });
  }
  return segs;
}

function unrenderedSegments(u: UnrenderedFile): Segment[] {
  const group: Group = { id: `file:${u.file}`, open: `<details><summary>${escapeHtml(u.file)} (objects as written)</summary>\n`, close: '\n</details>\n', reopen: `<details open><summary>${escapeHtml(u.file)} (continued)</summary>\n` };
  return u.objects.map((o) => ({ text: objectEntry(o), group, label: `${objectLabel(o)} (${u.file})` }));
}

const FOOTER = '<sub>Secret values are never shown: a changed Secret key shows a short keyed hash of each value; created or deleted Secrets show their keys only.</sub>\n';

export function planSegments(p: Plan, o: MarkdownOptions = {}): Segment[] {
  const segs: Segment[] = [{ text: header(p, o), pinned: true }, { text: `**${totalsSentence(p)}**\n` + (o.notes?.length ? '\n' + o.notes.map((n) => `> ${n}`).join('\n') + '\n' : ''), pinned: true }];
  const r = risks(p);
  if (r) segs.push({ text: r, pinned: true });
  const table = appTable(p);
  if (table) segs.push({ text: table });
  if (p.atlantis) segs.push({ text: atlantisMarkdown(p.atlantis) });
  segs.push({ text: liveSection(p) });
  const hidden = hiddenSection(p);
  if (hidden) segs.push({ text: hidden });
  const withContent = p.apps.filter((a) => a.objects.length || a.diagnostics.length || a.error);
  if (withContent.length) segs.push({ text: '#### Changes per app\n' });
  const title = appTitles(p.apps);
  for (const a of withContent) segs.push(...appSegments(a, title));
  if (p.unrendered.length) segs.push({ text: '#### Changed files no rendered app covers\n\nNo app renders these files, or the apps that do failed to render at the head; their objects are compared as written.\n' });
  for (const u of p.unrendered) segs.push(...unrenderedSegments(u));
  segs.push({ text: FOOTER });
  return segs;
}

export function renderPlanMarkdown(p: Plan, o: MarkdownOptions = {}): string {
  return planSegments(p, o)
    .map((s, i, all) => {
      const prev = all[i - 1];
      const opening = s.group && s.group.id !== prev?.group?.id ? s.group.open + '\n' : '';
      const next = all[i + 1];
      const closing = s.group && s.group.id !== next?.group?.id ? '\n' + s.group.close : '';
      return opening + s.text + closing;
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** The plan in parts under `cap`: the first is the PR body, the others follow-up comments. */
export function splitPlanMarkdown(p: Plan, o: MarkdownOptions & Partial<Pick<SplitOptions, 'measure' | 'maxParts'>> & { cap: number; where?: string }): string[] {
  return splitSegments(planSegments(p, o), {
    cap: o.cap,
    measure: o.measure,
    maxParts: o.maxParts ?? 20,
    continuation: (part, parts) => `${partMarker(part)}\n_Reconcile plan, continued from ${o.where ?? 'the pull request description'} (part ${part} of ${parts})._\n`,
    movedNote: (items, parts) => `_This plan is longer than the forge allows in one place: ${plural(items, 'more entry', 'more entries')} continue in ${plural(parts - 1, 'comment')} below._`,
    droppedNote: (labels) =>
      `_Left out to stay within ${o.cap.toLocaleString('en-US')} ${o.measure ? 'bytes' : 'characters'}: ${labels.slice(0, 10).map((l) => escapeHtml(l.length > 80 ? l.slice(0, 79) + '…' : l)).join('; ')}${labels.length > 10 ? `; and ${labels.length - 10} more` : ''}. Run \`reconcile plan\` locally for the whole plan._`,
  });
}
