// Outside a git work tree there is no repository to scan: `reconcile validate app` run from a folder (say $HOME)
// reads the named paths and what they share, never everything around them. Through the real CLI process.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../support/cli';
import { schemaDir } from '../../unit/validate/schemaDir';

// A CRD beside the named folder: read only when the run is allowed to look there.
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
`;

const WIDGET = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: big
spec:
  size: large
`;

interface Report {
  files: number;
  diagnostics: Array<{ file: string; code: string; message: string }>;
}

describe('reconcile validate outside git', () => {
  let dir: string;
  const env = { RECONCILE_SCHEMA_DIR: schemaDir(), GIT_CEILING_DIRECTORIES: os.tmpdir() };
  const validate = async (args: string[]) => {
    const r = await runCli(['validate', '--format', 'json', ...args], { cwd: dir, env });
    return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout || '{"files":0,"diagnostics":[]}') as Report };
  };

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-nogit-'));
    await fs.mkdir(path.join(dir, 'app'));
    await fs.mkdir(path.join(dir, 'crds'));
    await fs.writeFile(path.join(dir, 'app', 'widget.yaml'), WIDGET);
    await fs.writeFile(path.join(dir, 'crds', 'widget.yaml'), CRD);
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads only the named folder, not the current directory around it, and names files as typed', async () => {
    const { report, stderr } = await validate(['app']);
    assert.equal(report.files, 1, stderr);
    assert.ok(report.diagnostics.every((d) => d.file === 'app/widget.yaml'), JSON.stringify(report.diagnostics));
    // The CRD in crds/ was not read, so the Widget has no schema to break.
    assert.ok(!report.diagnostics.some((d) => d.code === 'RC1101'), JSON.stringify(report.diagnostics));
  });

  it('reads what the named paths share when several are named', async () => {
    const { code, report, stderr } = await validate(['app', 'crds']);
    assert.equal(code, 1, stderr);
    const schemaError = report.diagnostics.find((d) => d.code === 'RC1101');
    assert.ok(schemaError, JSON.stringify(report.diagnostics));
    assert.equal(schemaError.file, 'app/widget.yaml');
  });
});
