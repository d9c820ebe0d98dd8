// The pull request body is the plan (src/core/plan): what the change does once rendered, per app, in
// markdown that renders on GitHub, GitLab, Gitea and Bitbucket, cut at object boundaries under the
// chosen forge's size cap, with the rest as follow-up comments. The hidden `<!-- reconcile-plan -->`
// marker lets a re-run update the body (and its comments) in place.
import { renderPlanMarkdown, splitPlanMarkdown } from '../plan/format/markdown';
import { Plan } from '../plan/types';
import { ResourceId } from '../types';
import { FORGE_BODY_CAPS } from './forge/caps';
import { ForgeKind } from './forge/detect';

export type ChangeKind = 'create' | 'update' | 'delete';

/** One object a change creates, updates or deletes, as the revert result lists them. */
export interface ObjectChange {
  /** App the object belongs to (the folder it renders). */
  app: string;
  id: ResourceId;
  change: ChangeKind;
  /** Unified diff of the rendered object (Secret values hashed), if known. */
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

export interface PlanBodyOptions {
  forge: ForgeKind;
  /** Branch names for the header. */
  baseLabel?: string;
  headLabel?: string;
  /** Free text shown under the header (a revert's explanation, the author's summary). */
  preface?: string;
  /** Validation of the chosen files before the commit; an override is written into the body. */
  validation?: ValidationSummary;
  /** Default: the forge's cap (FORGE_BODY_CAPS). */
  cap?: number;
}

export interface PlanBody {
  body: string;
  /** Follow-up comments when the plan is longer than one body allows (each carries its part marker). */
  comments: string[];
}

function reproduce(p: Plan): string {
  const side = (s: Plan['base']) => (s === 'working-tree' ? undefined : s.commit.slice(0, 12));
  const head = side(p.head);
  return `reconcile plan --base ${side(p.base) ?? 'HEAD'}${head ? ` --head ${head}` : ''} --format markdown`;
}

function notes(v: ValidationSummary | undefined): string[] {
  if (!v?.overridden) return [];
  const lines = [`**Opened despite validation errors** (${v.errors} in the chosen files): the author chose to override the check.`];
  for (const d of (v.details ?? []).slice(0, 20)) lines.push(`- ${d.replace(/\r?\n/g, ' ')}`);
  return lines;
}

export function planPrBody(plan: Plan, o: PlanBodyOptions): PlanBody {
  const md = { baseLabel: o.baseLabel, headLabel: o.headLabel, preface: o.preface, reproduce: reproduce(plan), notes: notes(o.validation) };
  const [body, ...comments] = splitPlanMarkdown(plan, { ...md, cap: o.cap ?? FORGE_BODY_CAPS[o.forge] });
  return { body, comments };
}

/** The whole plan as one markdown text (no cap), e.g. for a preview. */
export function planMarkdown(plan: Plan, o: Omit<PlanBodyOptions, 'forge' | 'cap'> = {}): string {
  return renderPlanMarkdown(plan, { baseLabel: o.baseLabel, headLabel: o.headLabel, preface: o.preface, reproduce: reproduce(plan), notes: notes(o.validation) });
}

/** When no plan could be made (the repository could not be read): the files, and why. */
export function fallbackPrBody(o: { preface?: string; files: string[]; reason: string; toolVersion: string; validation?: ValidationSummary }): string {
  const out = ['<!-- reconcile-plan -->', '### Reconcile plan', ''];
  if (o.preface?.trim()) out.push(o.preface.trim(), '');
  out.push(`The plan could not be computed: ${o.reason.replace(/\r?\n/g, ' ')}`, '', ...notes(o.validation).map((l) => `> ${l}`));
  if (o.files.length) out.push('', `Files changed (${o.files.length}):`, '', ...o.files.map((f) => `- \`${f}\``));
  out.push('', `<sub>Reconcile ${o.toolVersion}</sub>`);
  return out.join('\n') + '\n';
}
