// A plan view as text (terminal), Markdown (a pull request comment) and JSON. They print only the view's
// display strings, never the plan file's values: sensitive values are already "(sensitive)" there.
import { declarationOf } from '../addresses';
import { TerraformIndex } from '../terraformIndex';
import { AttributeChange, OutputChangeView, PlanAction, PlanSummary, PlanView, ResourceChangeView } from './planView';

const SYMBOL: Record<PlanAction, string> = { create: '+', update: '~', delete: '-', replace: '-/+', read: '<=', 'no-op': ' ', forget: '.' };

const REASONS: Record<string, string> = {
  replace_because_tainted: 'tainted',
  replace_because_cannot_update: 'an attribute that cannot change in place',
  replace_by_request: 'requested with -replace',
  replace_by_triggers: 'replace_triggered_by',
  delete_because_no_resource_config: 'no longer in the configuration',
  delete_because_wrong_repetition: 'count/for_each changed shape',
  delete_because_count_index: 'count index out of range',
  delete_because_each_key: 'for_each key removed',
  delete_because_no_module: 'its module was removed',
  delete_because_no_move_target: 'moved to an address that does not exist',
  read_because_config_unknown: 'configuration known only after apply',
  read_because_dependency_pending: 'a dependency has pending changes',
  read_because_check_nested: 'a check block reads it',
};

/** Resolves declarations through the Terraform index, from the root module directory the plan was made in. */
export function attachSources(view: PlanView, index: Pick<TerraformIndex, 'modules'>, rootDir: string): void {
  for (const c of [...view.changes, ...view.drift]) {
    const d = declarationOf(index, rootDir, c.address);
    if (d) c.source = { file: d.file.path, line: d.resource.range.startPos.line + 1 };
  }
}

export function summaryLine(s: PlanSummary): string {
  const parts = [`${s.create} to add`, `${s.update} to change`, `${s.delete} to destroy`];
  if (s.replace) parts.push(`${s.replace} to replace`);
  if (s.read) parts.push(`${s.read} to read`);
  if (s.forget) parts.push(`${s.forget} to forget`);
  if (s.move) parts.push(`${s.move} moved`);
  if (s.import) parts.push(`${s.import} to import`);
  const head = s.create + s.update + s.delete + s.replace + s.forget + s.move + s.import === 0 ? 'No changes.' : `Plan: ${parts.join(', ')}.`;
  return s.drift ? `${head} ${s.drift} changed outside Terraform.` : head;
}

function reasonText(c: ResourceChangeView): string {
  const bits: string[] = [];
  if (c.actionReason) bits.push(REASONS[c.actionReason] ?? c.actionReason);
  if (c.action === 'replace') bits.push(c.actions[0] === 'create' ? 'create before destroy' : 'destroy before create');
  if (c.replacePaths.length) bits.push(`forced by ${c.replacePaths.join(', ')}`);
  if (c.previousAddress && c.previousAddress !== c.address) bits.push(`moved from ${c.previousAddress}`);
  if (c.importing) bits.push(`import${c.importing.id ? ` ${c.importing.id}` : ''}`);
  return bits.join('; ');
}

function attributeLine(a: AttributeChange): string {
  const mark = a.kind === 'added' ? '+' : a.kind === 'removed' ? '-' : '~';
  const value = a.kind === 'added' ? a.after : a.kind === 'removed' ? a.before : `${a.before} → ${a.after}`;
  return `${mark} ${a.path} = ${value}${a.forcesReplacement ? '  # forces replacement' : ''}`;
}

function outputLine(o: OutputChangeView): string {
  const mark = SYMBOL[o.action];
  const value = o.action === 'update' ? `${o.before} → ${o.after}` : o.action === 'delete' ? o.before : o.after;
  return `${mark} ${o.name} = ${value ?? 'null'}`;
}

const MAX_ATTRIBUTES = 50;

