// The object at the cursor, on index output of real files: a multi-document corpus file (with a leading
// `---` and comments) and a `kind: List`.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { resourceAtLine } from '../../../src/vscode/history/resourceAtLine';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example/infrastructure/controllers/cert-manager.yaml');
const LIST = `# two objects in one List document
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: first
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: second
`;

describe('resourceAtLine', () => {
  let dir: string;
  let index: RepositoryIndex;
  let corpusLines: string[];
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'history-at-line-'));
    const text = await fs.readFile(CORPUS, 'utf8');
    corpusLines = text.split('\n');
    await fs.writeFile(path.join(dir, 'cert-manager.yaml'), text);
    await fs.writeFile(path.join(dir, 'list.yaml'), LIST);
    index = new RepositoryIndex({ root: dir, fs: nodeFileSystem });
    await index.scan();
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  const at = (file: string, line: number) => {
    const f = index.getFile(file);
    assert.ok(f, file);
    const r = resourceAtLine(file, f.documents, index.resources(), line);
    return r && `${r.kind}/${r.name}`;
  };
  const lineOf = (needle: string, from = 0) => corpusLines.findIndex((l, i) => i >= from && l.startsWith(needle));

  it('finds the document holding the line in a multi-document file', () => {
    const ns = lineOf('kind: Namespace');
    const oci = lineOf('kind: OCIRepository');
    const helm = lineOf('kind: HelmRelease');
    assert.ok(ns >= 0 && oci > ns && helm > oci);
    assert.equal(at('cert-manager.yaml', ns), 'Namespace/cert-manager');
    assert.equal(at('cert-manager.yaml', oci + 3), 'OCIRepository/cert-manager');
    assert.equal(at('cert-manager.yaml', helm), 'HelmRelease/cert-manager');
    assert.equal(at('cert-manager.yaml', corpusLines.length - 1), 'HelmRelease/cert-manager', 'past the last line: the last document');
  });
  it('gives a `---` line to the document after it', () => {
    const marker = lineOf('---', lineOf('kind: Namespace'));
    assert.equal(at('cert-manager.yaml', marker), 'OCIRepository/cert-manager');
    assert.equal(at('cert-manager.yaml', 0), 'Namespace/cert-manager');
  });
  it('picks the List item whose first line is at or above the cursor', () => {
    const lines = LIST.split('\n');
    assert.equal(at('list.yaml', 0), 'ConfigMap/first', 'the comment above the List: its first item');
    assert.equal(at('list.yaml', lines.indexOf('      name: first')), 'ConfigMap/first');
    assert.equal(at('list.yaml', lines.indexOf('      name: second')), 'ConfigMap/second');
  });
});
