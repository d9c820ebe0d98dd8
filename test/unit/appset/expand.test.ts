// ApplicationSets from the fixture repository (test/fixtures/appsets/repo), written in the style of Argo
// CD's documentation examples, expanded the way the controller would.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterSecretsFrom } from '../../../src/core/appset';
import { docsOf, expandFixture, field, FIXTURE_ROOT, names } from './support';

describe('list generator', () => {
  it('renders each element, with values.* in fasttemplate mode', async () => {
    const r = await expandFixture('list.yaml');
    assert.deepEqual(names(r), ['engineering-dev-guestbook', 'engineering-prod-guestbook']);
    const [dev, prod] = r.applications;
    assert.equal(field(dev.object, ['spec', 'destination', 'server']), 'https://1.2.3.4');
    assert.equal(field(prod.object, ['spec', 'destination', 'namespace']), 'guestbook-v1.2.0');
    assert.deepEqual(field(dev.object, ['metadata', 'labels']), { cluster: 'engineering-dev' });
    assert.equal(field(dev.object, ['metadata', 'namespace']), 'argocd');
    assert.deepEqual(field(dev.object, ['metadata', 'finalizers']), ['resources-finalizer.argocd.argoproj.io']);
    assert.deepEqual(dev.sourcePaths, ['apps/guestbook']);
    assert.deepEqual(dev.params, { cluster: 'engineering-dev', url: 'https://1.2.3.4', 'values.revision': 'main' });
    assert.deepEqual(r.problems, []);
  });
});

describe('git generator', () => {
  it('directories: path.Match includes, excludes that always win, dot directories skipped', async () => {
    const r = await expandFixture('git-directories.yaml');
    // apps/.hidden is skipped and apps/exclude-helm-guestbook excluded; apps/podinfo/overlays is too deep for apps/*.
    assert.deepEqual(names(r), ['guestbook', 'my_api', 'podinfo']);
    assert.equal(field(r.applications[1].object, ['spec', 'destination', 'namespace']), 'my-api');
    assert.deepEqual(r.applications[2].params, { path: 'apps/podinfo', 'path.basename': 'podinfo', 'path.basenameNormalized': 'podinfo', 'path[0]': 'apps', 'path[1]': 'podinfo' });
  });
  it('files: JSON flattened to a.b.c in fasttemplate mode, with path, path.filename and path[n]', async () => {
    const r = await expandFixture('git-files.yaml');
    assert.deepEqual(names(r), ['engineering-dev-guestbook', 'engineering-prod-guestbook']);
    assert.deepEqual(field(r.applications[1].object, ['metadata', 'annotations']), {
      owner: 'cluster-admin@company.com',
      replicas: '5',
      'config-dir': 'cluster-config/engineering/prod/config.json (engineering)',
    });
    assert.equal(field(r.applications[0].object, ['spec', 'destination', 'server']), 'https://1.2.3.4');
  });
  it('files: nested values in Go-template mode, Sprig functions, numbers as float64', async () => {
    const r = await expandFixture('go-template.yaml');
    assert.deepEqual(names(r), ['engineering-dev-dev', 'engineering-prod-prod']);
    assert.deepEqual(field(r.applications[0].object, ['metadata', 'labels']), { account: 'acct-123456', size: 'small' });
    assert.equal(field(r.applications[1].object, ['metadata', 'labels', 'size']), 'large');
    assert.equal(field(r.applications[1].object, ['spec', 'destination', 'namespace']), 'engineering-prod');
    assert.deepEqual(field(r.applications[0].params, ['path', 'segments']), ['cluster-config', 'engineering', 'dev']);
    // preserveResourcesOnDeletion: no finalizer, and the sync policy travels with the result.
    assert.equal(field(r.applications[0].object, ['metadata', 'finalizers']), undefined);
    assert.equal(r.preserveResourcesOnDeletion, true);
    assert.deepEqual(r.syncPolicy, { preserveResourcesOnDeletion: true, applicationsSync: 'create-update' });
  });
  it('a repoURL that is not this repository is not expanded, with the reason and its line', async () => {
    const r = await expandFixture('controller-only.yaml');
    const git = r.notExpanded.find((n) => n.generator === 'git');
    assert.match(git?.reason ?? '', /repoURL https:\/\/github.com\/someone-else\/other.git is not this repository/);
    assert.equal(git?.range?.startPos.line, 14);
  });
});

describe('clusters generator', () => {
  it('reads cluster Secrets (stringData and base64 data) without their config, and adds in-cluster', () => {
    const secrets = clusterSecretsFrom(docsOf(FIXTURE_ROOT, 'clusters'));
    assert.deepEqual(
      secrets.map((s) => [s.name, s.server, s.project]).sort(),
      [['Dev_Cluster', 'https://dev.example.com', undefined], ['prod-eu', 'https://prod.example.com', 'platform'], ['staging', 'https://staging.example.com', undefined]],
    );
    assert.ok(!JSON.stringify(secrets).includes('bearerToken'));
  });
  it('no selector: in-cluster first, then Secrets by name; values templated with the cluster params', async () => {
    const r = await expandFixture('clusters.yaml');
    assert.deepEqual(names(r), ['in-cluster-guestbook', 'dev-cluster-guestbook', 'prod-eu-guestbook', 'staging-guestbook']);
    assert.equal(field(r.applications[2].object, ['spec', 'source', 'targetRevision']), 'prod');
    // in-cluster has no labels: fasttemplate leaves the tag, which is worth a warning on the template line.
    assert.equal(field(r.applications[0].object, ['spec', 'source', 'targetRevision']), '{{metadata.labels.env}}');
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.range?.startPos.line]),
      [['RC1801', 'warning', 17]],
    );
  });
  it('with a selector: no in-cluster; Go-template metadata.labels and values', async () => {
    const r = await expandFixture('clusters-selector.yaml');
    assert.deepEqual(names(r), ['addons-prod-eu', 'addons-staging']);
    assert.deepEqual(field(r.applications[0].object, ['metadata', 'annotations']), { tier: 'gold', env: 'prod' });
    assert.equal(field(r.applications[0].object, ['spec', 'project']), 'platform');
    assert.equal(field(r.applications[1].object, ['spec', 'project']), 'default');
  });
  it('a Secret for https://kubernetes.default.svc replaces the implicit in-cluster', async () => {
    const secrets = [...clusterSecretsFrom(docsOf(FIXTURE_ROOT, 'clusters')), { name: 'local', server: 'https://kubernetes.default.svc', labels: {}, annotations: {} }];
    const r = await expandFixture('clusters.yaml', { clusterSecrets: secrets });
    assert.deepEqual(names(r), ['dev-cluster-guestbook', 'local-guestbook', 'prod-eu-guestbook', 'staging-guestbook']);
  });
});

