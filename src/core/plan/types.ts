// The plan: what a change does once rendered, per app, before and after. Plain data (JSON-ready), shared
// by `reconcile plan`, the PR body and the Change Impact view. Secret values never reach these shapes:
// a Secret's data keys carry a short keyed hash instead of the value.
import type { AppEntry } from '../index/model';
import type { JsonDiagnostic } from '../validate/report';
import type { AtlantisPlanSection } from './atlantisSection';

export type AppStatus = 'changed' | 'unchanged' | 'added' | 'removed' | 'error';
export type ObjectChangeKind = 'created' | 'changed' | 'deleted';

export interface PlanFieldChange {
  /** `spec.template.spec.containers[name=web].image`; quoted keys for dots: `metadata.labels["app.kubernetes.io/name"]`. */
  path: string;
  /** Undefined when the field is absent on that side. */
  before?: unknown;
  after?: unknown;
}

export interface PlanRisk {
  /** Stable short code: `delete`, `crd`, `namespace`, `pvc`, `rbac`, `immutable`. */
  code: string;
  /** One line a reviewer reads. */
  reason: string;
}

export interface PlanObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  change: ObjectChangeKind;
  /** Changed fields (changed objects only), churn and ignored fields left out. */
  fields: PlanFieldChange[];
  /** Unified diff of the object's YAML (Secret values replaced by their hashes). */
  diff: string;
  risks: PlanRisk[];
}

export interface PlanDiagnostic extends JsonDiagnostic {
  /** `Kind/name` of the rendered object the finding is about. */
  object: string;
}

export interface AppPlan {
  kind: AppEntry['kind'];
  name: string;
  namespace?: string;
  /** Where the app is defined (repo-relative). */
  file: string;
  documentIndex: number;
  /** Repo-relative folder it renders ('' for the repository root). */
  path: string;
  engine: 'builtin' | 'helm';
  status: AppStatus;
  /** Why the head render failed (status `error`). */
  error?: string;
  /** The base did not render (the objects are then compared with nothing). */
  baseError?: string;
  /** Where the objects go, when the app says so (Argo CD destination, Flux targetNamespace). */
  destination?: { namespace?: string; cluster?: string };
  objects: PlanObject[];
  /** Findings of the head rendering, in `reconcile validate --format json` form (plus the rendered object). */
  diagnostics: PlanDiagnostic[];
  /** Changed files that made this app part of the plan. */
  selectedBy: string[];
  /** Objects whose only changes were churn, and fields hidden by churn/ignore rules. */
  hidden: HiddenCounts;
}

export interface HiddenCounts {
  /** Objects whose every change matched a churn rule (not listed as changed). */
  churnObjects: number;
  /** Field changes matched by churn rules. */
  churnFields: number;
  /** Field changes removed by the app's ignore rules (Argo CD ignoreDifferences). */
  ignoredFields: number;
}

export type LiveVerdict = 'will-create' | 'will-change' | 'already-matches' | 'will-delete' | 'unknown';

export interface LiveObject {
  app: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  verdict: LiveVerdict;
  /** Changed field paths against live (values masked for Secrets). */
  paths: string[];
  reason?: string;
}

export interface LiveImpact {
  computed: boolean;
  context?: string;
  server?: string;
  /** Why it was not computed, or failed. */
  message?: string;
  objects: LiveObject[];
  notes: string[];
}

export interface PlanSummary {
  apps: { affected: number; changed: number; unchanged: number; added: number; removed: number; error: number };
  objects: { created: number; changed: number; deleted: number };
  /** `validated` false: no validator was available, so the counts say nothing. */
  validation: { validated: boolean; errors: number; warnings: number };
}

/** A side of the plan as JSON shows it. */
export type PlanSideInfo = { ref: string; commit: string } | 'working-tree';

/** Objects of changed YAML files that no app renders (or only apps that failed at the head), compared file by file as written. */
export interface UnrenderedFile {
  file: string;
  objects: PlanObject[];
}

export interface PlanStats {
  appsTotal: number;
  appsAffected: number;
  /** Renders actually run (cache misses), both sides together. */
  rendersRun: number;
  rendersCached: number;
  ms: number;
}

export interface Plan {
  version: 1;
  base: PlanSideInfo;
  head: PlanSideInfo;
  changedFiles: string[];
  apps: AppPlan[];
  unrendered: UnrenderedFile[];
  summary: PlanSummary;
  /** The churn rules that were applied (globs over label/annotation keys). */
  churnRules: string[];
  live?: LiveImpact;
  /** The Atlantis projects the change would autoplan; only where Atlantis could plan something (atlantisSection.ts). */
  atlantis?: AtlantisPlanSection;
  stats: PlanStats;
  toolVersion: string;
}
