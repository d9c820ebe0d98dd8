import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { brief, codes, validateRepo } from './helpers';
import { CORPUS } from './schemaDir';

const DEPLOYMENT = (extra = '', labels = 'app: web') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
        - name: web
          image: nginx:1.27
${extra}`;

describe('schema rules', () => {
  it('a valid Deployment has no diagnostics', async () => {
    const { diagnostics } = await validateRepo({ 'deploy.yaml': DEPLOYMENT() });
    assert.deepEqual(diagnostics, []);
  });

  it('wrong type: exact value range, with the fix in the message', async () => {
    const { diagnostics } = await validateRepo({ 'deploy.yaml': DEPLOYMENT('          ports:\n            - containerPort: "http"\n') });
    assert.deepEqual(diagnostics.map(brief), ['deploy.yaml:18 RC1101']);
    const d = diagnostics[0];
    assert.equal(d.severity, 'error');
    assert.equal(d.range.startPos.character, 29);
    assert.match(d.message, /containerPort must be an integer, not a string/);
  });

  it('unknown field (strict): key range and a spelling suggestion', async () => {
    const { diagnostics, root } = await validateRepo({ 'deploy.yaml': DEPLOYMENT('          imagePullPolcy: Always\n') });
    assert.deepEqual(diagnostics.map(brief), ['deploy.yaml:17 RC1102']);
    assert.match(diagnostics[0].message, /Did you mean "imagePullPolicy"/);
    const text = fs.readFileSync(path.join(root, 'deploy.yaml'), 'utf8');
    assert.equal(text.slice(diagnostics[0].range.start, diagnostics[0].range.end), 'imagePullPolcy');
  });

  it('missing required field lands on the parent key', async () => {
    const { diagnostics } = await validateRepo({ 'deploy.yaml': DEPLOYMENT().replace('          image: nginx:1.27\n', '').replace('        - name: web', '        - image: nginx') });
    assert.deepEqual(diagnostics.map(brief), ['deploy.yaml:15 RC1103']);
    assert.match(diagnostics[0].message, /Missing required field "name"/);
  });

  it('bad enum from a prose description (imagePullPolicy: Sometimes, type: Balancer)', async () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: Balancer\n  ports:\n    - port: 80\n';
    const { diagnostics } = await validateRepo({ 'deploy.yaml': DEPLOYMENT('          imagePullPolicy: Sometimes\n'), 'svc.yaml': svc });
    assert.deepEqual(diagnostics.map(brief), ['deploy.yaml:17 RC1104', 'svc.yaml:6 RC1104']);
    assert.match(diagnostics[0].message, /use one of: Always, Never, IfNotPresent/);
  });

  it('bad format: quantity and base64', async () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: not base64!\n';
    const { diagnostics } = await validateRepo({
      'deploy.yaml': DEPLOYMENT('          resources:\n            limits:\n              cpu: 2 cores\n              memory: 512Mi\n            requests:\n              cpu: 1\n'),
      'secret.yaml': secret,
    });
    assert.deepEqual(diagnostics.map(brief), ['deploy.yaml:19 RC1105', 'secret.yaml:6 RC1105']);
  });

  it('int-or-string and null values are accepted', async () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels: null\nspec:\n  ports:\n    - port: 80\n      targetPort: http\n    - port: 81\n      targetPort: 8081\n';
    const { diagnostics } = await validateRepo({ 'svc.yaml': svc });
    assert.deepEqual(diagnostics, []);
  });

  it('missing apiVersion or kind on something meant as an object', async () => {
    const { diagnostics } = await validateRepo({ 'a.yaml': 'kind: ConfigMap\nmetadata:\n  name: x\n', 'ci.yaml': 'on: push\njobs: {}\n' });
    assert.deepEqual(diagnostics.map(brief), ['a.yaml:1 RC1001']);
  });

  it('items of a List are validated at their own lines', async () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: b\n    spec:\n      ports:\n        - port: "80"\n';
    const { diagnostics } = await validateRepo({ 'list.yaml': list });
    assert.deepEqual(diagnostics.map(brief), ['list.yaml:14 RC1101']);
  });

  it('the schema is chosen by apiVersion/kind, never by file name', async () => {
    const { diagnostics } = await validateRepo({ 'service.yaml': DEPLOYMENT(), 'deployment.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n' });
    assert.deepEqual(diagnostics, []);
  });
});

describe('API lifecycle rules', () => {
  it('removed apiVersion with a mechanical quick fix', async () => {
    const sc = 'apiVersion: storage.k8s.io/v1beta1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: kubernetes.io/azure-disk\n';
    const { diagnostics } = await validateRepo({ 'sc.yaml': sc });
    assert.deepEqual(diagnostics.map(brief), ['sc.yaml:1 RC1201']);
    const fix = diagnostics[0].fixes?.[0];
    assert.ok(fix);
    assert.equal(fix.edits[0].newText, 'storage.k8s.io/v1');
    assert.equal(sc.slice(fix.edits[0].range.start, fix.edits[0].range.end), 'storage.k8s.io/v1beta1');
  });

  it('no quick fix when the move is not mechanical (extensions/v1beta1 DaemonSet lacks a selector)', async () => {
    const ds = 'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels:\n        a: b\n    spec:\n      containers:\n        - name: c\n          image: i\n';
    const { diagnostics } = await validateRepo({ 'ds.yaml': ds });
    assert.deepEqual(diagnostics.map(brief), ['ds.yaml:1 RC1201']);
    assert.equal(diagnostics[0].fixes, undefined);
    assert.match(diagnostics[0].message, /apps\/v1/);
  });

  it('the target version decides: flowcontrol v1beta3 is served by 1.30 and removed by 1.34', async () => {
    const fs1 = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\nspec:\n  priorityLevelConfiguration:\n    name: global-default\n';
    const old = await validateRepo({ 'f.yaml': fs1 }, { version: '1.30' });
    const now = await validateRepo({ 'f.yaml': fs1 }, { version: '1.34' });
    assert.ok(!codes(old.diagnostics).includes('RC1201'));
    assert.deepEqual(codes(now.diagnostics), ['RC1201']);
  });

  it('unknown kind in a Kubernetes group is an error with a suggestion; an unknown CRD kind is one info per kind', async () => {
    const { diagnostics } = await validateRepo({
      'a.yaml': 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n',
      'b.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: a\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: b\n',
    });
    assert.deepEqual(diagnostics.map(brief), ['a.yaml:2 RC1203', 'b.yaml:2 RC1204']);
    assert.equal(diagnostics[1].severity, 'info');
    assert.match(diagnostics[0].message, /Did you mean "Deployment"/);
  });
});

describe('CRDs in the repository', () => {
  it('validates custom resources against a CRD found in the repo (served versions)', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
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
              required: [size]
              properties:
                size: { type: integer }
`;
    const cr = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n  colour: red\n';
    const { diagnostics } = await validateRepo({ 'crd.yaml': crd, 'w.yaml': cr });
    assert.deepEqual(diagnostics.map(brief), ['w.yaml:6 RC1101', 'w.yaml:7 RC1102']);
  });
});

