// The API server rejects a Deployment/StatefulSet/DaemonSet/ReplicaSet whose selector does not select its own
// pod template ("selector does not match template labels"). Schema validation cannot see this.
import { Problem, YamlPath } from '../problem';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

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
  if (!WORKLOADS.has(kind) || !apiVersion.startsWith('apps/') || !isObj(value) || !isObj(value.spec)) return [];
  const spec = value.spec;
  const selector = spec.selector;
  const template = isObj(spec.template) ? spec.template : undefined;
  // A missing selector or template is a missing-required-field problem, reported by the schema.
  if (!isObj(selector) || !template) return [];
  const labels = isObj(template.metadata) && isObj(template.metadata.labels) ? template.metadata.labels : {};
  const out: Problem[] = [];
  const matchLabels = isObj(selector.matchLabels) ? selector.matchLabels : {};
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
    if (isObj(e) && typeof e.key === 'string' && !matchesExpression(labels, e)) {
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
