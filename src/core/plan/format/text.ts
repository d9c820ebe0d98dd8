// The plan for a terminal, Terraform-style: per app a line with its status, then `+` created, `~` changed
// (with its changed fields), `-` deleted objects; risks first; validation findings at their sources; the
// totals sentence last.
import { objectLabel } from '../compareRenders';
import { Plan, PlanObject } from '../types';
import { atlantisTextLines } from './atlantis';
import { appTitle, sideLabel, totalsSentence, valueSnippet } from './words';

const MARK: Record<PlanObject['change'], string> = { created: '+', changed: '~', deleted: '-' };

function objectLines(o: PlanObject, indent: string): string[] {
  const out = [`${indent}${MARK[o.change]} ${objectLabel(o)}`];
  for (const f of o.fields) out.push(`${indent}    ${f.path}: ${valueSnippet(f.before, 80)} → ${valueSnippet(f.after, 80)}`);
  return out;
}

export function renderPlanText(p: Plan): string {
  const out = [`Plan: ${sideLabel(p.base)} → ${sideLabel(p.head)}; ${p.changedFiles.length} changed file${p.changedFiles.length === 1 ? '' : 's'}, ${p.stats.appsAffected} of ${p.stats.appsTotal} apps affected.`];
  const risks = p.apps.flatMap((a) => a.objects.flatMap((o) => o.risks.map((r) => `  ! ${objectLabel(o)} (${appTitle(a)}): ${r.reason}`)));
  for (const u of p.unrendered) for (const o of u.objects) for (const r of o.risks) risks.push(`  ! ${objectLabel(o)} (${u.file}): ${r.reason}`);
  if (risks.length) out.push('', 'Review first:', ...risks);
  for (const a of p.apps) {
    out.push('', `${appTitle(a)} [${a.file}]: ${a.status}${a.selectedBy.length ? ` (by ${a.selectedBy.slice(0, 3).join(', ')}${a.selectedBy.length > 3 ? ', …' : ''})` : ''}`);
    if (a.error) out.push(`  render failed: ${a.error}`);
    if (a.baseError) out.push(`  (the base did not render: ${a.baseError})`);
    for (const o of a.objects) out.push(...objectLines(o, '  '));
    for (const d of a.diagnostics) out.push(`  ${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message} (${d.object})`);
    const h = a.hidden;
    if (h.churnFields || h.ignoredFields) out.push(`  (hidden: ${h.churnFields} churn field change${h.churnFields === 1 ? '' : 's'}${h.ignoredFields ? `, ${h.ignoredFields} ignored by rules` : ''})`);
  }
  for (const u of p.unrendered) {
    out.push('', `${u.file} (not covered by a rendered app; objects as written):`);
    for (const o of u.objects) out.push(...objectLines(o, '  '));
  }
  if (p.atlantis) out.push('', ...atlantisTextLines(p.atlantis));
  out.push('');
  if (p.live?.computed) {
    const n = (v: string) => p.live!.objects.filter((x) => x.verdict === v).length;
    out.push(`Live (${p.live.context}): ${n('will-create')} will be created, ${n('will-change')} will change, ${n('will-delete')} will be pruned, ${n('already-matches')} already match.`);
    for (const x of p.live.objects.filter((y) => y.verdict !== 'already-matches')) out.push(`  ${x.verdict}: ${objectLabel(x)}${x.paths.length ? ` (${x.paths.join(', ')})` : ''}`);
    for (const note of p.live.notes) out.push(`  note: ${note}`);
  } else out.push(`Live impact: ${p.live?.message ?? 'not computed (no cluster given)'}.`);
  out.push(`Plan: ${totalsSentence(p)}`);
  return out.join('\n') + '\n';
}
