// Kustomization fields for generated trees: every field kustomize documents, each optional, with values
// drawn from small pools so they meet the objects (names, labels, images) the tree holds. A field spec
// refers to objects by index into the objects visible at its layer, resolved when the tree is written,
// so shrinking stays structural.
import fc from 'fast-check';
import { IMAGES, NAMES, ObjSpec, KINDS, API_VERSION, Kind, rarely } from './objects';

type Obj = Record<string, unknown>;

const labelKey = fc.constantFrom('app', 'tier', 'env', 'example.com/team');
const labelValue = fc.constantFrom('web', 'prod', 'true', '1', '', 'a-b', '0755', 'on');
const annotationValue = fc.constantFrom('note', 'true', '', 'multi\nline\n', 'x: y', '2024-01-01', '12', 'a long annotation value that goes on and on past the eighty column limit of the printer');
const labelMap = fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 2 });

export interface PatchSpec {
  form: 'smp' | 'json6902' | 'smp-legacy' | 'json6902-legacy';
  file: boolean;
  /** Index into the visible objects (the patched one). */
  obj: number;
  target: 'none' | 'kind' | 'name-regex' | 'label' | 'annotation' | 'namespace' | 'kind-name';
  edit: number;
}

const patchSpec: fc.Arbitrary<PatchSpec> = fc.record({
  form: fc.constantFrom('smp', 'smp', 'json6902', 'smp-legacy', 'json6902-legacy'),
  file: fc.boolean(),
  obj: fc.nat({ max: 20 }),
  target: fc.constantFrom('none', 'kind', 'name-regex', 'label', 'annotation', 'namespace', 'kind-name'),
  edit: fc.nat({ max: 9 }),
});

export interface GeneratorSpec {
  kind: 'ConfigMap' | 'Secret';
  name: number;
  behavior?: 'create' | 'merge' | 'replace';
  literals: number;
  file: boolean;
  env: boolean;
  options: 'none' | 'labels' | 'annotations' | 'noHash' | 'immutable';
  namespace?: string;
  type?: string;
}

const generatorSpec: fc.Arbitrary<GeneratorSpec> = fc.record({
  kind: fc.constantFrom('ConfigMap', 'Secret'),
  name: fc.nat({ max: NAMES.length - 1 }),
  behavior: rarely(fc.constantFrom('create', 'merge', 'replace'), 3),
  literals: fc.nat({ max: 3 }),
  file: fc.boolean(),
  env: fc.boolean(),
  options: fc.constantFrom('none', 'none', 'labels', 'annotations', 'noHash', 'immutable'),
  namespace: rarely(fc.constantFrom('team-a', 'default'), 5),
  type: rarely(fc.constantFrom('kubernetes.io/tls', 'Opaque'), 4),
}, { requiredKeys: ['kind', 'name', 'literals', 'file', 'env', 'options'] });

export interface FieldsSpec {
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  commonLabels?: Record<string, string>;
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean; fields?: boolean }>;
  commonAnnotations?: Record<string, string>;
  images?: Array<{ image: number; newName?: string; newTag?: string; digest?: boolean }>;
  replicas?: Array<{ name: number; count: number }>;
  patches?: PatchSpec[];
  generators?: GeneratorSpec[];
  generatorOptions?: 'labels' | 'noHash' | 'annotations' | 'immutable';
  replacements?: Array<{ source: number; target: number; mode: number }>;
  vars?: number;
  configurations?: boolean;
  openapi?: boolean;
  buildMetadata?: Array<'originAnnotations' | 'transformerAnnotations' | 'managedByLabel'>;
  sortOptions?: 'fifo' | 'legacy' | 'legacy-custom';
  header?: boolean;
}

const some = <T>(a: fc.Arbitrary<T>, freq = 3) => rarely(a, freq);

/** Fields a profile leaves out (the CI profile skips families with open differences, listed in docs/rendering.md). */
export type FieldName = keyof FieldsSpec;

export function fieldsSpec(exclude: ReadonlySet<string> = new Set()): fc.Arbitrary<FieldsSpec> {
  const all = allFields();
  const picked = Object.fromEntries(Object.entries(all).map(([k, a]) => [k, exclude.has(k) ? fc.constant(undefined) : a]));
  return fc.record(picked, { requiredKeys: [] }) as fc.Arbitrary<FieldsSpec>;
}

