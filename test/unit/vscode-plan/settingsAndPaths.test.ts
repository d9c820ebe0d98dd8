// The Change Impact view's settings and its reading of the plan's field paths back into segments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath } from '../../../src/core/diff/path';
import { PathSegment } from '../../../src/core/diff/types';
import { parseFieldPath } from '../../../src/vscode/plan/fieldPath';
import { DEFAULT_PLAN_SETTINGS, isPlausibleRevision, readPlanSettings } from '../../../src/vscode/plan/planSettings';

describe('Change Impact settings', () => {
  it('defaults: on, HEAD, 400 ms, the core churn rules', () => {
    const r = readPlanSettings(() => undefined);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.settings, DEFAULT_PLAN_SETTINGS);
    assert.equal(r.settings.base, 'HEAD');
    assert.equal(r.settings.debounceMs, 400);
  });

  it('takes good values, clamps the debounce, and names each bad value while keeping its default', () => {
    const good = readPlanSettings((k) => ({ enabled: false, base: ' origin/main ', debounceMs: 5, churn: ['x/*'] })[k]);
    assert.deepEqual(good.settings, { enabled: false, base: 'origin/main', debounceMs: 50, churn: ['x/*'] });
    assert.deepEqual(good.problems, []);
    const bad = readPlanSettings((k) => ({ enabled: 'yes', base: '--upload-pack=evil', debounceMs: 'fast', churn: [1] })[k]);
    assert.deepEqual(bad.settings, DEFAULT_PLAN_SETTINGS);
    assert.equal(bad.problems.length, 4);
    assert.match(bad.problems.join('\n'), /reconcile\.plan\.base: "--upload-pack=evil" is not a branch/);
  });

  it('accepts revision names git understands and refuses options, ranges and spaces', () => {
    for (const ok of ['HEAD', 'main', 'origin/main', 'v1.2.3', 'HEAD~3', 'HEAD^', 'a1b2c3d']) assert.ok(isPlausibleRevision(ok), ok);
    for (const no of ['', '-x', '--output=/tmp/x', 'main..dev', 'a b']) assert.ok(!isPlausibleRevision(no), no);
  });
});

describe('field paths read back', () => {
  const cases: Array<[string, PathSegment[]]> = [
    ['spec.template.spec.containers[name=web].image', ['spec', 'template', 'spec', 'containers', { key: { name: 'web' } }, 'image']],
    ['metadata.labels["app.kubernetes.io/name"]', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['spec.ports[port=80].targetPort', ['spec', 'ports', { key: { port: 80 } }, 'targetPort']],
    ['spec.containers[0].args[2]', ['spec', 'containers', 0, 'args', 2]],
    ['data["a b"]', ['data', 'a b']],
    ['spec.rules[host="a,b]"].x', ['spec', 'rules', { key: { host: 'a,b]' } }, 'x']],
  ];
  for (const [text, segments] of cases) {
    it(text, () => {
      assert.deepEqual(parseFieldPath(text), segments);
      // The inverse of the core's formatter: the same text comes back.
      assert.equal(formatPath(parseFieldPath(text)!), text);
    });
  }

  it('round-trips what formatPath writes for many shapes', () => {
    const keys = ['a', 'b-c', 'x.y', 'with space', '"q"', '$ref', '0lead'];
    for (const k of keys)
      for (const v of ['web', 8080, 'a=b', 'x,y']) {
        const segs: PathSegment[] = ['spec', k, 'items', { key: { name: v } }, 3];
        assert.deepEqual(parseFieldPath(formatPath(segs)), segs, formatPath(segs));
      }
  });

  it('says undefined for text that is not a path', () => {
    for (const bad of ['.a', 'a[', 'a[=x]', 'a..b', 'a["x"']) assert.equal(parseFieldPath(bad), undefined, bad);
  });
});
