// Flux post-build substitution: a `${VAR}` in a manifest that a Flux Kustomization applies, with postBuild
// set, and no value for VAR in `postBuild.substitute` or in the in-repo ConfigMaps/Secrets of
// `postBuild.substituteFrom`. Flux then fails the apply ("variable not set", strict substitution) or writes
// an empty string. `${VAR:=default}` / `${VAR:-default}` carry a default; `$${VAR}` is Flux's escape.
import { isObject } from '../../index/classify';
import type { RepositoryIndex } from '../../index/repositoryIndex';

type Obj = Record<string, unknown>;

export interface SubstitutionScope {
  /** The Flux Kustomization (namespace/name) whose build includes the file. */
  kustomization: string;
  vars: Set<string>;
}

/** File → the postBuild scopes it is applied under. Kustomizations whose values cannot all be seen are left out. */
export function substitutionScopes(index: RepositoryIndex): Map<string, SubstitutionScope[]> {
  const out = new Map<string, SubstitutionScope[]>();
  for (const app of index.apps()) {
    if (app.kind !== 'FluxKustomization' || app.path === undefined) continue;
    const doc = index.getFile(app.file)?.documents.find((d) => d.index === app.documentIndex);
    const spec = isObject(doc?.value) && isObject((doc?.value as Obj).spec) ? ((doc?.value as Obj).spec as Obj) : undefined;
    const postBuild = spec && isObject(spec.postBuild) ? spec.postBuild : undefined;
    if (!postBuild) continue;
    const vars = new Set<string>(isObject(postBuild.substitute) ? Object.keys(postBuild.substitute) : []);
    let complete = true;
    for (const from of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []) {
      if (!isObject(from) || typeof from.kind !== 'string' || typeof from.name !== 'string') continue;
      const found = index.findObjects({ kind: from.kind, name: from.name, namespace: app.namespace });
      if (found.length === 0) {
        // Optional sources may be absent; a required one defined only in the cluster hides the real values.
        if (from.optional !== true) complete = false;
        continue;
      }
      const src = index.getFile(found[0].file)?.documents.find((d) => d.index === found[0].documentIndex)?.value;
      if (!isObject(src)) continue;
      for (const key of ['data', 'stringData']) if (isObject(src[key])) for (const k of Object.keys(src[key] as Obj)) vars.add(k);
    }
    if (!complete) continue;
    const scope = { kustomization: `${app.namespace ? app.namespace + '/' : ''}${app.name}`, vars };
    const files = new Set(index.appResources(app).map((r) => r.file));
    for (const f of files) {
      const list = out.get(f);
      if (list) list.push(scope);
      else out.set(f, [scope]);
    }
  }
  return out;
}

export function scopeSignature(scopes: SubstitutionScope[] | undefined): string {
  return scopes ? scopes.map((s) => `${s.kustomization}:${[...s.vars].sort().join(',')}`).join(';') : '';
}

const VARIABLE = /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}/g;

export interface UnsetVariable {
  start: number;
  end: number;
  message: string;
}

export function unsetVariables(text: string, from: number, to: number, scopes: SubstitutionScope[]): UnsetVariable[] {
  const out: UnsetVariable[] = [];
  const body = text.slice(from, to);
  for (const m of body.matchAll(VARIABLE)) {
    if (m[1] === '$') continue; // `$${VAR}` is written out literally
    if (/^:?[=-]/.test(m[3])) continue; // has a default
    const missing = scopes.filter((s) => !s.vars.has(m[2]));
    if (missing.length === 0) continue;
    const start = from + (m.index ?? 0);
    out.push({
      start,
      end: start + m[0].length,
      message: `\${${m[2]}} has no value in Flux Kustomization ${missing.map((s) => s.kustomization).join(', ')} (postBuild.substitute / substituteFrom); Flux fails or substitutes an empty string. Add it, or give a default: \${${m[2]}:=value}.`,
    });
  }
  return out;
}
