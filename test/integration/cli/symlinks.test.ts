// A repository reached through a symlink (macOS /tmp and /var, many home folders): the containment check compares
// real paths, output paths stay repository-relative. A symlink leading out of the repository stays out.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initRepo, lineOf, runCli } from '../../support/cli';
import { schemaDir } from '../../unit/validate/schemaDir';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  type: Balancer
  selector:
    app.kubernetes.io/name: api
  ports:
    - port: 443
      targetPort: 8443
`;

interface Report {
  diagnostics: Array<{ file: string; line: number; code: string }>;
}

describe('paths through symlinks', () => {
  let repo: string;
  let scratch: string;
  let link: string;
  let outside: string;
  const env = { RECONCILE_SCHEMA_DIR: schemaDir() };

  before(async () => {
    repo = await initRepo({ 'apps/shop/service.yaml': SERVICE, 'apps/shop/kustomization.yaml': 'resources:\n  - service.yaml\n' });
    scratch = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-links-')));
    link = path.join(scratch, 'checkout');
    await fs.symlink(repo, link, 'dir');
    outside = path.join(scratch, 'private');
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  token: do-not-read\n');
  });
  after(async () => {
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(scratch, { recursive: true, force: true });
  });

  const expected = [['apps/shop/service.yaml', lineOf(SERVICE, 'type: Balancer'), 'RC1104']];
  const found = (stdout: string) => (JSON.parse(stdout) as Report).diagnostics.map((d) => [d.file, d.line, d.code]);

  it('an absolute path through a symlink, run from elsewhere', async () => {
    for (const target of [path.join(link, 'apps', 'shop', 'service.yaml'), path.join(link, 'apps'), link]) {
      const r = await runCli(['validate', target, '--format', 'json'], { cwd: scratch, env });
      assert.equal(r.code, 1, `${target}: ${r.stderr}`);
      assert.deepEqual(found(r.stdout), expected, target);
    }
  });

  it('the current directory inside the symlink, relative and absolute paths', async () => {
    const cwd = path.join(link, 'apps');
    for (const args of [['shop'], ['shop/service.yaml'], [path.join(link, 'apps', 'shop')], []]) {
      const r = await runCli(['validate', ...args, '--format', 'json'], { cwd, env: { ...env, PWD: cwd } });
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.deepEqual(found(r.stdout), expected, args.join(' '));
    }
  });

  it('render and index through the symlink report repository-relative origins', async () => {
    const render = await runCli(['render', path.join(link, 'apps', 'shop'), '--show-origins'], { cwd: scratch, env });
    assert.equal(render.code, 0, render.stderr);
    assert.match(render.stdout, /^# Source: apps\/shop\/service\.yaml:1$/m);
    const index = await runCli(['index', path.join(link, 'apps'), '--format', 'json'], { cwd: scratch, env });
    assert.equal(index.code, 0, index.stderr);
    assert.deepEqual(
      (JSON.parse(index.stdout) as { resources: Array<{ file: string }> }).resources.map((x) => x.file),
      ['shop/service.yaml'],
    );
  });

  it('a symlink inside the repository that leads out of it is refused, not read', async () => {
    await fs.symlink(outside, path.join(repo, 'apps', 'vendor'), 'dir');
    try {
      for (const args of [['validate', 'apps/vendor', '--format', 'json'], ['validate', 'apps/vendor/secret.yaml'], ['index', 'apps/vendor'], ['render', 'apps/vendor']]) {
        const r = await runCli(args, { cwd: repo, env });
        assert.equal(r.code, 2, args.join(' '));
        assert.equal(r.stdout, '', args.join(' '));
        assert.match(r.stderr, /apps\/vendor.* leads out of the repository .* through a symlink/, args.join(' '));
        assert.doesNotMatch(r.stderr, /do-not-read/);
      }
    } finally {
      await fs.rm(path.join(repo, 'apps', 'vendor'));
    }
  });
});