function allFields(): Record<FieldName, fc.Arbitrary<unknown>> {
  return {
  namespace: some(fc.constantFrom('prod', 'team-a', 'default')),
  namePrefix: some(fc.constantFrom('p-', 'x-')),
  nameSuffix: some(fc.constantFrom('-s', '-v2')),
  commonLabels: some(labelMap, 4),
  labels: some(fc.array(fc.record({ pairs: labelMap, includeSelectors: fc.option(fc.boolean(), { nil: undefined }), includeTemplates: fc.option(fc.boolean(), { nil: undefined }), fields: fc.option(fc.boolean(), { nil: undefined, freq: 4 }) }, { requiredKeys: ['pairs'] }), { minLength: 1, maxLength: 2 })),
  commonAnnotations: some(fc.dictionary(fc.constantFrom('note', 'example.com/owner', 'a.b/c'), annotationValue, { minKeys: 1, maxKeys: 2 }), 4),
  images: some(fc.array(fc.record({ image: fc.nat({ max: IMAGES.length - 1 }), newName: fc.option(fc.constantFrom('mirror.example.com/nginx', 'busybox'), { nil: undefined }), newTag: fc.option(fc.constantFrom('2.0', '1.0.1', 'latest'), { nil: undefined }), digest: fc.option(fc.boolean(), { nil: undefined, freq: 4 }) }, { requiredKeys: ['image'] }), { minLength: 1, maxLength: 2 })),
  replicas: some(fc.array(fc.record({ name: fc.nat({ max: NAMES.length - 1 }), count: fc.nat({ max: 5 }) }), { minLength: 1, maxLength: 2 }), 4),
  patches: some(fc.array(patchSpec, { minLength: 1, maxLength: 3 }), 2),
  generators: some(fc.array(generatorSpec, { minLength: 1, maxLength: 3 }), 2),
  generatorOptions: some(fc.constantFrom('labels', 'noHash', 'annotations', 'immutable'), 5),
  replacements: some(fc.array(fc.record({ source: fc.nat({ max: 20 }), target: fc.nat({ max: 20 }), mode: fc.nat({ max: 5 }) }), { minLength: 1, maxLength: 2 }), 6),
  vars: some(fc.nat({ max: 20 }), 8),
  configurations: some(fc.constant(true), 4),
  openapi: some(fc.constant(true), 5),
  buildMetadata: some(fc.subarray(['originAnnotations', 'transformerAnnotations', 'managedByLabel'] as Array<'originAnnotations' | 'transformerAnnotations' | 'managedByLabel'>, { minLength: 1 }), 8),
  sortOptions: some(fc.constantFrom('fifo', 'legacy', 'legacy-custom'), 5),
  header: some(fc.constant(true), 2),
  };
}

/** What a layer's fields may refer to. */
export interface Scope {
  objects: ObjSpec[];
  /** Objects of this layer (the rest of `objects` come from layers below). */
  own: ObjSpec[];
  /** Generated ConfigMaps/Secrets visible here; the layer's own generators are added. */
  generated: Array<{ kind: string; name: string }>;
  /** Whether this layer is the bottom one (vars declared here are named SVC_NAME, others per layer). */
  bottom: boolean;
  /** Paths (relative to the layer's directory) where extra files go. */
  files: Record<string, string>;
}

function pick<T>(list: T[], i: number): T | undefined {
  return list.length ? list[i % list.length] : undefined;
}

function imageName(i: number): string {
  const img = IMAGES[i];
  const at = img.indexOf('@');
  const base = at >= 0 ? img.slice(0, at) : img;
  const colon = base.lastIndexOf(':');
  return colon > base.lastIndexOf('/') ? base.slice(0, colon) : base;
}

const POD_KINDS: Kind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

