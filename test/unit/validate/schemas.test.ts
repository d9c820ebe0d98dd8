import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { schemaDir } from './schemaDir';
import { enumFromDescription } from '../../../src/core/validate/schemas/enums';
import { loadSchemas, normalizeVersion } from '../../../src/core/validate/schemas/loadSchemas';
import { SchemaRegistry } from '../../../src/core/validate/schemas/schemaRegistry';
import { ApiLifecycle } from '../../../src/core/validate/apiLifecycle';
import { convertCrdRoot } from '../../../src/core/validate/schemas/convertCrd';
import { QUANTITY } from '../../../src/core/validate/schemas/formats';

function registry(version = '1.34'): SchemaRegistry {
  const l = loadSchemas(schemaDir(), version);
  if (!l.ok) throw new Error(l.error);
  return new SchemaRegistry(l.value);
}

describe('schema build', () => {
  it('bundles every release and the CRD catalog in under 2 MB, with both licenses', () => {
    const dir = schemaDir();
    const files = fs.readdirSync(dir);
    for (const v of ['1.30', '1.33', '1.34', '1.36']) assert.ok(files.includes(`kubernetes-${v}.json.gz`), v);
    const total = files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    assert.ok(total < 2 * 1024 * 1024, `schemas are ${total} bytes`);
    assert.match(fs.readFileSync(path.join(dir, 'crds-catalog.LICENSE'), 'utf8'), /MIT License/);
    assert.ok(files.includes('kubernetes-openapi.LICENSE'));
  });

  it('reads enums out of descriptions, conservatively', () => {
    assert.deepEqual(enumFromDescription('Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always.'), ['Always', 'Never', 'IfNotPresent']);
    assert.deepEqual(
      enumFromDescription('type determines how. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates'),
      ['ExternalName', 'ClusterIP', 'NodePort', 'LoadBalancer'],
    );
    assert.deepEqual(enumFromDescription('Policy.\n\nPossible enum values:\n - `"Always"` means x\n - `"Never"` means y'), ['Always', 'Never']);
    assert.equal(enumFromDescription('One of `name` or `selector` must be set, but not both.'), undefined);
    assert.equal(enumFromDescription('One of Exactly or FirstAvailable must be set.'), undefined);
    assert.equal(enumFromDescription('Name of the container.'), undefined);
  });

  it('turns prose enums into schema enums, and int-or-string/quantity into both types', () => {
    const r = registry();
    const defs = r.schemas.kubernetes.definitions;
    const container = defs['io.k8s.api.core.v1.Container'].properties as Record<string, { enum?: string[] }>;
    assert.deepEqual(container.imagePullPolicy.enum, ['Always', 'Never', 'IfNotPresent']);
    assert.deepEqual(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].type, ['integer', 'string']);
    assert.deepEqual(defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, ['string', 'number']);
    // Strict like kubeconform -strict, except where Kubernetes preserves unknown fields.
    assert.equal(defs['io.k8s.api.apps.v1.DeploymentSpec'].additionalProperties, false);
    assert.equal(defs['io.k8s.api.core.v1.Container']['x-kubernetes-group-version-kind'], undefined);
    assert.equal(r.schemas.kubernetes.kinds['apps/v1/Deployment'], 'io.k8s.api.apps.v1.Deployment');
    assert.equal(r.schemas.kubernetes.kinds['v1/Service'], 'io.k8s.api.core.v1.Service');
  });

  it('accepts the quantity grammar and rejects what the API server rejects', () => {
    for (const ok of ['1', '500m', '1.5', '128Mi', '1Gi', '2e3', '.5', '+1k', '100n']) assert.ok(QUANTITY.test(ok), ok);
    for (const bad of ['2x', '1 Gi', 'Mi', '1GiB', '1.2.3', '']) assert.ok(!QUANTITY.test(bad), bad);
  });

  it('compiles each kind once and caches it', () => {
    const r = registry();
    const a = r.resolve('apps/v1', 'Deployment');
    assert.ok(a);
    assert.equal(r.resolve('apps/v1', 'Deployment'), a);
    assert.equal(a.source, 'kubernetes');
    assert.equal(r.resolve('example.com/v1', 'Widget'), undefined);
  });

  it('prefers CRDs from the repository over the catalog', () => {
    const r = registry();
    assert.equal(r.resolve('cert-manager.io/v1', 'Certificate')?.source, 'crd-catalog');
    const r2 = registry();
    r2.setRepositoryCrds([{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate', schema: { type: 'object', properties: { spec: { type: 'object', properties: { only: { type: 'string' } } } } } }]);
    const s = r2.resolve('cert-manager.io/v1', 'Certificate');
    assert.equal(s?.source, 'repository-crd');
    assert.equal(s?.validate({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'x' }, spec: { only: 'y' } }), true);
    assert.equal(s?.validate({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'x' }, spec: { secretName: 'y' } }), false);
  });

  it('converts CRD schemas: int-or-string, preserve-unknown-fields, Go regexps JavaScript cannot compile', () => {
    const s = convertCrdRoot(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
              free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
              name: { type: 'string', pattern: '(?i)^[a-z]+$' },
              duration: { type: 'string', format: 'duration' },
            },
          },
        },
      },
      { descriptions: false },
    );
    const spec = (s.properties as Record<string, Record<string, Record<string, Record<string, unknown>>>>).spec.properties;
    assert.deepEqual(spec.port.type, ['integer', 'string']);
    assert.equal(spec.port.anyOf, undefined);
    assert.equal(spec.free.additionalProperties, undefined);
    assert.equal(spec.name.pattern, undefined);
    assert.equal(spec.duration.format, undefined);
    assert.equal(s.additionalProperties, false);
    assert.ok((s.properties as Record<string, unknown>).apiVersion);
  });

  it('derives removed and deprecated apiVersions from the bundled releases', () => {
    const l = loadSchemas(schemaDir(), '1.34');
    assert.ok(l.ok);
    const life = new ApiLifecycle(l.value.apiVersions, '1.34');
    assert.deepEqual(life.status('apps/v1', 'Deployment'), { status: 'served' });
    assert.deepEqual(life.status('policy/v1beta1', 'PodDisruptionBudget'), { status: 'removed', removedIn: '1.25', replacement: 'policy/v1' });
    assert.equal(life.status('extensions/v1beta1', 'DaemonSet').status, 'removed');
    assert.equal((life.status('extensions/v1beta1', 'DaemonSet') as { replacement?: string }).replacement, 'apps/v1');
    assert.equal(life.status('example.com/v1', 'Widget').status, 'not-builtin');
    assert.equal(life.status('apps/v1', 'Deploymnet').status, 'unknown-kind');
    // Derived from the files, not a table: something 1.33 serves and 1.34 does not.
    const l33 = loadSchemas(schemaDir(), '1.33');
    assert.ok(l33.ok);
    const gone = l.value.apiVersions.entries.find((e) => e.servedIn.includes('1.33') && !e.servedIn.includes('1.34'));
    if (gone) assert.equal(life.status(gone.apiVersion, gone.kind).status, 'removed');
    const going = l.value.apiVersions.entries.find((e) => e.servedIn.includes('1.34') && !e.servedIn.includes('1.36'));
    assert.ok(going, 'some API served in 1.34 is gone in 1.36');
    assert.equal(life.status(going.apiVersion, going.kind).status, 'deprecated');
  });

  it('normalises versions and reports an unbundled one as an error value', () => {
    assert.equal(normalizeVersion('v1.34.2'), '1.34');
    assert.equal(normalizeVersion('master'), undefined);
    const r = loadSchemas(schemaDir(), '1.99');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /available: 1\.30, 1\.33, 1\.34, 1\.36/);
    const missing = loadSchemas('/nonexistent-dir');
    assert.equal(missing.ok, false);
  });
});
