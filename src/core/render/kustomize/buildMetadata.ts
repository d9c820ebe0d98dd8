// `buildMetadata: [originAnnotations, transformerAnnotations]`: kustomize's annotations saying where each
// object came from (`config.kubernetes.io/origin`) and which transformers changed it
// (`alpha.config.kubernetes.io/transformations`), with paths relative to the kustomization being built.
import { posix } from 'node:path';
import { JsonMap, isMap } from '../merge/strategicMerge';
import { BuildResource, meta } from './model';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';
export const MANAGED_BY = 'kustomize-(devel)';

export interface ConfiguredBy {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
}

function by(c: ConfiguredBy, pad: string): string {
  return [`${pad}configuredBy:`, `${pad}  apiVersion: ${c.apiVersion}`, `${pad}  kind: ${c.kind}`, ...(c.name ? [`${pad}  name: ${c.name}`] : []), ...(c.namespace ? [`${pad}  namespace: ${c.namespace}`] : [])].join('\n');
}

function setAnnotation(r: BuildResource, key: string, value: string): void {
  const md = meta(r.object);
  const ann = (isMap(md.annotations) ? md.annotations : (md.annotations = {})) as JsonMap;
  ann[key] = value;
}

/** Records that a builtin transformer configured in `file` ran over every object in the list. */
export function recordTransformation(list: BuildResource[], file: string, c: ConfiguredBy): void {
  const entry = { file, kind: JSON.stringify(c) };
  for (const r of list) {
    if (r.annotationsWiped) {
      r.annotationsWiped = false;
      r.originTransformer = entry;
    } else (r.transformations ??= []).push(entry);
  }
}

export function addBuildAnnotations(list: BuildResource[], topDir: string, buildMetadata: string[] | undefined): void {
  const rel = (file: string) => posix.relative(topDir === '.' ? '' : topDir, file);
  if (buildMetadata?.includes('originAnnotations')) {
    for (const r of list) {
      if (r.originTransformer) {
        setAnnotation(r, ORIGIN_ANNOTATION, `configuredIn: ${rel(r.originTransformer.file)}\n${by(JSON.parse(r.originTransformer.kind) as ConfiguredBy, '')}\n`);
      } else if (r.generated) {
        const c = r.configuredBy ?? { apiVersion: 'builtin', kind: r.object.kind === 'Secret' ? 'SecretGenerator' : 'ConfigMapGenerator' };
        setAnnotation(r, ORIGIN_ANNOTATION, `configuredIn: ${rel(r.origin.file)}\n${by(c, '')}\n`);
      } else {
        setAnnotation(r, ORIGIN_ANNOTATION, `path: ${rel(r.origin.file)}\n`);
      }
    }
  }
  if (buildMetadata?.includes('managedByLabel')) {
    // kustomize writes its own version here; kubectl's embedded kustomize (the reference) says "(devel)".
    for (const r of list) {
      const md = meta(r.object);
      const labels = (isMap(md.labels) ? md.labels : (md.labels = {})) as JsonMap;
      labels['app.kubernetes.io/managed-by'] = MANAGED_BY;
    }
  }
  if (buildMetadata?.includes('transformerAnnotations')) {
    for (const r of list) {
      if (!r.transformations?.length) continue;
      const items = r.transformations.map((t) => `- configuredIn: ${rel(t.file)}\n${by(JSON.parse(t.kind) as ConfiguredBy, '  ')}`);
      setAnnotation(r, TRANSFORMATIONS_ANNOTATION, items.join('\n') + '\n');
    }
  }
}