describe('Kustomize', () => {
  it('patch documents are validated leniently: no missing-required, SMP directives allowed, unknown fields still caught', async () => {
    const { diagnostics } = await validateRepo({
      'base/deploy.yaml': DEPLOYMENT(),
      'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      'overlay/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: patch.yaml\n',
      'overlay/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: web\n          $patch: delete\n          imagePullPolcy: Always\n',
    });
    assert.deepEqual(diagnostics.map(brief), ['overlay/patch.yaml:12 RC1102']);
  });

  it('resources/components/patches paths that do not exist', async () => {
    const { diagnostics } = await validateRepo({
      'app/kustomization.yaml': 'resources:\n  - deploy.yaml\n  - missing.yaml\n  - https://github.com/org/repo//x?ref=v1\ncomponents:\n  - ../nope\npatches:\n  - path: gone.yaml\n',
      'app/deploy.yaml': DEPLOYMENT(),
    });
    assert.deepEqual(diagnostics.map(brief), ['app/kustomization.yaml:3 RC1401', 'app/kustomization.yaml:6 RC1401', 'app/kustomization.yaml:8 RC1401']);
  });
});

describe('workloads', () => {
  it('selector that does not match template labels', async () => {
    const { diagnostics } = await validateRepo({ 'd.yaml': DEPLOYMENT('', 'app: webapp') });
    assert.deepEqual(diagnostics.map(brief), ['d.yaml:8 RC1301']);
    assert.match(diagnostics[0].message, /pod template has "app: webapp"/);
  });
});