/** Strategic merge patch bodies, by edit number; `o` is the patched object. */
function smpBody(o: ObjSpec, edit: number): Obj {
  const podPath = (spec: Obj): Obj => (o.kind === 'CronJob' ? { jobTemplate: { spec: { template: { spec } } } } : { template: { spec } });
  const isPod = POD_KINDS.includes(o.kind) || o.kind === 'CronJob';
  switch (edit) {
    case 0: return { metadata: { labels: { patched: 'yes' } } };
    case 1: return { metadata: { annotations: { 'example.com/owner': null, patched: 'true' } } };
    case 2: return isPod ? { spec: podPath({ containers: [{ name: 'main', image: 'patched:1', env: [{ name: 'NEW', value: 'v' }] }] }) } : { data: { extra: 'v', mode: null } };
    case 3: return isPod ? { spec: podPath({ containers: [{ name: 'extra', image: 'busybox' }] }) } : { spec: { added: true } };
    case 4: return isPod ? { spec: podPath({ containers: [{ name: 'main', $patch: 'delete' }] }) } : { metadata: { labels: null } };
    case 5: return o.kind === 'Widget' ? { spec: { items: [{ name: 'b', value: 'patched' }, { name: 'c', value: '3' }] } } : { spec: { replicas: 7 } };
    case 6: return { $patch: 'delete' };
    case 7: return isPod ? { spec: podPath({ volumes: [{ name: 'config', $patch: 'replace', emptyDir: {} }] }) } : { metadata: { annotations: {} } };
    case 8: return isPod ? { spec: podPath({ containers: [{ name: 'main', args: ['--patched'] }] }) } : { spec: null };
    default: return { metadata: { labels: { app: 'relabelled' } } };
  }
}

function jsonOps(o: ObjSpec, edit: number): Obj[] {
  const pod = o.kind === 'CronJob' ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
  const containers = (POD_KINDS.includes(o.kind) || o.kind === 'CronJob') && o.body === 'full';
  switch (edit % 6) {
    case 0: return [{ op: 'add', path: '/metadata/annotations', value: { added: 'by-json' } }];
    case 1: return [{ op: 'replace', path: '/metadata/name', value: `${o.name}-renamed` }];
    case 2: return containers ? [{ op: 'replace', path: `${pod}/containers/0/image`, value: 'json:2' }] : [{ op: 'add', path: '/data', value: { k: 'v' } }];
    case 3: return o.labels === 'full' ? [{ op: 'remove', path: '/metadata/labels' }] : [{ op: 'add', path: '/metadata/labels', value: { json: 'yes' } }];
    case 4: return containers ? [{ op: 'add', path: `${pod}/containers/-`, value: { name: 'tail', image: 'busybox' } }] : [{ op: 'add', path: '/spec', value: { n: 1 } }];
    default: return [{ op: 'test', path: '/kind', value: o.kind }, { op: 'add', path: '/metadata/labels', value: { json: 'yes' } }];
  }
}

function targetOf(o: ObjSpec, t: PatchSpec['target']): Obj | undefined {
  const group = API_VERSION[o.kind].includes('/') ? API_VERSION[o.kind].split('/')[0] : '';
  switch (t) {
    case 'none': return undefined;
    case 'kind': return { kind: o.kind };
    case 'name-regex': return { name: `${o.name.slice(0, 1)}.*` };
    case 'label': return { labelSelector: `app=${o.name}` };
    case 'annotation': return { annotationSelector: 'example.com/owner' };
    case 'namespace': return { namespace: o.namespace ?? 'default', kind: o.kind };
    case 'kind-name': return { group, version: API_VERSION[o.kind].split('/').pop(), kind: o.kind, name: o.name };
  }
}

function push(k: Obj, key: string, entry: unknown): void {
  const list = (k[key] as unknown[] | undefined) ?? [];
  list.push(entry);
  k[key] = list;
}

/** Scalar fields an object surely has (replacement sources and targets). */
function fieldsOf(o: ObjSpec): string[] {
  const out: string[] = [];
  if (o.labels === 'full') out.push('metadata.labels.app');
  if (o.kind === 'ConfigMap' && o.body === 'full') out.push('data.mode');
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind) && o.body === 'full') out.push('spec.template.spec.containers.[name=main].image');
  if (o.kind === 'Deployment' || o.kind === 'StatefulSet') out.push('spec.replicas');
  return out;
}

function yamlOf(v: unknown): string {
  // JSON is YAML: inline patches stay exact whatever the values hold.
  return JSON.stringify(v, null, 2) + '\n';
}

