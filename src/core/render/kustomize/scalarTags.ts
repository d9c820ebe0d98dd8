// kyaml keeps a YAML tag on every scalar node. A replacement swaps only the text of a scalar target, so the
// node keeps its tag (`replicas: 2` stays !!int) and go-yaml decodes text and tag together when kustomize
// writes the result: `0755` into an !!int is 493, `cfg` into an !!int fails — but only if the node still
// holds that text at the end (a later replicas entry or patch may overwrite it). A node kyaml created
// (replacement `options.create`, the images transformer's SetScalar; the replicas transformer's
// nodes are !!int) has no tag: its text
// resolves as written (`0755` is 493, `true` a boolean, `web` a string).
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { BuildResource, KustomizeError, describe } from './model';

export type ScalarTag = 'str' | 'int' | 'float' | 'bool' | 'null';

/** go-yaml v3's resolution of a plain scalar (resolve.go), timestamps and .inf/.nan left as strings. */
export function resolvePlain(text: string): { tag: ScalarTag; value: Json } {
  if (/^(?:true|True|TRUE)$/.test(text)) return { tag: 'bool', value: true };
  if (/^(?:false|False|FALSE)$/.test(text)) return { tag: 'bool', value: false };
  if (/^(?:|~|null|Null|NULL)$/.test(text)) return { tag: 'null', value: null };
  const c = text[0];
  if (c === '.') {
    if (/^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text)) return { tag: 'float', value: Number(text) };
    return { tag: 'str', value: text };
  }
  if (!/[-+0-9]/.test(c)) return { tag: 'str', value: text };
  const plain = text.replace(/_/g, '');
  const int = parseGoInt(plain);
  if (int !== undefined) return { tag: 'int', value: int };
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(plain)) return { tag: 'float', value: Number(plain) };
  return { tag: 'str', value: text };
}

/** strconv.ParseInt(s, 0, 64) (and ParseUint): sign, 0x / 0o / 0b prefixes, a leading 0 for octal. */
function parseGoInt(s: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2];
  let n: number;
  if (/^0[xXoObB]/.test(body)) n = parseInt(body.slice(2), body[1].toLowerCase() === 'x' ? 16 : body[1].toLowerCase() === 'o' ? 8 : 2);
  else if (body.length > 1 && body[0] === '0') n = parseInt(body.slice(1), 8);
  else n = Number(body);
  if (m[1] === '-' && n > 2 ** 63) return undefined;
  return m[1] === '-' ? -n : n;
}

export function tagOf(v: Json): ScalarTag {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return 'str';
}

/** Decodes `text` as a node tagged `tag` would be: the value, or the go-yaml error. */
export function decodeAs(text: string, tag: ScalarTag): { ok: true; value: Json } | { ok: false; message: string } {
  if (tag === 'str') return { ok: true, value: text };
  const r = resolvePlain(text);
  if (r.tag === tag || (tag === 'float' && r.tag === 'int')) return { ok: true, value: r.value };
  return { ok: false, message: `cannot decode !!${r.tag} \`${text}\` as a !!${tag}` };
}

// Scalars kyaml created without a tag: parent object → key → the value written (a node replaced since by
// another writer no longer holds it, and is tagged again).
const untagged = new WeakMap<object, Map<string | number, Json>>();

export function markUntagged(parent: JsonMap | Json[], key: string | number): void {
  let m = untagged.get(parent);
  if (!m) untagged.set(parent, (m = new Map()));
  m.set(key, (parent as Record<string | number, Json>)[key as never] as Json);
}

export function isUntagged(parent: JsonMap | Json[], key: string | number): boolean {
  const m = untagged.get(parent);
  return m !== undefined && m.has(key) && m.get(key) === (parent as Record<string | number, Json>)[key as never];
}

// Texts written into a node of another type: the build fails if the node still holds them at the end.
const pending = new WeakMap<BuildResource, Array<{ path: Array<string | number>; text: string; message: string; by: string; tag: ScalarTag }>>();

export function deferDecodeError(r: BuildResource, path: Array<string | number>, text: string, message: string, by: string, tag: ScalarTag): void {
  let l = pending.get(r);
  if (!l) pending.set(r, (l = []));
  l.push({ path, text, message, by, tag });
}

/**
 * The tag of a node that holds text it cannot decode (written by an earlier replacement): still the
 * node's own (`!!int`), so the next replacement's text is decoded against it too.
 */
export function pendingTag(r: BuildResource, path: Array<string | number>, current: Json | undefined): ScalarTag | undefined {
  const key = path.join('\u0000');
  const l = pending.get(r) ?? [];
  for (let i = l.length - 1; i >= 0; i--) if (l[i].text === current && l[i].path.join('\u0000') === key) return l[i].tag;
  return undefined;
}

/**
 * At the end of the build kustomize decodes every object (the undecodable text fails the build there);
 * annotations are read back as strings first (RemoveBuildAnnotations), so they never fail.
 */
export function checkDeferredDecodes(list: BuildResource[]): void {
  for (const r of list) {
    for (const p of pending.get(r) ?? []) {
      if (p.path[0] === 'metadata' && p.path[1] === 'annotations') continue;
      let node: Json | undefined = r.object;
      for (const k of p.path) node = isMap(node) || Array.isArray(node) ? (node as Record<string | number, Json>)[k as never] : undefined;
      if (node === p.text) throw new KustomizeError(`replacement: ${p.message} (${describe(r.object)} ${p.path.join('.')}: the target field keeps its type)`, p.by);
    }
  }
}
