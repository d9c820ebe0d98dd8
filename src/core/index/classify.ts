// Decides what a document is from its content (apiVersion/kind). File names matter only where the tools
// themselves use them: kustomize's kustomization file names and Helm's Chart.yaml / values files.
import { DocumentClass } from './model';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export const ARGOCD_KINDS = new Set(['Application', 'ApplicationSet', 'AppProject']);

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

export function isKustomizationFileName(path: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(basename(path));
}

/** Splits `group/version` (or a bare core `version`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export interface FileContext {
  /** The file is a chart's Chart.yaml. */
  isChartFile: boolean;
  /** The file is a values file at a chart's root (values.yaml, values-prod.yaml ...). */
  isChartValues: boolean;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function classifyDocument(path: string, value: unknown, ctx: FileContext): DocumentClass {
  if (value === null || value === undefined) return 'empty';
  if (ctx.isChartFile) return 'helm-chart';
  if (ctx.isChartValues) return 'helm-values';
  if (!isObject(value)) return 'non-kubernetes';
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
  const kind = typeof value.kind === 'string' ? value.kind : undefined;
  if (isKustomizationFileName(path)) return kind === 'Component' ? 'kustomize-component' : 'kustomization';
  if (!apiVersion || !kind) return 'non-kubernetes';
  const { group } = splitApiVersion(apiVersion);
  if (group === 'kustomize.config.k8s.io') {
    if (kind === 'Kustomization') return 'kustomization';
    if (kind === 'Component') return 'kustomize-component';
  }
  if (group.endsWith('.toolkit.fluxcd.io')) return 'flux';
  if (group === 'argoproj.io' && ARGOCD_KINDS.has(kind)) return 'argocd';
  if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') return 'crd';
  return 'kubernetes';
}

/** Classes whose documents are objects a GitOps tool applies to a cluster. */
export function isClusterObjectClass(c: DocumentClass): boolean {
  return c === 'kubernetes' || c === 'flux' || c === 'argocd' || c === 'crd';
}

/** The openAPIV3Schema of each version a CRD declares. */
export function crdSchemas(value: Record<string, unknown>): Array<{ group: string; version: string; kind: string; served: boolean; schema: unknown }> {
  const spec = isObject(value.spec) ? value.spec : undefined;
  if (!spec) return [];
  const group = typeof spec.group === 'string' ? spec.group : '';
  const names = isObject(spec.names) ? spec.names : {};
  const kind = typeof names.kind === 'string' ? names.kind : '';
  const out: Array<{ group: string; version: string; kind: string; served: boolean; schema: unknown }> = [];
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  for (const v of versions) {
    if (!isObject(v) || typeof v.name !== 'string') continue;
    const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
    out.push({ group, version: v.name, kind, served: v.served !== false, schema });
  }
  // apiextensions.k8s.io/v1beta1 CRDs with a single top-level version.
  if (out.length === 0 && typeof spec.version === 'string') {
    out.push({ group, version: spec.version, kind, served: true, schema: isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined });
  }
  return out;
}
