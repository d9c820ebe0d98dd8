// Plain data the diff engine produces. Values in `changes`, `git` and `live` are already masked for Secrets.
import { KubeObject, Origin } from '../types';

export type DriftStatus = 'in-sync' | 'modified' | 'missing' | 'extra' | 'unknown';

/** A step into an object: a field, an index into an atomic list, or the key of an item in a keyed list. */
export type PathSegment = string | number | { key: Record<string, unknown> };

export interface FieldChange {
  /** `spec.template.spec.containers[name=web].image`; keys with dots are quoted: `metadata.labels["app.kubernetes.io/name"]`. */
  path: string;
  segments: PathSegment[];
  /** Undefined: Git does not set the field. */
  git?: unknown;
  /** Undefined: the field is absent in the cluster. */
  live?: unknown;
}

export type ComparisonMode = 'server-dry-run' | 'client-side';

export interface ObjectDrift {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  status: DriftStatus;
  changes: FieldChange[];
  reason?: string;
  /** How the desired side was obtained: the server's dry-run result, or client-side normalization. */
  comparison?: ComparisonMode;
  origin?: Origin;
  /** Normalized (and masked) objects, for a side-by-side view. */
  git?: KubeObject;
  live?: KubeObject;
}

/** Argo CD's `ignoreDifferences` entry shape. */
export interface IgnoreRule {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  /** Not supported yet: reported in the notes, never silently applied. */
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

/** Who owns the app in the cluster, to recognise extra objects (in the cluster, no longer in Git). */
export type AppOwner =
  | { type: 'flux'; name: string; namespace: string }
  | { type: 'argocd'; name: string; /** default `app.kubernetes.io/instance` */ labelKey?: string };

export interface DriftReport {
  context?: string;
  resources: ObjectDrift[];
  /** Things the user should know about how the comparison was made (fallbacks, unsupported rules). */
  notes: string[];
}
