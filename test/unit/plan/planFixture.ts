// Plans built from real comparisons of generated objects, for the output and size-cap tests: each app
// holds Deployments whose env values differ between base and head, so every object has a real diff.
import { compareRenders, DEFAULT_CHURN_RULES } from '../../../src/core/plan/compareRenders';
import { summarize } from '../../../src/core/plan/plan';
import { AppPlan, Plan } from '../../../src/core/plan/types';
import { KubeObject, Manifest } from '../../../src/core/types';

function deployment(app: string, i: number, value: string, envCount: number): Manifest {
  const object: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `svc-${i}`, namespace: app },
    spec: {
      selector: { matchLabels: { app: `svc-${i}` } },
      template: {
        metadata: { labels: { app: `svc-${i}` } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.27', env: Array.from({ length: envCount }, (_, e) => ({ name: `VAR_${e}`, value: `${value}-${e}` })) }] },
      },
    },
  };
  const range = { file: `${app}/d.yaml`, start: 0, end: 0, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 0 } };
  return { object, origin: { file: `${app}/d.yaml`, documentIndex: i, range } };
}

/** `apps` apps of `objects` changed Deployments each; `envCount` sets how long each diff is. */
export function syntheticPlan(apps: number, objects: number, envCount = 5): Plan {
  const list: AppPlan[] = [];
  for (let a = 0; a < apps; a++) {
    const name = `app-${a}`;
    const before = Array.from({ length: objects }, (_, i) => deployment(name, i, 'old', envCount));
    const after = Array.from({ length: objects }, (_, i) => deployment(name, i, 'new', envCount));
    const cmp = compareRenders(before, after, { churn: DEFAULT_CHURN_RULES });
    list.push({
      kind: 'KustomizeDirectory',
      name: `apps/${name}`,
      file: `apps/${name}/kustomization.yaml`,
      documentIndex: 0,
      path: `apps/${name}`,
      engine: 'builtin',
      status: 'changed',
      objects: cmp.objects,
      diagnostics: [],
      selectedBy: [`apps/${name}/kustomization.yaml`],
      hidden: cmp.hidden,
    });
  }
  return {
    version: 1,
    base: { ref: 'main', commit: 'a'.repeat(40) },
    head: { ref: 'feature', commit: 'b'.repeat(40) },
    changedFiles: list.map((a) => a.file),
    apps: list,
    unrendered: [],
    summary: summarize(list, [], true),
    churnRules: DEFAULT_CHURN_RULES,
    stats: { appsTotal: apps, appsAffected: apps, rendersRun: apps * 2, rendersCached: 0, ms: 1 },
    toolVersion: 'test',
  };
}

/** Whether every code fence and `<details>` opened in a markdown text is closed in it. */
export function balanced(md: string): { fences: boolean; details: boolean } {
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (!m) continue;
    if (!fence) fence = m[1];
    else if (m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
  }
  const opened = (md.match(/<details[ >]/g) ?? []).length;
  const closed = (md.match(/<\/details>/g) ?? []).length;
  return { fences: fence === undefined, details: opened === closed };
}
