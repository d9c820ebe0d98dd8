// Regression tests for what widely used public repositories showed the validator getting wrong (issue 12,
// section 3): typed lists, `{{ }}` inside string values, and file names under a kustomization's `patches:`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostic } from '../../../src/core/types';
import { brief, validateRepo } from './helpers';
import {
  APPLICATION_SET,
  BASE_DEPLOYMENT,
  BASE_KUSTOMIZATION,
  DASHBOARD_CONFIGMAP_LIST,
  EXPECTED_FINDINGS,
  OVERLAY_KUSTOMIZATION,
  PLACEHOLDER_TEMPLATE,
  PROMETHEUS_RULE,
  REAL_REPOSITORY,
  REPLICAS_PATCH,
  RESOURCES_PATCH,
  ROLE_BINDING_LIST,
  UNPARSABLE_TEMPLATE,
} from './realRepositoryDocs';

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
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
                size: { type: integer }
`;

function applyFix(text: string, d: Diagnostic): string {
  const edit = d.fixes?.[0]?.edits[0];
  assert.ok(edit, `${brief(d)} has a quick fix`);
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}

describe('typed lists (ConfigMapList, RoleBindingList, ...)', () => {
  it('each item is validated against its own kind, at its own line; the list kind is not an error', async () => {
    const { diagnostics } = await validateRepo({ 'rbac.yaml': ROLE_BINDING_LIST, 'dashboards.yaml': DASHBOARD_CONFIGMAP_LIST });
    assert.deepEqual(diagnostics.map(brief), ['dashboards.yaml:26 RC1101']);
    assert.match(diagnostics[0].message, /metadata\.labels\.app\.kubernetes\.io\/version must be a string/);
  });

  it('an item of another kind is applied as itself, as kubectl does (no mismatch error, its own schema)', async () => {
    const list = `apiVersion: v1
kind: ConfigMapList
items:
- apiVersion: v1
  kind: Secret
  metadata:
    name: grafana-datasources
    namespace: monitoring
  stringData:
    datasources.yaml: "apiVersion: 1"
  type: Opaque
- apiVersion: v1
  kind: Service
  metadata:
    name: grafana
  spec:
    type: Balancer
    ports:
    - port: 3000
`;
    const { diagnostics } = await validateRepo({ 'mixed.yaml': list });
    // A Secret judged as a ConfigMap would have "stringData" and "type" as unknown fields.
    assert.deepEqual(diagnostics.map(brief), ['mixed.yaml:17 RC1104']);
  });

  it('lists of CRD kinds: the bundled catalog (PrometheusRuleList) and the repository (WidgetList)', async () => {
    const rules = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRuleList
items:
- apiVersion: monitoring.coreos.com/v1
  kind: PrometheusRule
  metadata:
    name: node-rules
  spec:
    groups:
    - name: node
      rules:
      - alert: NodeDown
        expr: up{job="node"} == 0
        for: 5m
        annotations:
          summary: "{{ $labels.instance }} is down"
        severity: page
`;
    const widgets = 'apiVersion: example.com/v1\nkind: WidgetList\nitems:\n- apiVersion: example.com/v1\n  kind: Widget\n  metadata:\n    name: w\n  spec:\n    size: large\n';
    const { diagnostics } = await validateRepo({ 'rules.yaml': rules, 'crd.yaml': WIDGET_CRD, 'widgets.yaml': widgets });
    assert.deepEqual(diagnostics.map(brief), ['rules.yaml:17 RC1102', 'widgets.yaml:9 RC1101']);
  });

  it('a misspelt item kind gets the usual suggestion at the item', async () => {
    const list = 'apiVersion: v1\nkind: ServiceList\nitems:\n- apiVersion: v1\n  kind: Servise\n  metadata:\n    name: s\n';
    const { diagnostics } = await validateRepo({ 'svc.yaml': list });
    assert.deepEqual(diagnostics.map(brief), ['svc.yaml:5 RC1203']);
    assert.equal(diagnostics[0].fixes?.[0].edits[0].newText, 'Service');
  });

  it('the index lists every item as a resource, at its own line', async () => {
    const { index } = await validateRepo({ 'rbac.yaml': ROLE_BINDING_LIST, 'dashboards.yaml': DASHBOARD_CONFIGMAP_LIST });
    assert.deepEqual(
      index.resources().map((r) => `${r.file}:${r.line + 1} ${r.kind} ${r.namespace}/${r.name}`).sort(),
      [
        'dashboards.yaml:29 ConfigMap monitoring/grafana-dashboard-node-exporter',
        'dashboards.yaml:4 ConfigMap monitoring/grafana-dashboard-k8s-resources-pod',
        'rbac.yaml:21 RoleBinding kube-system/prometheus-k8s',
        'rbac.yaml:4 RoleBinding default/prometheus-k8s',
      ],
    );
  });
});

