// A plan view as a tree for an editor view: changes outside Terraform first, then one node per module (root
// module first) holding its resources, each holding its attribute changes, then the outputs. Plain data with
// stable ids; the VS Code tree provider only maps nodes to items.
import { AttributeChange, OutputChangeView, PlanAction, PlanView, ResourceChangeView } from './planView';
import { summaryLine } from './formatPlan';

export type PlanTreeNode =
  | { kind: 'summary'; id: string; label: string }
  | { kind: 'group'; id: string; label: string; description?: string; children: PlanTreeNode[] }
  | { kind: 'resource'; id: string; label: string; description: string; action: PlanAction; change: ResourceChangeView; drift: boolean; children: PlanTreeNode[] }
  | { kind: 'attribute'; id: string; label: string; description: string; attribute: AttributeChange }
  | { kind: 'output'; id: string; label: string; description: string; output: OutputChangeView };

function attributeNodes(parent: string, c: ResourceChangeView): PlanTreeNode[] {
  return c.attributes.map((a) => ({
    kind: 'attribute',
    id: `${parent}/${a.path}`,
    label: a.path,
    description: (a.kind === 'added' ? `+ ${a.after}` : a.kind === 'removed' ? `- ${a.before}` : `${a.before} → ${a.after}`) + (a.forcesReplacement ? '  (forces replacement)' : ''),
    attribute: a,
  }));
}

function resourceNode(c: ResourceChangeView, drift: boolean): PlanTreeNode {
  const id = `${drift ? 'drift' : 'change'}:${c.address}`;
  const prefix = c.moduleAddress ? `${c.moduleAddress}.` : '';
  const local = c.address.startsWith(prefix) ? c.address.slice(prefix.length) : c.address;
  const notes = [c.action, c.previousAddress && c.previousAddress !== c.address ? `moved from ${c.previousAddress}` : '', c.importing ? 'import' : ''].filter(Boolean);
  return { kind: 'resource', id, label: local, description: notes.join(', '), action: c.action, change: c, drift, children: attributeNodes(id, c) };
}

export function planTree(view: PlanView): PlanTreeNode[] {
  const out: PlanTreeNode[] = [{ kind: 'summary', id: 'summary', label: summaryLine(view.summary) }];
  if (view.drift.length) out.push({ kind: 'group', id: 'drift', label: 'Changed outside Terraform', description: `${view.drift.length}`, children: view.drift.map((c) => resourceNode(c, true)) });
  const byModule = new Map<string, ResourceChangeView[]>();
  for (const c of view.changes) {
    const m = c.moduleAddress ?? '';
    byModule.set(m, [...(byModule.get(m) ?? []), c]);
  }
  for (const m of [...byModule.keys()].sort()) {
    const list = byModule.get(m)!;
    out.push({ kind: 'group', id: `module:${m}`, label: m || '(root module)', description: `${list.length} change${list.length === 1 ? '' : 's'}`, children: list.map((c) => resourceNode(c, false)) });
  }
  if (view.outputs.length) {
    out.push({
      kind: 'group',
      id: 'outputs',
      label: 'Outputs',
      description: `${view.outputs.length}`,
      children: view.outputs.map((o) => ({ kind: 'output', id: `output:${o.name}`, label: o.name, description: o.action === 'update' ? `${o.before} → ${o.after}` : `${o.action}: ${o.action === 'delete' ? o.before : o.after}`, output: o })),
    });
  }
  return out;
}
