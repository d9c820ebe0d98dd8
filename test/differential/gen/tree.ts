// Whole kustomization trees: a shape (one directory, base + overlay, components, a diamond, components at
// several levels), the objects and fields of each layer, how files are written (null maps as `key:`,
// objects split or as a `kind: List`), and optionally one mutation kustomize must reject.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ObjSpec, objSpec, objId, buildObject, rarely } from './objects';
import { FieldsSpec, Scope, buildFields, fieldsSpec } from './fields';
import { Tree } from '../tree';

export const SHAPES = ['single', 'overlay', 'components', 'diamond', 'deep'] as const;
export const MUTATIONS = ['component-as-resource', 'kustomization-as-component', 'bad-component-apiversion', 'invalid-namespace', 'blank-namespace', 'cycle', 'unknown-field', 'diamond-conflict', 'conflicting-patches', 'missing-resource'] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface LayerSpec {
  objects: ObjSpec[];
  fields: FieldsSpec;
  files: 'split' | 'one' | 'list';
}

export interface CaseSpec {
  shape: (typeof SHAPES)[number];
  base: LayerSpec;
  overlay: LayerSpec;
  left: LayerSpec;
  right: LayerSpec;
  comp: LayerSpec;
  comp2: LayerSpec;
  emptyAsNull: boolean;
  mutation?: Mutation;
}

const layer = (maxObjects: number, exclude: ReadonlySet<string>): fc.Arbitrary<LayerSpec> => fc.record({
  objects: fc.uniqueArray(objSpec, { maxLength: maxObjects, selector: objId }),
  fields: fieldsSpec(exclude),
  files: fc.constantFrom('split', 'one', 'list'),
});

/** `exclude`: kustomization fields to leave out, plus 'emptyAsNull' (write every map and list with content). */
export function caseSpec(withMutations: boolean, exclude: ReadonlySet<string> = new Set()): fc.Arbitrary<CaseSpec> {
  return fc.record({
    shape: fc.constantFrom(...SHAPES),
    base: layer(5, exclude),
    overlay: layer(2, exclude),
    left: layer(1, exclude),
    right: layer(1, exclude),
    comp: layer(1, exclude),
    comp2: layer(1, exclude),
    emptyAsNull: exclude.has('emptyAsNull') ? fc.constant(false) : fc.boolean(),
    mutation: withMutations ? rarely(fc.constantFrom(...MUTATIONS), 8) : fc.constant(undefined),
  }, { requiredKeys: ['shape', 'base', 'overlay', 'left', 'right', 'comp', 'comp2', 'emptyAsNull'] });
}

