// `helm template` for charts in the repository and for Flux HelmReleases whose chart is in the repository.
// The pure parts (argument list, values layering as helm-controller does it) are separate from running
// the binary, which happens only in trusted workspaces; a missing binary is a message, never a crash.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CancellationToken } from '../types';
import { isMap, Json, JsonMap } from './merge/strategicMerge';
import { ObjectLookup } from './flux/fluxKustomization';
import { ExternalResult, runRenderTool } from './external';

export interface HelmTemplateSpec {
  releaseName: string;
  namespace?: string;
  /** Absolute chart directory. */
  chartDir: string;
  /** Absolute values files, in order (later wins). */
  valuesFiles?: string[];
  /** `--kube-version`, so `.Capabilities.KubeVersion` matches the target cluster. */
  kubeVersion?: string;
  includeCrds?: boolean;
}

/** The argument list of `helm template` (no shell: every value is one argument). */
export function helmTemplateArgs(s: HelmTemplateSpec): string[] {
  const args = ['template', s.releaseName, s.chartDir];
  if (s.namespace) args.push('--namespace', s.namespace);
  for (const f of s.valuesFiles ?? []) args.push('--values', f);
  if (s.kubeVersion) args.push('--kube-version', s.kubeVersion);
  if (s.includeCrds) args.push('--include-crds');
  return args;
}

/** Helm's values coalescing: maps merge key by key, anything else replaces; `null` removes the key. */
export function mergeHelmValues(base: JsonMap, over: JsonMap): JsonMap {
  const out: JsonMap = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = mergeHelmValues(out[k] as JsonMap, v);
    else out[k] = v;
  }
  return out;
}

/** Sets `a.b.c` (helm `--set` style path; `\.` escapes a dot) in a copy of `values`. */
export function setAtPath(values: JsonMap, path: string, value: Json): JsonMap {
  const keys = path.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'));
  const root: JsonMap = { ...values };
  let node = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) {
      node[k] = value;
      return;
    }
    const next: JsonMap = isMap(node[k]) ? { ...(node[k] as JsonMap) } : {};
    node[k] = next;
    node = next;
  });
  return root;
}

export type ValuesResult = { ok: true; values: JsonMap; sources: string[] } | { ok: false; error: { message: string } };

function decode(kind: 'ConfigMap' | 'Secret', obj: JsonMap, key: string): string | undefined {
  if (kind === 'Secret') {
    const data = obj.data;
    if (isMap(data) && typeof data[key] === 'string') return Buffer.from(data[key] as string, 'base64').toString('utf8');
    const sd = obj.stringData;
    return isMap(sd) && typeof sd[key] === 'string' ? (sd[key] as string) : undefined;
  }
  const data = obj.data;
  return isMap(data) && typeof data[key] === 'string' ? (data[key] as string) : undefined;
}

/**
 * The values a Flux HelmRelease passes to its chart: each `spec.valuesFrom` entry in order (a ConfigMap or
 * Secret key holding YAML, or one value at `targetPath`), then `spec.values` on top, as helm-controller merges them.
 */
export async function helmReleaseValues(release: JsonMap, lookup: ObjectLookup): Promise<ValuesResult> {
  const meta = isMap(release.metadata) ? release.metadata : {};
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : 'default';
  const spec = isMap(release.spec) ? release.spec : {};
  let values: JsonMap = {};
  const sources: string[] = [];
  const from = Array.isArray(spec.valuesFrom) ? spec.valuesFrom : [];
  for (const ref of from) {
    if (!isMap(ref)) continue;
    const kind = ref.kind === 'Secret' ? 'Secret' : ref.kind === 'ConfigMap' ? 'ConfigMap' : undefined;
    const name = typeof ref.name === 'string' ? ref.name : '';
    if (!kind) return { ok: false, error: { message: `valuesFrom kind '${String(ref.kind)}' is not ConfigMap or Secret` } };
    const key = typeof ref.valuesKey === 'string' && ref.valuesKey ? ref.valuesKey : 'values.yaml';
    const obj = await lookup(kind, name, namespace);
    const text = obj ? decode(kind, obj, key) : undefined;
    if (text === undefined) {
      if (ref.optional === true) continue;
      return { ok: false, error: { message: `valuesFrom ${kind} ${namespace}/${name} (key ${key}) is not in the repository; mark it optional or render with values in spec.values` } };
    }
    sources.push(`${kind}/${name}`);
    if (typeof ref.targetPath === 'string' && ref.targetPath) {
      values = setAtPath(values, ref.targetPath, text);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (e) {
      return { ok: false, error: { message: `valuesFrom ${kind} ${namespace}/${name} key ${key} is not valid YAML: ${e instanceof Error ? e.message : String(e)}` } };
    }
    if (parsed !== null && parsed !== undefined && !isMap(parsed)) return { ok: false, error: { message: `valuesFrom ${kind} ${namespace}/${name} key ${key} is not a YAML mapping` } };
    if (isMap(parsed)) values = mergeHelmValues(values, parsed);
  }
  if (isMap(spec.values)) {
    values = mergeHelmValues(values, spec.values);
    sources.push('spec.values');
  }
  return { ok: true, values, sources };
}

export const HELM_NOT_FOUND = (bin: string) =>
  `'${bin}' was not found. Install Helm 3 (https://helm.sh/docs/intro/install/, e.g. 'brew install helm' or your distribution's package) or set reconcile.helm.path to the helm binary.`;

export interface HelmRunOptions {
  trusted: boolean;
  helmPath?: string;
  token?: CancellationToken;
  timeoutMs?: number;
}

/** Runs `helm template` with `values` written to a temporary values file (removed afterwards). */
export function runHelmTemplate(spec: HelmTemplateSpec, values: JsonMap | undefined, o: HelmRunOptions): Promise<ExternalResult> {
  if (!o.trusted) {
    return Promise.resolve({ ok: false, error: { message: 'helm is an external binary, which does not run in an untrusted workspace (Restricted Mode); trust the workspace to render Helm charts' } });
  }
  const bin = o.helmPath || 'helm';
  let tmp: string | undefined;
  const files = [...(spec.valuesFiles ?? [])];
  if (values && Object.keys(values).length > 0) {
    tmp = mkdtempSync(join(tmpdir(), 'reconcile-helm-'));
    const file = join(tmp, 'values.json');
    writeFileSync(file, JSON.stringify(values)); // JSON is YAML: helm reads it as a values file
    files.push(file);
  }
  const args = helmTemplateArgs({ ...spec, valuesFiles: files });
  // No kubeconfig: `helm template` renders offline and must not reach a cluster.
  return runRenderTool(bin, args, { token: o.token, timeoutMs: o.timeoutMs, noKubeconfig: true, notFound: HELM_NOT_FOUND(bin), failed: 'helm template failed' }).finally(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });
}