function resourceLines(c: ResourceChangeView, indent: string): string[] {
  const reason = reasonText(c);
  const where = c.source ? `  (${c.source.file}:${c.source.line})` : '';
  const lines = [`${indent}${SYMBOL[c.action].padEnd(3)} ${c.address}${reason ? ` — ${reason}` : ''}${where}`];
  for (const a of c.attributes.slice(0, MAX_ATTRIBUTES)) lines.push(`${indent}      ${attributeLine(a)}`);
  if (c.attributes.length > MAX_ATTRIBUTES) lines.push(`${indent}      … ${c.attributes.length - MAX_ATTRIBUTES} more attributes`);
  return lines;
}

export function formatPlanText(view: PlanView): string {
  const lines = [summaryLine(view.summary)];
  if (view.errored) lines.push('The plan errored: Terraform stopped before it finished; the changes below are incomplete.');
  if (view.drift.length) {
    lines.push('', 'Changed outside Terraform:');
    for (const c of view.drift) lines.push(...resourceLines(c, '  '));
  }
  if (view.changes.length) {
    lines.push('', 'Resource changes:');
    for (const c of view.changes) lines.push(...resourceLines(c, '  '));
  }
  if (view.outputs.length) {
    lines.push('', 'Outputs:');
    for (const o of view.outputs) lines.push(`  ${outputLine(o)}`);
  }
  return lines.join('\n') + '\n';
}

/** Text inside a Markdown table cell or a code span: pipes and backticks would break it. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\n/g, ' ');
}

export function formatPlanMarkdown(view: PlanView): string {
  const s = view.summary;
  const lines = [`### Terraform plan: ${summaryLine(s)}`, ''];
  if (view.errored) lines.push('> **The plan errored**: the changes below are incomplete.', '');
  lines.push('| add | change | destroy | replace | read | forget | moved | import | drift |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|', `| ${s.create} | ${s.update} | ${s.delete} | ${s.replace} | ${s.read} | ${s.forget} | ${s.move} | ${s.import} | ${s.drift} |`, '');
  const section = (title: string, list: ResourceChangeView[]) => {
    if (!list.length) return;
    lines.push(`#### ${title}`, '');
    for (const c of list) {
      const reason = reasonText(c);
      const where = c.source ? ` — \`${cell(c.source.file)}:${c.source.line}\`` : '';
      lines.push(`<details><summary><code>${SYMBOL[c.action]}</code> <code>${cell(c.address)}</code> ${c.action}${reason ? ` (${cell(reason)})` : ''}${where}</summary>`, '');
      if (c.attributes.length) {
        lines.push('```diff');
        for (const a of c.attributes.slice(0, MAX_ATTRIBUTES)) {
          const prefix = a.kind === 'added' ? '+' : a.kind === 'removed' ? '-' : '!';
          lines.push(`${prefix} ${attributeLine(a).slice(2).replace(/```/g, "'''")}`);
        }
        if (c.attributes.length > MAX_ATTRIBUTES) lines.push(`# … ${c.attributes.length - MAX_ATTRIBUTES} more attributes`);
        lines.push('```');
      }
      lines.push('', '</details>', '');
    }
  };
  section('Changed outside Terraform', view.drift);
  section('Resource changes', view.changes);
  if (view.outputs.length) {
    lines.push('#### Outputs', '', '| output | action | before | after |', '|---|---|---|---|');
    for (const o of view.outputs) lines.push(`| \`${cell(o.name)}\` | ${o.action} | ${o.before === undefined ? '' : `\`${cell(o.before)}\``} | ${o.after === undefined ? '' : `\`${cell(o.after)}\``} |`);
    lines.push('');
  }
  return lines.join('\n');
}

export function planJsonReport(view: PlanView): object {
  return { version: 1, formatVersion: view.formatVersion, terraformVersion: view.terraformVersion ?? null, errored: view.errored, summary: view.summary, changes: view.changes, drift: view.drift, outputs: view.outputs };
}