describe('Flux and Argo CD references', () => {
  it('sourceRef to an undefined source is info; dependsOn to unknown is a warning; path missing', async () => {
    const ks = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/nowhere
  prune: true
  dependsOn:
    - name: infra
  sourceRef:
    kind: GitRepository
    name: flux-system
`;
    const { diagnostics } = await validateRepo({ 'clusters/apps.yaml': ks });
    assert.deepEqual(
      diagnostics.map((d) => `${brief(d)} ${d.severity}`),
      ['clusters/apps.yaml:8 RC1502 warning', 'clusters/apps.yaml:11 RC1503 warning', 'clusters/apps.yaml:14 RC1501 info'],
    );
  });

  it('Argo CD Application path missing, only when repoURL is this repository', async () => {
    const app = (url: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
spec:
  project: default
  source:
    repoURL: ${url}
    path: apps/guestbook
    targetRevision: HEAD
  destination:
    server: https://kubernetes.default.svc
    namespace: default
`;
    const here = await validateRepo({ 'app.yaml': app('https://github.com/me/gitops.git') }, { repoUrls: ['git@github.com:me/gitops.git'] });
    assert.deepEqual(here.diagnostics.map(brief), ['app.yaml:9 RC1601']);
    const elsewhere = await validateRepo({ 'app.yaml': app('https://github.com/other/repo.git') }, { repoUrls: ['git@github.com:me/gitops.git'] });
    assert.deepEqual(elsewhere.diagnostics, []);
  });
});

describe('Helm', () => {
  it('templates are never validated; values.yaml is checked against values.schema.json', async () => {
    const chart = path.join(CORPUS, 'cert-manager__cert-manager', 'deploy', 'charts', 'cert-manager');
    const files: Record<string, string> = {
      'chart/Chart.yaml': fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'),
      'chart/values.schema.json': fs.readFileSync(path.join(chart, 'values.schema.json'), 'utf8'),
      'chart/values.yaml': fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8').replace(/^replicaCount: 1$/m, 'replicaCount: one\nreplicaCont: 1'),
    };
    for (const t of fs.readdirSync(path.join(chart, 'templates'))) files[`chart/templates/${t}`] = fs.readFileSync(path.join(chart, 'templates', t), 'utf8');
    const { diagnostics } = await validateRepo(files);
    assert.ok(diagnostics.every((d) => !d.range.file.includes('/templates/')));
    const line = files['chart/values.yaml'].split('\n').findIndex((l) => l === 'replicaCount: one') + 1;
    assert.ok(line > 0);
    assert.deepEqual(diagnostics.map(brief).sort(), [`chart/values.yaml:${line + 1} RC1701`, `chart/values.yaml:${line} RC1701`].sort());
  });
});