describe('{{ }} inside string values is text', () => {
  it('Prometheus alert annotations and ApplicationSet Go templates are schema-checked like any string', async () => {
    const { diagnostics } = await validateRepo({ 'rule.yaml': PROMETHEUS_RULE, 'appset.yaml': APPLICATION_SET });
    assert.deepEqual(diagnostics.map(brief), ['appset.yaml:23 RC1101', 'rule.yaml:35 RC1102']);
    assert.match(diagnostics[1].message, /Unknown field "severity" in spec\.groups\[0\]\.rules\[1\]/);
  });

  it('{{ }} in a comment does not hide the document\'s errors', async () => {
    const deploy = BASE_DEPLOYMENT.replace('        image: ghcr.io/stefanprodan/podinfo:6.7.1\n', '        # image: {{ .Values.image }}\n        image: ghcr.io/stefanprodan/podinfo:6.7.1\n        imagePullPolcy: Always\n');
    const { diagnostics } = await validateRepo({ 'deploy.yaml': deploy });
    assert.deepEqual(diagnostics.map(brief), ['deploy.yaml:18 RC1102']);
  });

  it('placeholders YAML reads as mappings make a template: one RC1002 note, no shape errors', async () => {
    const { diagnostics, index } = await validateRepo({ 'vtgate-controller-template.yaml': PLACEHOLDER_TEMPLATE });
    assert.deepEqual(diagnostics.map((d) => `${brief(d)} ${d.severity}`), ['vtgate-controller-template.yaml:1 RC1002 info']);
    assert.match(diagnostics[0].message, /reads its unquoted \{\{ \}\} placeholders as mappings/);
    assert.equal(index.getFile('vtgate-controller-template.yaml')?.documents[0].template, true);
  });

  it('a template still gets the rules its placeholders cannot affect (removed apiVersion)', async () => {
    const old = PLACEHOLDER_TEMPLATE.replace('kind: ReplicationController\napiVersion: v1', 'kind: Deployment\napiVersion: extensions/v1beta1');
    const { diagnostics } = await validateRepo({ 't.yaml': old });
    assert.deepEqual(diagnostics.map(brief), ['t.yaml:1 RC1002', 't.yaml:2 RC1201']);
  });

  it('a document that parses only once its placeholders are filled in: RC1002 at the placeholder, not a syntax error', async () => {
    const { diagnostics } = await validateRepo({ 'svc.yaml': UNPARSABLE_TEMPLATE });
    assert.deepEqual(diagnostics.map((d) => `${brief(d)}:${d.range.startPos.character + 1} ${d.severity}`), ['svc.yaml:4 RC1002:9 info']);
  });

  it('a syntax error the placeholders did not cause is still RC0001', async () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "{{ .Name }}"\n  labels: [a\ndata: {}\n';
    const { diagnostics } = await validateRepo({ 'cm.yaml': broken });
    assert.deepEqual(diagnostics.map((d) => d.code), ['RC0001']);
  });

  it('Helm chart templates are still not validated', async () => {
    const { diagnostics } = await validateRepo({
      'chart/Chart.yaml': 'apiVersion: v2\nname: podinfo\nversion: 6.7.1\n',
      'chart/values.yaml': 'replicaCount: 1\n',
      'chart/templates/deployment.yaml': '{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "podinfo.fullname" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n{{- end }}\n',
    });
    assert.deepEqual(diagnostics, []);
  });
});

