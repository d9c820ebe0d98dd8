// The "sync-ready" pull request body: what the change does to the cluster, per app, in markdown
// that renders on GitHub, GitLab, Gitea and Bitbucket. A pure function over plain data, so the
// drift and render stages can feed it whatever they computed.
import { ResourceId } from '../types';

export type ChangeKind = 'create' | 'update' | 'delete';

export interface ObjectChange {
  /** App the object belongs to (a kustomization path, Flux Kustomization or Argo CD Application). */
  app: string;
  id: ResourceId;
  change: ChangeKind;
  /** Unified diff of the rendered object (desired against live or against the base), if known. */
  diff?: string;
}

export interface ValidationSummary {
  errors: number;
  warnings: number;
  /** The user chose to open the PR despite errors. */
  overridden?: boolean;
  /** A few lines like `apps/web.yaml:12 RC1001 ...`. */
  details?: string[];
}

export interface PrBodyInput {
  /** Free text the user wrote, shown first. */
  summary?: string;
  changes: ObjectChange[];
  validation?: ValidationSummary;
  /** Files the commit changes. */
  files?: string[];
  /** 'cluster': live diff; 'render': rendered base branch; 'files': the changed files' objects, unrendered. */
  comparedWith?: 'cluster' | 'render' | 'files';
  toolVersion: string;
  /** Body size budget; GitHub rejects bodies over 65,536 characters. */
  maxLength?: number;
}

const MASK = '<masked>';
const LABEL: Record<ChangeKind, string> = { create: 'created', update: 'changed', delete: 'deleted' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function appLabel(app: string): string {
  return app === '.' || app === '' ? '(repository root)' : app;
}

export function objectLabel(id: ResourceId): string {
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

function isSecret(id: ResourceId): boolean {
  return id.group === '' && id.kind === 'Secret';
}

/**
 * Masks values in a diff of a YAML object: everything under `data:`/`stringData:` of a Secret, and
 * the last-applied annotation everywhere (it embeds the whole object, Secret data included).
 */
export function maskDiff(diff: string, secret: boolean): string {
  let maskIndent = -1;
  return diff
    .split('\n')
    .map((line) => {
      if (/^(---|\+\+\+|@@)/.test(line)) {
        maskIndent = -1;
        return line;
      }
      const marker = line.slice(0, 1);
      const body = line.slice(1);
      const indent = body.length - body.trimStart().length;
      if (maskIndent >= 0) {
        if (body.trim() === '' || indent > maskIndent) return `${marker}${body.replace(/^(\s*(?:-\s+)?)(?:([^:#]+:)\s*.*|.+)$/, (_m, pre: string, key?: string) => `${pre}${key ? `${key} ` : ''}${MASK}`)}`;
        maskIndent = -1;
      }
      if (/^\s*kubectl\.kubernetes\.io\/last-applied-configuration:/.test(body)) {
        maskIndent = indent;
        return `${marker}${body.replace(/:.*$/, `: ${MASK}`)}`;
      }
      if (secret && /^\s*(data|stringData):/.test(body)) {
        maskIndent = indent;
        const rest = body.replace(/^\s*(data|stringData):/, '').trim();
        if (rest && !rest.startsWith('#') && rest !== '|' && rest !== '>') return `${marker}${body.replace(/:.*$/, `: ${MASK}`)}`;
      }
      return line;
    })
    .join('\n');
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

export function renderPrBody(input: PrBodyInput): string {
  const max = input.maxLength ?? 60000;
  const out: string[] = ['<!-- reconcile:sync-ready -->'];
  if (input.summary?.trim()) out.push(input.summary.trim(), '');

  const apps = new Map<string, ObjectChange[]>();
  for (const c of input.changes) apps.set(c.app, [...(apps.get(c.app) ?? []), c]);
  const sortedApps = [...apps.keys()].sort();

  out.push('### Cluster impact', '');
  if (input.changes.length === 0) {
    out.push('No Kubernetes objects change.', '');
  } else {
    const source =
      input.comparedWith === 'cluster'
        ? 'compared with the live cluster'
        : input.comparedWith === 'files'
          ? 'objects in the changed files compared with the base branch, before rendering'
          : 'compared with the rendered base branch';
    out.push(`Objects that will be created, changed or deleted (${source}):`, '');
    out.push('| App | Created | Changed | Deleted |', '|---|---:|---:|---:|');
    for (const app of sortedApps) {
      const list = apps.get(app)!;
      const n = (k: ChangeKind) => list.filter((c) => c.change === k).length;
      out.push(`| ${cell(appLabel(app))} | ${n('create')} | ${n('update')} | ${n('delete')} |`);
    }
    out.push('', '| App | Object | Change |', '|---|---|---|');
    for (const app of sortedApps) {
      for (const c of apps.get(app)!) out.push(`| ${cell(appLabel(app))} | \`${cell(objectLabel(c.id))}\` | ${LABEL[c.change]} |`);
    }
    out.push('');
  }

  out.push('### Validation', '');
  const v = input.validation;
  if (!v) out.push('Not validated.');
  else if (v.errors === 0) out.push(`✅ No errors${v.warnings ? `, ${v.warnings} warning${v.warnings === 1 ? '' : 's'}` : ''}.`);
  else {
    out.push(`❌ ${v.errors} error${v.errors === 1 ? '' : 's'}, ${v.warnings} warning${v.warnings === 1 ? '' : 's'}.`);
    if (v.overridden) out.push('', '> **Opened despite validation errors** (the author chose to override the check).');
  }
  if (v?.details?.length) out.push('', ...v.details.slice(0, 20).map((d) => `- ${d.replace(/\r?\n/g, ' ')}`));
  out.push('');

  if (input.files?.length) {
    out.push('<details><summary>Files changed (' + input.files.length + ')</summary>', '', ...input.files.map((f) => `- \`${f}\``), '', '</details>', '');
  }

  const footer = ['---', `<sub>Generated by Reconcile ${input.toolVersion}. Secret values are masked.</sub>`];
  const withDiffs = input.changes.filter((c) => c.diff && c.diff.trim());
  if (withDiffs.length) {
    out.push(input.comparedWith === 'files' ? '### Changes per object' : '### Rendered diff', '');
    let used = out.join('\n').length + footer.join('\n').length + 200;
    let omitted = 0;
    for (const app of sortedApps) {
      for (const c of apps.get(app)!) {
        if (!c.diff?.trim()) continue;
        const masked = maskDiff(c.diff.replace(/\n$/, ''), isSecret(c.id));
        const f = fence(masked);
        const block = [`<details><summary>${escapeHtml(`${appLabel(app)}: ${objectLabel(c.id)} (${LABEL[c.change]})`)}</summary>`, '', f + 'diff', masked, f, '', '</details>', ''];
        const size = block.join('\n').length;
        if (used + size > max) {
          omitted++;
          continue;
        }
        used += size;
        out.push(...block);
      }
    }
    if (omitted) out.push(`_${omitted} more diff${omitted === 1 ? '' : 's'} left out to stay within the forge's size limit._`, '');
  }
  out.push(...footer);
  return out.join('\n') + '\n';
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
