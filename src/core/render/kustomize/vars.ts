// Legacy `vars`: `$(NAME)` in known fields replaced by a field of a named object, resolved once at the
// end of the top-level build (after name references), as kustomize's ResolveVars does.
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { BuildResource, KustomizeError, kindOf, nameOf } from './model';
import { podSpecPaths } from './builtinConfig';
import { splitPath, visitSegments } from './fieldPath';
import { splitFieldPath } from './replacements';

export interface VarDef {
  name?: string;
  objref?: { kind?: string; name?: string; apiVersion?: string; namespace?: string };
  fieldref?: { fieldpath?: string };
  /** The objects of the kustomization that declared the var: its objref resolves among them. */
  scope?: Set<BuildResource>;
  /**
   * The objects the objref matched when the declaring kustomization finished (kustomize's MergeVars:
   * current or previous ids, same group/version/kind and name, and namespace when the objref gives one).
   */
  bound?: BuildResource[];
}

/** kustomize's ResAccumulator.MergeVars matching: the objects a var's objref names, by any id they have had. */
export function bindVar(v: VarDef, list: BuildResource[]): BuildResource[] {
  const ref = v.objref ?? {};
  const av = ref.apiVersion ?? '';
  return list.filter((r) => {
    if (av && r.object.apiVersion !== av && !(av.indexOf('/') < 0 && r.object.apiVersion === av)) return false;
    const md = isMap(r.object.metadata) ? r.object.metadata : {};
    const current = { name: nameOf(r.object), namespace: typeof md.namespace === 'string' && md.namespace ? md.namespace : 'default', kind: kindOf(r.object) };
    return [current, ...(r.prevIds ?? [])].some((id) => id.kind === ref.kind && id.name === ref.name && (!ref.namespace || id.namespace === ref.namespace));
  });
}

/** Fields kustomize's default varReference config lists, relative to each pod spec / object. */
const CONTAINER_FIELDS = ['command', 'args', 'env/value', 'workingDir'];
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];
const OBJECT_FIELDS: Array<[string | undefined, string]> = [
  [undefined, 'metadata/annotations'],
  [undefined, 'metadata/labels'],
  ['Ingress', 'spec/rules/host'],
  ['Ingress', 'spec/tls/hosts'],
  ['Ingress', 'spec/tls/secretName'],
  ['StatefulSet', 'spec/serviceName'],
  ['Service', 'spec/ports/name'],
  ['ConfigMap', 'data'],
  ['Role', 'rules/resourceNames'],
];

function getField(o: JsonMap, path: string): Json | undefined {
  let cur: Json | undefined = o;
  for (const seg of splitFieldPath(path)) {
    const m = /^([^[]*)\[(\d+)\]$/.exec(seg);
    if (m) {
      cur = isMap(cur) ? cur[m[1]] : undefined;
      cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
    } else cur = isMap(cur) ? cur[seg] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function replaceIn(node: Json, fn: (s: string) => Json): Json {
  if (typeof node === 'string') return fn(node);
  if (Array.isArray(node)) return node.map((x) => replaceIn(x, fn));
  if (isMap(node)) {
    for (const k of Object.keys(node)) node[k] = replaceIn(node[k], fn);
    return node;
  }
  return node;
}


export function resolveVars(list: BuildResource[], vars: VarDef[], extraPaths: Array<{ kind?: string; path: string }> = []): void {
  if (vars.length === 0) return;
  const values = new Map<string, Json>();
  for (const v of vars) {
    if (!v.name || !v.objref?.kind || !v.objref.name) throw new KustomizeError(`var ${v.name ?? '(unnamed)'} needs a name and an objref with kind and name`);
    if (values.has(v.name)) throw new KustomizeError(`var '${v.name}' is defined more than once`);
    const target = v.bound ? v.bound.filter((r) => list.includes(r)) : list.filter((r) => (!v.scope || v.scope.has(r)) && kindOf(r.object) === v.objref?.kind && (r.nameHistory.includes(v.objref.name ?? '') || nameOf(r.object) === v.objref?.name));
    if (target.length !== 1) throw new KustomizeError(`var '${v.name}' cannot be resolved: ${target.length === 0 ? 'no' : 'more than one'} ${v.objref.kind} named '${v.objref.name}'`);
    const val = getField(target[0].object, v.fieldref?.fieldpath ?? 'metadata.name');
    if (val === undefined || isMap(val) || Array.isArray(val)) throw new KustomizeError(`var '${v.name}': field ${v.fieldref?.fieldpath ?? 'metadata.name'} of ${v.objref.kind} '${v.objref.name}' is not a scalar`);
    values.set(v.name, val);
  }
  const sub = (s: string): Json => {
    const whole = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(s);
    if (whole && values.has(whole[1])) return values.get(whole[1]) ?? s;
    return s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => (values.has(n) ? String(values.get(n)) : m));
  };
  const apply = (root: Json, path: string) => visitSegments(root, splitPath(path), (p, k) => {
    p[k] = replaceIn(p[k], sub);
  });
  for (const r of list) {
    const kind = kindOf(r.object);
    for (const podPath of podSpecPaths(kind)) {
      let pod: Json | undefined = r.object;
      for (const s of splitPath(podPath)) pod = isMap(pod) ? pod[s] : undefined;
      if (!isMap(pod)) continue;
      for (const list of CONTAINER_LISTS) for (const f of CONTAINER_FIELDS) apply(pod, `${list}/${f}`);
    }
    for (const [k, path] of [...OBJECT_FIELDS, ...extraPaths.map((e) => [e.kind, e.path] as [string | undefined, string])]) {
      if (!k || k === kind) apply(r.object, path);
    }
  }
}
