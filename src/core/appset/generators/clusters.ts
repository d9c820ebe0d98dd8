// The clusters generator over the cluster Secrets in this repository, plus Argo CD's implicit in-cluster
// (https://kubernetes.default.svc), which is included only when the generator has no selector and no
// Secret already registers that server. Secrets come in name order (Argo CD's order is a map's).
import type { GeneratorEngine } from '../engine';
import { sanitizeName } from '../gotemplate/sprig';
import { GoMap } from '../gotemplate/values';
import { isEmptySelector, LabelSelector, ParamSet, selectorMatches } from '../params';
import { isPlainMap } from '../render';
import { APPSET_CODES, ClusterSecret, YamlPath } from '../types';
import { appendTemplatedValues } from './values';

export const IN_CLUSTER_NAME = 'in-cluster';
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

export function clustersParams(engine: GeneratorEngine, spec: unknown, path: YamlPath): ParamSet[] | undefined {
  const s = isPlainMap(spec) ? spec : {};
  const selector = (isPlainMap(s.selector) ? s.selector : undefined) as LabelSelector | undefined;
  const secrets = new Map<string, ClusterSecret>();
  for (const c of engine.ctx.clusterSecrets) {
    const m = selector ? selectorMatches(selector, { ...c.labels, [SECRET_TYPE_LABEL]: 'cluster' }) : true;
    if (typeof m === 'object') {
      engine.problem(APPSET_CODES.generator, 'error', `Selector: ${m.error}.`, [...path, 'selector']);
      return undefined;
    }
    if (m) secrets.set(c.name, c);
  }
  const values = isPlainMap(s.values) ? s.values : {};
  const out: ParamSet[] = [];
  const sorted = [...secrets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (isEmptySelector(selector) && !sorted.some((c) => c.server === IN_CLUSTER_SERVER)) {
    const params: ParamSet = { name: IN_CLUSTER_NAME, nameNormalized: IN_CLUSTER_NAME, server: IN_CLUSTER_SERVER, project: '' };
    if (!appendTemplatedValues(engine, values, params, [...path, 'values'])) return undefined;
    out.push(params);
  }
  for (const c of sorted) {
    const params: ParamSet = { name: c.name, nameNormalized: sanitizeName(c.name), server: c.server, project: c.project ?? '' };
    if (engine.goTemplate) {
      const meta: GoMap = {};
      if (Object.keys(c.annotations).length) meta.annotations = { ...c.annotations };
      if (Object.keys(c.labels).length) meta.labels = { ...c.labels };
      params.metadata = meta;
    } else {
      for (const [k, v] of Object.entries(c.annotations)) params[`metadata.annotations.${k}`] = v;
      for (const [k, v] of Object.entries(c.labels)) params[`metadata.labels.${k}`] = v;
    }
    if (!appendTemplatedValues(engine, values, params, [...path, 'values'])) return undefined;
    out.push(params);
  }
  if (out.length === 0) engine.problem(APPSET_CODES.generator, 'warning', 'No cluster Secret in this repository matches this selector, so the clusters generator generates no Applications here (clusters registered only in Argo CD are not known offline).', path);
  return s.flatList === true ? [{ clusters: out as GoMap[] }] : out;
}
