// `configurations:` files: extra field specs for the builtin transformers (nameReference, commonLabels,
// commonAnnotations, images, namePrefix/nameSuffix). As in kustomize, a configuration declared anywhere in
// the build applies to the transformers that run after it and to the final name-reference pass.
import { posix } from 'node:path';
import { JsonMap, isMap } from '../merge/strategicMerge';
import { Loader } from './loader';
import { FieldSpec } from './fieldPath';
import { NameRefSpec } from './builtinConfig';

export interface TransformerConfig {
  nameReference: NameRefSpec[];
  commonLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  images: FieldSpec[];
  namePrefix: FieldSpec[];
}

export function emptyConfig(): TransformerConfig {
  return { nameReference: [], commonLabels: [], commonAnnotations: [], images: [], namePrefix: [] };
}

function specs(v: unknown): FieldSpec[] {
  return Array.isArray(v) ? (v.filter((x) => isMap(x) && typeof x.path === 'string') as unknown as FieldSpec[]) : [];
}

export async function loadConfigurations(loader: Loader, dir: string, files: string[], into: TransformerConfig): Promise<void> {
  for (const f of files) {
    for (const d of await loader.documents(posix.join(dir, f))) {
      if (!isMap(d.value)) continue;
      const c = d.value as JsonMap;
      for (const ref of Array.isArray(c.nameReference) ? c.nameReference : []) {
        if (!isMap(ref) || typeof ref.kind !== 'string') continue;
        for (const fs of specs(ref.fieldSpecs)) {
          into.nameReference.push({ kind: ref.kind, group: typeof ref.group === 'string' ? ref.group : undefined, in: fs.kind ? [fs.kind] : 'ANY', path: fs.path });
        }
      }
      into.commonLabels.push(...specs(c.commonLabels));
      into.commonAnnotations.push(...specs(c.commonAnnotations));
      into.images.push(...specs(c.images));
      into.namePrefix.push(...specs(c.namePrefix), ...specs(c.nameSuffix));
    }
  }
}
