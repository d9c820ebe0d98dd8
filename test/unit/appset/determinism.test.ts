// Properties: expanding the same ApplicationSet twice gives the same result, and the result does not
// depend on the order in which directories were created or cluster Secrets were found.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { ClusterSecret, expandApplicationSet } from '../../../src/core/appset';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { REMOTE } from './support';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

function appset(goTemplate: boolean, generators: string): unknown {
  const t = (s: string) => (goTemplate ? `{{ .${s} }}` : `{{${s}}}`);
  return parse(`apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: p, namespace: argocd}
spec:
  goTemplate: ${goTemplate}
  generators:
${generators}
  template:
    metadata:
      name: '${t('path.basename')}-${t('name')}'
    spec:
      project: default
      source: {repoURL: '${REMOTE}', targetRevision: HEAD, path: '${t(goTemplate ? 'path.path' : 'path')}'}
      destination: {server: '${t('server')}', namespace: default}
`);
}

const MATRIX = `  - matrix:
      generators:
      - clusters: {}
      - git:
          repoURL: ${REMOTE}
          directories:
          - path: apps/*`;

describe('expansion is deterministic and order-stable', () => {
  it('same repository, same clusters in any order → the same Applications in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(name, { minLength: 1, maxLength: 8 }),
        fc.uniqueArray(name, { minLength: 0, maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        async (dirs, clusters, goTemplate, seed) => {
          const root = mkdtempSync(join(tmpdir(), 'appset-prop-'));
          try {
            // Create directories in a seed-dependent order: the file system's listing order varies with it.
            const shuffled = [...dirs].sort((a, b) => ((a.charCodeAt(0) * seed) % 7) - ((b.charCodeAt(0) * seed) % 7));
            for (const d of shuffled) {
              mkdirSync(join(root, 'apps', d), { recursive: true });
              writeFileSync(join(root, 'apps', d, 'k.yaml'), '');
            }
            const secrets: ClusterSecret[] = clusters.map((c) => ({ name: c, server: `https://${c}.example`, labels: {}, annotations: {} }));
            const doc = { file: 'appset.yaml', index: 0, value: appset(goTemplate, MATRIX) };
            const run = (s: ClusterSecret[]) => expandApplicationSet(doc, { root, fs: nodeFileSystem, remotes: [REMOTE], clusterSecrets: s, text: '' });
            const first = await run(secrets);
            const again = await run([...secrets].reverse());
            assert.deepEqual(again, first);
            const expectedClusters = ['in-cluster', ...[...clusters].sort()];
            const expected = expectedClusters.flatMap((c) => [...dirs].sort().map((d) => `${d}-${c}`));
            assert.deepEqual(first.applications.map((a) => a.name), expected);
          } finally {
            rmSync(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