describe('matrix and merge generators', () => {
  it('matrix: clusters × directories, the second child templated with the first child\'s params', async () => {
    const r = await expandFixture('matrix.yaml');
    // Each cluster excludes a different directory through the interpolated exclude path.
    assert.deepEqual(names(r), [
      'exclude-helm-guestbook-dev-cluster', 'guestbook-dev-cluster', 'podinfo-dev-cluster',
      'exclude-helm-guestbook-prod-eu', 'guestbook-prod-eu', 'podinfo-prod-eu',
      'exclude-helm-guestbook-staging', 'guestbook-staging', 'my-api-staging',
    ]);
    assert.equal(field(r.applications[8].object, ['spec', 'destination', 'server']), 'https://staging.example.com');
    assert.deepEqual(r.problems, []);
  });
  it('merge: the first generator\'s sets overridden by later ones sharing the merge key', async () => {
    const r = await expandFixture('merge.yaml');
    assert.deepEqual(
      r.applications.map((a) => [a.name, field(a.object, ['metadata', 'labels'])]),
      [
        ['in-cluster-infra', { kafka: 'true', redis: 'false' }],
        ['Dev_Cluster-infra', { kafka: 'true', redis: 'false' }],
        ['prod-eu-infra', { kafka: 'true', redis: 'true' }],
        ['staging-infra', { kafka: 'false', redis: 'true' }],
      ],
    );
  });
});

describe('templates: overrides, templatePatch and controller-only generators', () => {
  it('a generator template is merged over the spec template; templatePatch applies but cannot change the project', async () => {
    const r = await expandFixture('overrides.yaml');
    assert.deepEqual(names(r), ['guestbook', 'missing-app']);
    const app = r.applications[0].object;
    assert.equal(field(app, ['spec', 'source', 'path']), 'apps/guestbook');
    assert.equal(field(app, ['spec', 'project']), 'override-project');
    assert.equal(field(app, ['spec', 'destination', 'namespace']), 'guestbook');
    assert.deepEqual(field(app, ['spec', 'syncPolicy']), { automated: { prune: true } });
    assert.deepEqual(field(app, ['metadata', 'annotations']), { 'patched-for': 'guestbook' });
    assert.deepEqual(field(app, ['metadata', 'finalizers']), ['resources-finalizer.argocd.argoproj.io']);
    // The missing path is reported where it is written: in the generator's template.
    const missing = r.problems.find((p) => p.code === 'RC1804');
    assert.deepEqual(missing?.path, ['spec', 'generators', 0, 'list', 'template', 'spec', 'source', 'path']);
    assert.equal(missing?.range?.startPos.line, 18);
  });
  it('scmProvider and pullRequest are reported as needing the controller; other generators still expand', async () => {
    const r = await expandFixture('controller-only.yaml');
    assert.deepEqual(names(r), ['preview-qa']);
    assert.deepEqual(
      r.notExpanded.filter((n) => n.generator !== 'git').map((n) => [n.generator, n.reason, n.range?.startPos.line]),
      [
        ['pullRequest', 'the pullRequest generator needs the ApplicationSet controller', 7],
        ['scmProvider', 'the scmProvider generator needs the ApplicationSet controller', 11],
      ],
    );
  });
});

describe('problems carry ranges on the ApplicationSet', () => {
  it('missingkey=error names the key, with Go\'s message, on the template line', async () => {
    const r = await expandFixture('missing-key.yaml');
    assert.deepEqual(r.applications, []);
    assert.equal(r.problems.length, 1);
    const p = r.problems[0];
    assert.equal(p.message, 'failed to execute go template {{ .zone }}: template: :1:3: executing "" at <.zone>: map has no entry for key "zone"');
    assert.equal(p.range?.file, 'appsets/missing-key.yaml');
    assert.equal(p.range?.startPos.line, 16);
    assert.equal(p.range?.startPos.character, 14);
  });
  it('duplicate generated names and source paths missing from the repository', async () => {
    const r = await expandFixture('broken.yaml');
    assert.deepEqual(names(r), ['guestbook', 'guestbook', 'nosuch']);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.message, p.range?.startPos.line]),
      [
        ['RC1804', 'Application nosuch: source.path "apps/nosuch" does not exist in this repository.', 24],
        ['RC1803', 'ApplicationSet broken contains applications with duplicate name: guestbook (the controller rejects the whole ApplicationSet)', 18],
      ],
    );
  });
});