describe('suppression and severities', () => {
  it('# reconcile-ignore on the line, the line above, or the document head', async () => {
    const { diagnostics } = await validateRepo({
      'a.yaml': DEPLOYMENT('          imagePullPolcy: Always # reconcile-ignore RC1102\n'),
      'b.yaml': DEPLOYMENT('          # reconcile-ignore RC1102\n          imagePullPolcy: Always\n'),
      'c.yaml': '# reconcile-ignore RC1102\n' + DEPLOYMENT('          imagePullPolcy: Always\n'),
      'd.yaml': DEPLOYMENT('          imagePullPolcy: Always # reconcile-ignore RC1101\n'),
    });
    assert.deepEqual(diagnostics.map(brief), ['d.yaml:17 RC1102']);
  });

  it('severity overrides change or silence a rule', async () => {
    const files = { 'a.yaml': DEPLOYMENT('          imagePullPolcy: Always\n'), 'b.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: a\n' };
    const { diagnostics } = await validateRepo(files, { options: { severityOverrides: { RC1102: 'warning', RC1204: 'off' } } });
    assert.deepEqual(diagnostics.map((d) => `${brief(d)} ${d.severity}`), ['a.yaml:17 RC1102 warning']);
  });
});

describe('YAML errors from the index', () => {
  it('syntax errors and duplicate keys are diagnostics', async () => {
    const { diagnostics } = await validateRepo({
      'dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n  a: "2"\n',
      'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n',
    });
    assert.deepEqual(codes(diagnostics).sort(), ['RC0001', 'RC0002']);
    assert.equal(diagnostics.find((d) => d.code === 'RC0002')?.range.startPos.line, 6);
  });
});

describe('incremental re-validation', () => {
  it('an edited buffer is re-validated; unchanged files come from the cache', async () => {
    const { index, validator } = await validateRepo({ 'a.yaml': DEPLOYMENT(), 'b.yaml': DEPLOYMENT() });
    const before = await validator.validateIndex(index);
    assert.equal(before.diagnostics.length, 0);
    await index.updateFile('a.yaml', DEPLOYMENT('          imagePullPolicy: Sometimes\n'));
    const after = await validator.validateFile(index, 'a.yaml');
    assert.deepEqual(after.map(brief), ['a.yaml:17 RC1104']);
    const b1 = (await validator.validateIndex(index)).byFile.get('b.yaml');
    const b2 = (await validator.validateIndex(index)).byFile.get('b.yaml');
    assert.equal(b1, b2);
  });
});

