// `reconcile render --validate` through the command object on a copy of the e2e fixture: the YAML stream is
// unchanged on stdout, problems of the rendered objects go to stderr at the source line to fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { renderCommand } from '../../../src/cli/commands/render';
import { CliIO } from '../../../src/cli/command';
import { schemaDir } from '../validate/schemaDir';

const FIXTURE = path.resolve(__dirname, '..', '..', 'fixtures', 'e2e-repo');

function fixtureCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-render-validate-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: { RECONCILE_SCHEMA_DIR: schemaDir() } };
  return { code: await renderCommand.run(args, io), out, err };
}

test('render --validate: a clean overlay prints the same stream and a summary, exit 0', async () => {
  const dir = fixtureCopy();
  const plain = await run(['apps/production'], dir);
  const checked = await run(['apps/production', '--validate'], dir);
  assert.equal(checked.code, 0, checked.err);
  assert.equal(checked.out, plain.out);
  assert.match(checked.err, /^5 rendered objects checked: 0 errors, 0 other findings\n$/);
});

test('render --validate: a patch that breaks the Deployment is reported in the patch file, exit 1; a Flux file too', async () => {
  const dir = fixtureCopy();
  fs.writeFileSync(path.join(dir, 'apps/production/bad.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  replicas: lots\n');
  fs.appendFileSync(path.join(dir, 'apps/production/kustomization.yaml'), '  - path: bad.yaml\n');
  for (const target of ['apps/production', 'clusters/production/apps.yaml']) {
    const r = await run([target, '--validate'], dir);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.out.includes('kind: Deployment'), 'the stream is still printed');
    assert.match(r.err, /^apps\/production\/bad\.yaml:7: error RC11\d\d .*\(Deployment\/podinfo\)$/m);
    assert.match(r.err, /5 rendered objects checked: 1 error, 0 other findings/);
  }
});

test('render --validate with the kubectl engine is a usage error', async () => {
  const r = await run(['apps/production', '--validate', '--engine', 'kubectl'], fixtureCopy());
  assert.equal(r.code, 2);
  assert.match(r.err, /--validate needs the built-in engine/);
});
