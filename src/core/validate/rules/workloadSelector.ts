// The API server rejects a Deployment/StatefulSet/DaemonSet/ReplicaSet whose selector does not select its own
// pod template ("selector does not match template labels"). Schema validation cannot see this.
import { isObject } from '../../index/classify';
import { Problem, YamlPath } from '../problem';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

type Obj = Record<string, unknown>;

function matchesExpression(labels: Obj, e: Obj): boolean {
  const key = String(e.key);
  const values = Array.isArray(e.values) ? e.values.map(String) : [];
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (e.operator) {
    case 'In':
      return has && values.includes(String(labels[key]));
    case 'NotIn':
      return !has || !values.includes(String(labels[key]));
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return true; // an unknown operator is the schema's business
  }
}

export function workloadSelectorProblems(apiVersion: string, kind: string, value: unknown, prefix: YamlPath): Problem[] {
  if (!WORKLOADS.has(kind) || !apiVersion.startsWith('apps/') || !isObject(value) || !isObject(value.spec)) return [];
  const spec = value.spec;
  const selector = spec.selector;
  const template = isObject(spec.template) ? spec.template : undefined;
  // A missing selector or template is a missing-required-field problem, reported by the schema.
  if (!isObject(selector) || !template) return [];
  const labels = isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : {};
  const out: Problem[] = [];
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (!Object.prototype.hasOwnProperty.call(labels, k)) {
      out.push({
        code: 'RC1301',
        message: `Selector label "${k}: ${String(v)}" is not in spec.template.metadata.labels; the API server rejects this ${kind}. Add it to the template labels.`,
        path: [...prefix, 'spec', 'selector', 'matchLabels', k],
        which: 'key',
      });
    } else if (String(labels[k]) !== String(v)) {
      out.push({
        code: 'RC1301',
        message: `Selector wants "${k}: ${String(v)}" but the pod template has "${k}: ${String(labels[k])}"; the API server rejects this ${kind}. Make them equal.`,
        path: [...prefix, 'spec', 'selector', 'matchLabels', k],
        which: 'value',
      });
    }
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  expressions.forEach((e, i) => {
    if (isObject(e) && typeof e.key === 'string' && !matchesExpression(labels, e)) {
      out.push({
        code: 'RC1301',
        message: `Selector expression "${e.key} ${String(e.operator)}" does not match spec.template.metadata.labels; the API server rejects this ${kind}.`,
        path: [...prefix, 'spec', 'selector', 'matchExpressions', i],
        which: 'value',
      });
    }
  });
  return out;
}