describe('YAML 1.1 booleans (how Kubernetes reads YAML)', () => {
  const pod = (env: string, links: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  enableServiceLinks: ${links}\n  containers:\n    - name: c\n      image: i\n      env:\n        - name: FEATURE\n          value: ${env}\n`;

  it('an unquoted yes in a string field is an error with a quoting fix; quoted is fine', async () => {
    const { diagnostics } = await validateRepo({ 'a.yaml': pod('yes', 'true'), 'b.yaml': pod('"yes"', 'true') });
    assert.deepEqual(diagnostics.map(brief), ['a.yaml:12 RC1107']);
    assert.equal(diagnostics[0].fixes?.[0].edits[0].newText, '"yes"');
  });

  it('an unquoted on in a boolean field is accepted (Kubernetes reads true); a quoted one is a wrong type', async () => {
    const { diagnostics } = await validateRepo({ 'a.yaml': pod('"x"', 'on'), 'b.yaml': pod('"x"', '"on"') });
    assert.deepEqual(diagnostics.map(brief), ['b.yaml:6 RC1101']);
  });
});

describe('Flux post-build substitution', () => {
  const ks = (postBuild: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
${postBuild}`;
  const deploy = DEPLOYMENT('          env:\n            - name: CLUSTER\n              value: ${cluster_name}\n            - name: REGION\n              value: ${region:=eu-west-1}\n            - name: LITERAL\n              value: $${not_substituted}\n').replace('spec:\n  selector', 'spec:\n  replicas: ${replicas}\n  selector');

  it('reports a ${VAR} with no value, not ones with defaults or escapes, and does not type-check ${VAR} values', async () => {
    const { diagnostics } = await validateRepo({
      'clusters/apps.yaml': ks('  postBuild:\n    substitute:\n      replicas: "2"\n'),
      'apps/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      'apps/deploy.yaml': deploy,
    });
    assert.deepEqual(
      diagnostics.filter((d) => d.code !== 'RC1501').map((d) => `${brief(d)} ${d.severity}`),
      ['apps/deploy.yaml:20 RC1504 warning'],
    );
    const d = diagnostics.find((x) => x.code === 'RC1504');
    assert.equal(deploy.slice(d?.range.start, d?.range.end), '${cluster_name}');
    assert.match(d?.message ?? '', /flux-system\/apps/);
  });

  it('values from an in-repo substituteFrom ConfigMap count; no postBuild means no check', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vars\n  namespace: flux-system\ndata:\n  cluster_name: prod\n  replicas: "3"\n';
    const withFrom = await validateRepo({
      'clusters/apps.yaml': ks('  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: vars\n'),
      'clusters/vars.yaml': cm,
      'apps/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      'apps/deploy.yaml': deploy,
    });
    assert.deepEqual(withFrom.diagnostics.filter((d) => d.code === 'RC1504'), []);
    const none = await validateRepo({ 'clusters/apps.yaml': ks(''), 'apps/kustomization.yaml': 'resources:\n  - deploy.yaml\n', 'apps/deploy.yaml': deploy });
    assert.deepEqual(none.diagnostics.filter((d) => d.code === 'RC1504'), []);
    // A required source defined only in the cluster hides the values: no guessing.
    const clusterOnly = await validateRepo({
      'clusters/apps.yaml': ks('  postBuild:\n    substituteFrom:\n      - kind: Secret\n        name: cluster-vars\n'),
      'apps/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      'apps/deploy.yaml': deploy,
    });
    assert.deepEqual(clusterOnly.diagnostics.filter((d) => d.code === 'RC1504'), []);
  });
});

