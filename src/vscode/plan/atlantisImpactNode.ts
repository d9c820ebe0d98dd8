// The Change Impact view's "Atlantis will plan" node: one child per project Atlantis would autoplan, with the
// changed files and the patterns that triggered it; projects touched but not autoplanned and the config's
// problems as notes. No `vscode` import (unit-tested with the rest of the model).
import type { AtlantisPlanSection } from '../../core/plan/atlantisSection';
import type { PlanDiagnostic } from '../../core/plan/types';
import { projectTitle, sectionSource, triggerWords } from '../../core/plan/format/atlantis';
import type { ImpactNode } from './impactModel';

/** `diagnostics`: the model's lookup, so a click on a config problem reveals its line like any finding. */
export function atlantisImpactNode(s: AtlantisPlanSection, diagnostics: Map<string, PlanDiagnostic>): ImpactNode {
  const id = 'atlantis';
  const children: ImpactNode[] = [];
  if (s.refused) children.push({ id: `${id}#refused`, kind: 'error', label: s.refused, tooltip: s.refused, children: [] });
  s.planned.forEach((p, i) => {
    const pid = `${id}#p${i}:${p.dir}|${p.workspace}|${p.name ?? ''}`;
    children.push({
      id: pid,
      kind: 'project',
      label: p.name ?? p.dir,
      description: `${p.name ? `${p.dir} · ` : ''}workspace ${p.workspace}${p.source === 'autodiscover' ? ' · discovered' : ''}`,
      tooltip: `${projectTitle(p)}\n${p.source === 'autodiscover' ? 'found by auto-discovery' : 'configured in the repo config'}\n${p.matched.map(triggerWords).join('\n')}`,
      children: p.matched.map((m, j): ImpactNode => ({
        id: `${pid}#m${j}`,
        kind: 'trigger',
        label: m.file,
        description: m.reason === 'module' ? m.pattern : `← ${m.pattern}`,
        tooltip: triggerWords(m),
        children: [],
      })),
    });
  });
  s.skipped.forEach((p, i) => children.push({ id: `${id}#s${i}:${p.dir}|${p.workspace}`, kind: 'note', label: `Not autoplanned: ${projectTitle(p)}`, tooltip: p.reason, children: [] }));
  s.diagnostics.forEach((d, i) => {
    const did = `${id}#d${i}`;
    diagnostics.set(did, { ...d, object: d.file });
    children.push({ id: did, kind: 'diagnostic', label: `${d.code} ${d.message}`, description: `${d.file}:${d.line}`, tooltip: `${d.severity} ${d.code}: ${d.message}\n${d.file}:${d.line}`, severity: d.severity, children: [] });
  });
  const what = s.refused ? 'refuses the config' : s.planned.length ? `${s.planned.length} project${s.planned.length === 1 ? '' : 's'}` : 'nothing';
  return { id, kind: 'atlantis', label: 'Atlantis will plan', description: what, tooltip: `Predicted from ${sectionSource(s)}, the way Atlantis autoplans the pull request.`, children };
}