describe('file names under patches:', () => {
  const overlay = (kustomization: string): Record<string, string> => ({
    'base/kustomization.yaml': BASE_KUSTOMIZATION,
    'base/deployment.yaml': BASE_DEPLOYMENT,
    'overlays/prod/kustomization.yaml': kustomization,
    'overlays/prod/replicas.yaml': REPLICAS_PATCH,
    'overlays/prod/resources.yaml': RESOURCES_PATCH,
  });

  it('RC1406 on the kustomization line, with kustomize\'s own error text and a quick fix to `- path:`', async () => {
    const { diagnostics } = await validateRepo(overlay(OVERLAY_KUSTOMIZATION));
    assert.deepEqual(diagnostics.map(brief), ['overlays/prod/kustomization.yaml:6 RC1406']);
    const d = diagnostics[0];
    assert.equal(d.severity, 'error');
    assert.match(d.message, /json: cannot unmarshal string into Go struct field Kustomization\.patches of type types\.Patch/);
    assert.equal(applyFix(OVERLAY_KUSTOMIZATION, d), OVERLAY_KUSTOMIZATION.replace('- replicas.yaml', '- path: replicas.yaml'));
  });

  it('the named file is a patch (partial object): no missing-required errors; the fixed kustomization is clean', async () => {
    const { diagnostics, index } = await validateRepo(overlay(OVERLAY_KUSTOMIZATION));
    assert.ok(!diagnostics.some((d) => d.range.file.endsWith('replicas.yaml')), diagnostics.map(brief).join(', '));
    assert.equal(index.getFile('overlays/prod/replicas.yaml')?.documents[0].classification, 'patch');
    const ref = index.referencesFrom('overlays/prod/kustomization.yaml').find((r) => r.text === 'replicas.yaml');
    assert.deepEqual([ref?.type, ref?.source.path, ref?.resolved], ['kustomize-patch', ['patches', 0], true]);
    const fixed = await validateRepo(overlay(applyFix(OVERLAY_KUSTOMIZATION, diagnostics[0])));
    assert.deepEqual(fixed.diagnostics.map(brief), []);
  });

  it('a missing file named that way is also RC1401', async () => {
    const files = overlay(OVERLAY_KUSTOMIZATION);
    delete files['overlays/prod/replicas.yaml'];
    const { diagnostics } = await validateRepo(files);
    assert.deepEqual(diagnostics.map(brief), ['overlays/prod/kustomization.yaml:6 RC1401', 'overlays/prod/kustomization.yaml:6 RC1406']);
  });

  it('inline patch text under patches: says to put it under patch:, and names no file', async () => {
    const k = OVERLAY_KUSTOMIZATION.replace('- replicas.yaml\n', '- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: podinfo\n  spec:\n    replicas: 3\n');
    const files = overlay(k);
    delete files['overlays/prod/replicas.yaml'];
    const { diagnostics, index } = await validateRepo(files);
    assert.deepEqual(diagnostics.map(brief), ['overlays/prod/kustomization.yaml:6 RC1406']);
    assert.match(diagnostics[0].message, /- patch: \|-/);
    assert.equal(diagnostics[0].fixes, undefined);
    assert.equal(index.referencesFrom('overlays/prod/kustomization.yaml').filter((r) => r.type === 'kustomize-patch').length, 1);
  });

  it('other values kustomize cannot decode: a string for a list, a number for a label', async () => {
    const k = 'resources: deployment.yaml\ncommonLabels:\n  tier: 1\n  team: web\nimages:\n- nginx\n';
    const { diagnostics } = await validateRepo({ 'kustomization.yaml': k, 'deployment.yaml': BASE_DEPLOYMENT });
    assert.deepEqual(
      diagnostics.map((d) => `${brief(d)} ${d.message.replace(/;.*/, '')}`),
      [
        'kustomization.yaml:1 RC1406 resources must be a list of strings, not a string',
        'kustomization.yaml:3 RC1406 commonLabels.tier must be a string, not a number',
        'kustomization.yaml:6 RC1406 images[0] must be a mapping, not a string',
      ],
    );
  });
});

describe('the whole set in one repository', () => {
  it('reports exactly the planted mistakes', async () => {
    const { diagnostics } = await validateRepo(REAL_REPOSITORY);
    assert.deepEqual(diagnostics.map(brief), EXPECTED_FINDINGS);
  });
});