function dump(v: unknown, emptyAsNull: boolean): string {
  // YAML 1.1 quoting (`'on'`, `'0755'`), as go-yaml reads it.
  const text = stringify(v, { lineWidth: 0, version: '1.1' });
  // `annotations:` with nothing after it is how hand-written files spell an empty field.
  return emptyAsNull ? text.replace(/^(\s*(?:- )?[^\s:#][^:]*): null$/gm, '$1:') : text;
}

function writeLayer(tree: Tree, kusts: Kusts, dir: string, l: LayerSpec, below: ObjSpec[], c: CaseSpec, extra: { resources?: string[]; components?: string[]; component?: boolean; force?: FieldsSpec; generated?: Gen }): void {
  const files: Record<string, string> = {};
  const scope: Scope = { objects: [...l.objects, ...below], own: l.objects, generated: extra.generated ?? [], bottom: dir === 'base' || dir === 'app', files };
  const k = buildFields({ ...l.fields, ...extra.force }, scope, dir.replace(/\W/g, ''));
  const resources: string[] = [...(extra.resources ?? [])];
  const objects = l.objects.map(buildObject);
  if (objects.length) {
    if (l.files === 'split') objects.forEach((o, i) => { files[`obj-${i}.yaml`] = dump(o, c.emptyAsNull); resources.push(`obj-${i}.yaml`); });
    else if (l.files === 'one') { files['objects.yaml'] = objects.map((o) => dump(o, c.emptyAsNull)).join('---\n'); resources.push('objects.yaml'); }
    else { files['list.yaml'] = dump({ apiVersion: 'v1', kind: 'List', items: objects }, c.emptyAsNull); resources.push('list.yaml'); }
  }
  const head: Record<string, unknown> = extra.component ? { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component' } : {};
  if (extra.component) { delete k.apiVersion; delete k.kind; }
  const full = { ...head, ...(resources.length ? { resources } : {}), ...(extra.components?.length ? { components: extra.components } : {}), ...k };
  for (const [name, text] of Object.entries(files)) tree[`${dir}/${name}`] = text;
  kusts[dir] = full;
}

/** Writes the case as files; returns the tree and the directory to build. */
export function buildTree(c: CaseSpec): { tree: Tree; entry: string } {
  const tree: Tree = {};
  const kusts: Kusts = {};
  const m = c.mutation;
  const base = c.base.objects;
  const g = (...from: Gen[]): Gen => from.flat().slice();
  const gb: Gen = [];
  switch (c.shape) {
    case 'single':
      writeLayer(tree, kusts, 'app', c.base, [], c, { generated: gb });
      return mutate(tree, kusts, c, 'app');
    case 'overlay':
      writeLayer(tree, kusts, 'base', c.base, [], c, { generated: gb });
      writeLayer(tree, kusts, 'overlay', c.overlay, base, c, { resources: ['../base'], generated: g(gb) });
      return mutate(tree, kusts, c, 'overlay');
    case 'components': {
      writeLayer(tree, kusts, 'base', c.base, [], c, { generated: gb });
      const gc = g(gb);
      writeLayer(tree, kusts, 'comp', c.comp, base, c, { component: true, generated: gc });
      writeLayer(tree, kusts, 'overlay', c.overlay, [...base, ...c.comp.objects], c, { resources: ['../base'], components: ['../comp'], generated: g(gc) });
      return mutate(tree, kusts, c, 'overlay');
    }
    case 'diamond': {
      writeLayer(tree, kusts, 'base', c.base, [], c, { generated: gb });
      const distinct = m !== 'diamond-conflict';
      const same = { namePrefix: undefined, nameSuffix: undefined, namespace: undefined };
      const gl = g(gb);
      const gr = g(gb);
      writeLayer(tree, kusts, 'left', c.left, base, c, { resources: ['../base'], force: distinct ? { namePrefix: 'l-' } : same, generated: gl });
      writeLayer(tree, kusts, 'right', c.right, base, c, { resources: ['../base'], force: distinct ? { namespace: 'right' } : same, generated: gr });
      writeLayer(tree, kusts, 'overlay', c.overlay, [...base, ...c.left.objects, ...c.right.objects], c, { resources: ['../left', '../right'], generated: g(gl, gr) });
      return mutate(tree, kusts, c, 'overlay');
    }
    case 'deep': {
      const g2: Gen = [];
      writeLayer(tree, kusts, 'comp2', c.comp2, [], c, { component: true, generated: g2 });
      writeLayer(tree, kusts, 'base', c.base, [], c, { components: ['../comp2'], generated: g(g2) });
      writeLayer(tree, kusts, 'comp', c.comp, base, c, { component: true, components: ['../comp2'], generated: g(g2) });
      writeLayer(tree, kusts, 'mid', c.left, base, c, { resources: ['../base'], components: ['../comp'], generated: g(g2) });
      writeLayer(tree, kusts, 'overlay', c.overlay, [...base, ...c.left.objects], c, { resources: ['../mid'], generated: g(g2) });
      return mutate(tree, kusts, c, 'overlay');
    }
  }
}

type Gen = Array<{ kind: string; name: string }>;
type Kusts = Record<string, Record<string, unknown>>;

function add(k: Record<string, unknown>, field: string, value: unknown, first = true): void {
  const cur = Array.isArray(k[field]) ? (k[field] as unknown[]) : [];
  k[field] = first ? [value, ...cur] : [...cur, value];
}

function mutate(tree: Tree, kusts: Kusts, c: CaseSpec, entry: string): { tree: Tree; entry: string } {
  const k = kusts[entry];
  switch (c.mutation) {
    case undefined:
    case 'diamond-conflict':
      break;
    case 'component-as-resource':
      kusts.lone = { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', namePrefix: 'c-' };
      add(k, 'resources', '../lone');
      break;
    case 'kustomization-as-component':
      kusts.plain = { namePrefix: 'k-' };
      add(k, 'components', '../plain');
      break;
    case 'bad-component-apiversion':
      kusts.lone = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Component', namePrefix: 'c-' };
      add(k, 'components', '../lone');
      break;
    case 'invalid-namespace':
      k.namespace = 'Bad_Namespace!';
      break;
    case 'blank-namespace':
      k.namespace = ' ';
      break;
    case 'cycle': {
      const other = Object.keys(kusts).find((d) => d !== entry && kusts[d].kind !== 'Component');
      if (other) add(kusts[other], 'resources', `../${entry}`, false);
      else add(k, 'resources', '.', false);
      break;
    }
    case 'unknown-field':
      k.resourcez = ['x.yaml'];
      break;
    case 'conflicting-patches':
      tree[`${entry}/conflict.yaml`] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conflict\ndata:\n  k: base\n';
      tree[`${entry}/conflict-a.yaml`] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conflict\ndata:\n  k: a\n';
      tree[`${entry}/conflict-b.yaml`] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conflict\ndata:\n  k: b\n';
      add(k, 'resources', 'conflict.yaml', false);
      add(k, 'patchesStrategicMerge', 'conflict-a.yaml', false);
      add(k, 'patchesStrategicMerge', 'conflict-b.yaml', false);
      break;
    case 'missing-resource':
      add(k, 'resources', 'missing.yaml', false);
      break;
  }
  for (const [dir, kust] of Object.entries(kusts)) tree[`${dir}/kustomization.yaml`] = dump(kust, c.emptyAsNull);
  return { tree, entry };
}