/** The kustomization map for a layer, plus the extra files it names (written into `scope.files`). */
export function buildFields(f: FieldsSpec, scope: Scope, layer: string): Obj {
  const k: Obj = {};
  if (f.header) Object.assign(k, { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
  if (f.namespace) k.namespace = f.namespace;
  if (f.namePrefix) k.namePrefix = f.namePrefix;
  if (f.nameSuffix) k.nameSuffix = f.nameSuffix;
  if (f.commonLabels) k.commonLabels = f.commonLabels;
  if (f.labels) k.labels = f.labels.map((l) => ({ pairs: l.pairs, ...(l.includeSelectors !== undefined ? { includeSelectors: l.includeSelectors } : {}), ...(l.includeTemplates !== undefined ? { includeTemplates: l.includeTemplates } : {}), ...(l.fields ? { fields: [{ path: 'spec/selector', kind: 'Widget', create: true }] } : {}) }));
  if (f.commonAnnotations) k.commonAnnotations = f.commonAnnotations;
  if (f.images) k.images = f.images.map((i) => ({ name: imageName(i.image), ...(i.newName ? { newName: i.newName } : {}), ...(i.newTag ? { newTag: i.newTag } : {}), ...(i.digest ? { digest: 'sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210' } : {}) }));
  if (f.replicas) {
    // kustomize rejects a replicas entry whose name also belongs to an object it cannot scale: mostly
    // pick names only workloads carry (the rare count 5 keeps the error path).
    const scalable = (n: string) => scope.objects.every((o) => o.name !== n || o.kind === 'Deployment' || o.kind === 'StatefulSet');
    const names = [...new Set(scope.objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => o.name))].filter(scalable);
    const entries = f.replicas.filter((r) => r.count === 5 || names.length).map((r) => ({ name: r.count === 5 ? NAMES[r.name] : names[r.name % names.length], count: r.count }));
    if (entries.length) k.replicas = entries;
  }
  const objs = scope.objects;
  if (f.patches && objs.length) {
    f.patches.forEach((p, i) => {
      const o = pick(objs, p.obj) as ObjSpec;
      const file = `patch-${layer}-${i}.yaml`;
      if (p.form === 'json6902' || p.form === 'json6902-legacy') {
        const ops = jsonOps(o, p.edit);
        const tgt = p.form === 'json6902-legacy' ? { group: targetOf(o, 'kind-name')?.group, version: targetOf(o, 'kind-name')?.version, kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) } : targetOf(o, p.target === 'none' ? 'kind-name' : p.target);
        if (p.file) scope.files[file] = yamlOf(ops);
        const entry = { target: tgt, ...(p.file ? { path: file } : { patch: yamlOf(ops) }) };
        push(k, p.form === 'json6902' ? 'patches' : 'patchesJson6902', entry);
      } else {
        const edit = smpBody(o, p.edit);
        const md = { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), ...((edit.metadata as Obj | undefined) ?? {}) };
        const doc = { apiVersion: API_VERSION[o.kind], kind: o.kind, ...edit, metadata: md };
        if (p.file || p.form === 'smp-legacy') scope.files[file] = yamlOf(doc);
        if (p.form === 'smp-legacy') {
          push(k, 'patchesStrategicMerge', file);
        } else {
          const tgt = targetOf(o, p.target);
          const entry = { ...(tgt ? { target: tgt } : {}), ...(p.file ? { path: file } : { patch: yamlOf(doc) }) };
          push(k, 'patches', entry);
        }
      }
    });
  }
  if (f.generators) {
    for (const [i, g] of f.generators.entries()) {
      let name: string = NAMES[g.name];
      const exists = (x: { kind: string; name: string }) => x.kind === g.kind && x.name === name;
      const below = scope.generated.some(exists) || scope.objects.some((o) => !scope.own.includes(o) && exists(o));
      const here = scope.own.some(exists);
      let behavior = g.behavior;
      // merge/replace need something to merge into; create must not collide (both are errors in kustomize,
      // which the error supply covers on purpose).
      if ((behavior === 'merge' || behavior === 'replace') && !below && !here) behavior = undefined;
      if ((behavior === undefined || behavior === 'create') && (below || here || scope.generated.some(exists))) name = `${name}-gen${i}`;
      scope.generated.push({ kind: g.kind, name });
      const entry: Obj = { name };
      if (g.namespace && behavior === undefined) entry.namespace = g.namespace;
      if (behavior) entry.behavior = behavior;
      if (g.literals) entry.literals = ['mode=gen', 'port="9090"', 'empty=', 'quoted=\'single\''].slice(0, g.literals);
      if (g.file) {
        const name = `data-${layer}-${i}.txt`;
        scope.files[name] = i % 2 ? 'line one\nline two\n' : '{"json": true}';
        entry.files = [i % 2 ? name : `key-${i}.json=${name}`];
      }
      if (g.env) {
        const name = `vars-${layer}-${i}.env`;
        scope.files[name] = '# comment\nA=1\nB="two words"\n\nC=\n';
        entry.envs = [name];
      }
      if (g.kind === 'Secret' && g.type) entry.type = g.type;
      if (g.options === 'labels') entry.options = { labels: { generated: 'yes' } };
      if (g.options === 'annotations') entry.options = { annotations: { 'example.com/gen': 'true' } };
      if (g.options === 'noHash') entry.options = { disableNameSuffixHash: true };
      if (g.options === 'immutable') entry.options = { immutable: true };
      const key = g.kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator';
      push(k, key, entry);
    }
  }
  if (f.generatorOptions) {
    k.generatorOptions = f.generatorOptions === 'labels' ? { labels: { 'gen-global': 'x' } } : f.generatorOptions === 'noHash' ? { disableNameSuffixHash: true } : f.generatorOptions === 'annotations' ? { annotations: { g: 'true' } } : { immutable: true };
  }
  if (f.replacements && objs.length) {
    k.replacements = f.replacements.map((r) => {
      const s = pick(objs, r.source) as ObjSpec;
      const t = pick(objs, r.target) as ObjSpec;
      const from = ['metadata.name', ...fieldsOf(s)];
      const to = ['metadata.annotations.[example.com/from]', ...fieldsOf(t)];
      const create = r.mode % 3 === 0 || to[r.mode % to.length].startsWith('metadata.annotations');
      return {
        source: { kind: s.kind, name: s.name, ...(r.mode === 2 && s.namespace ? { namespace: s.namespace } : {}), fieldPath: from[r.mode % from.length], ...(r.mode === 5 ? { options: { delimiter: '-', index: 0 } } : {}) },
        targets: [{ select: { kind: t.kind, ...(r.mode % 2 ? { name: t.name } : {}) }, ...(r.mode === 4 ? { reject: [{ name: 'web' }] } : {}), fieldPaths: [to[r.mode % to.length]], ...(create ? { options: { create: true } } : r.mode === 1 ? { options: { delimiter: ':', index: 1 } } : {}) }],
      };
    });
  }
  if (f.vars !== undefined && objs.length) {
    const o = pick(objs, f.vars) as ObjSpec;
    k.vars = [{ name: scope.bottom ? 'SVC_NAME' : `SVC_${layer.toUpperCase()}`, objref: { kind: o.kind, name: o.name, apiVersion: API_VERSION[o.kind] }, ...(f.vars % 2 ? { fieldref: { fieldpath: 'metadata.namespace' } } : {}) }];
  }
  if (f.configurations) {
    const name = `config-${layer}.yaml`;
    scope.files[name] = yamlOf({
      nameReference: [{ kind: 'ConfigMap', fieldSpecs: [{ path: 'spec/configRef', kind: 'Widget' }] }],
      commonLabels: [{ path: 'spec/selector', kind: 'Widget', create: true }],
      images: [{ path: 'spec/image', kind: 'Widget' }],
      replicas: [{ path: 'spec/replicas', kind: 'Widget' }],
      varReference: [{ path: 'spec/configRef', kind: 'Widget' }],
    });
    k.configurations = [name];
  }
  if (f.openapi) {
    const name = `schema-${layer}.json`;
    scope.files[name] = yamlOf(widgetSchema());
    k.openapi = { path: name };
  }
  if (f.buildMetadata) k.buildMetadata = f.buildMetadata;
  if (f.sortOptions) k.sortOptions = f.sortOptions === 'fifo' ? { order: 'fifo' } : f.sortOptions === 'legacy' ? { order: 'legacy' } : { order: 'legacy', legacySortOptions: { orderFirst: ['Service', 'Widget'], orderLast: ['ConfigMap'] } };
  return k;
}

function widgetSchema(): Obj {
  return {
    definitions: {
      'com.example.v1.Widget': {
        'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
        properties: {
          apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
          spec: { properties: { items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } }, 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' } } },
        },
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { properties: { name: { type: 'string' } } },
    },
  };
}

export { KINDS };