describe('duplicate resources in one kustomize build', () => {
  const cm = (name: string, ns?: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}data:\n  a: "1"\n`;

  it('the same object twice in a build is an error on the second', async () => {
    const { diagnostics } = await validateRepo({
      'base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
      'base/cm.yaml': cm('settings'),
      'overlay/kustomization.yaml': 'resources:\n  - ../base\n  - extra.yaml\n',
      'overlay/extra.yaml': cm('settings'),
    });
    assert.deepEqual(diagnostics.map(brief), ['overlay/extra.yaml:4 RC1402']);
    assert.match(diagnostics[0].message, /base\/cm\.yaml:1/);
  });

  it('namespace and namePrefix of sub-builds keep same-named objects apart', async () => {
    const { diagnostics } = await validateRepo({
      'a/kustomization.yaml': 'namespace: team-a\nresources:\n  - cm.yaml\n',
      'a/cm.yaml': cm('settings'),
      'b/kustomization.yaml': 'namePrefix: b-\nresources:\n  - cm.yaml\n',
      'b/cm.yaml': cm('settings'),
      'c/kustomization.yaml': 'resources:\n  - cm.yaml\n',
      'c/cm.yaml': cm('settings', 'other'),
      'all/kustomization.yaml': 'resources:\n  - ../a\n  - ../b\n  - ../c\n',
    });
    assert.deepEqual(diagnostics, []);
  });

  it('an outer namespace makes objects from different namespaces collide', async () => {
    const { diagnostics } = await validateRepo({
      'app/kustomization.yaml': 'namespace: prod\nresources:\n  - one.yaml\n  - two.yaml\n',
      'app/one.yaml': cm('settings', 'ns-x'),
      'app/two.yaml': cm('settings', 'ns-y'),
    });
    assert.deepEqual(diagnostics.map(brief), ['app/two.yaml:4 RC1402']);
  });
});

describe('kustomize patches that target nothing', () => {
  const base = {
    'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
    'base/deploy.yaml': DEPLOYMENT(),
  };

  it('a strategic-merge patch file naming an object not in the build is an error at the patch entry', async () => {
    const { diagnostics } = await validateRepo({
      ...base,
      'overlay/kustomization.yaml': 'namePrefix: prod-\nresources:\n  - ../base\npatches:\n  - path: good.yaml\n  - path: typo.yaml\n',
      'overlay/good.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
      'overlay/typo.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wbe\nspec:\n  replicas: 2\n',
    });
    assert.deepEqual(diagnostics.map(brief), ['overlay/kustomization.yaml:6 RC1403']);
    assert.match(diagnostics[0].message, /Deployment wbe/);
  });

  it('a target selector matching nothing is a warning; regex names and label selectors are understood', async () => {
    const { diagnostics } = await validateRepo({
      ...base,
      'overlay/kustomization.yaml': [
        'resources:\n  - ../base\npatches:',
        '  - patch: |\n      - op: replace\n        path: /spec/replicas\n        value: 3\n    target:\n      kind: Deployment\n      name: "(web|api)"',
        '  - patch: |\n      - op: replace\n        path: /spec/replicas\n        value: 3\n    target:\n      kind: StatefulSet\n      name: web',
        '  - patch: |\n      - op: replace\n        path: /spec/replicas\n        value: 3\n    target:\n      labelSelector: app=nothing',
        '',
      ].join('\n'),
    });
    assert.deepEqual(diagnostics.map((d) => `${brief(d)} ${d.severity}`), ['overlay/kustomization.yaml:15 RC1403 warning']);
  });

  it('builds with placeholder (empty) resource files are not judged', async () => {
    const { diagnostics } = await validateRepo({
      'flux-system/kustomization.yaml': 'resources:\n  - gotk-components.yaml\npatches:\n  - patch: |\n      - op: add\n        path: /x\n        value: 1\n    target:\n      kind: Deployment\n      name: kustomize-controller\n',
      'flux-system/gotk-components.yaml': '# generated by flux bootstrap\n',
    });
    assert.deepEqual(diagnostics, []);
  });
});

describe('ConfigMap/Secret references missing from the build', () => {
  it('warns for a name the build lacks; generators, sealed secrets and optional refs count as present', async () => {
    const deploy = DEPLOYMENT(
      '          envFrom:\n            - configMapRef:\n                name: settings\n            - secretRef:\n                name: creds\n            - configMapRef:\n                name: maybe\n                optional: true\n            - configMapRef:\n                name: setings-typo\n',
    );
    const { diagnostics } = await validateRepo({
      'app/kustomization.yaml': 'namePrefix: prod-\nresources:\n  - deploy.yaml\n  - sealed.yaml\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - a=b\n',
      'app/deploy.yaml': deploy,
      'app/sealed.yaml': 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: creds\nspec:\n  encryptedData: {}\n',
    });
    assert.deepEqual(
      diagnostics.filter((d) => d.code !== 'RC1204').map((d) => `${brief(d)} ${d.severity}`),
      ['app/deploy.yaml:26 RC1404 warning'],
    );
    assert.match(diagnostics.find((d) => d.code === 'RC1404')?.message ?? '', /setings-typo/);
  });
});

describe('kustomization fields', () => {
  it('an unknown top-level field is an error with a rename fix; every kustomize field is accepted', async () => {
    const { diagnostics } = await validateRepo({
      'app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: app\nresource:\n  - cm.yaml\nlabels:\n  - pairs:\n      a: b\n',
      'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
      'other/kustomization.yaml': 'resources: []\nimages: []\nreplacements: []\nhelmCharts: []\nsortOptions:\n  order: legacy\nbuildMetadata: []\n',
    });
    assert.deepEqual(diagnostics.map(brief), ['app/kustomization.yaml:4 RC1405']);
    assert.equal(diagnostics[0].fixes?.[0].edits[0].newText, 'resources');
  });
});
