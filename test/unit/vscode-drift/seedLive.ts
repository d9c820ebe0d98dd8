// Seeds the Kubernetes API test server with what Flux would have applied for one Flux Kustomization of a
// repository (rendered by the core, with the controller's tracking labels), then drifts it the way people
// do: a Deployment scaled by hand and a Secret value changed. Shared by the unit tests and the e2e suite.
import { desiredSetFor } from '../../../src/core/diff/desiredSet';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { KubeObject } from '../../../src/core/types';
import type { KubeApiTestServer } from '../../support/kube-api-server/server';

export const SECRET_GIT = 'git-side-password-1';
export const SECRET_LIVE = 'cluster-side-password-2';

/** The fixture's Deployment leaves replicas to its autoscaler; Git has to set it for a scaled count to be drift. */
export function withReplicas(deploymentYaml: string, replicas: number): string {
  if (!deploymentYaml.includes('\nspec:\n')) throw new Error('no top-level spec in the Deployment file');
  return deploymentYaml.replace('\nspec:\n', `\nspec:\n  replicas: ${replicas}\n`);
}

/** A Secret manifest to add to the fixture (the e2e repository has none). */
export function secretYaml(name: string, namespace: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nstringData:\n  password: ${SECRET_GIT}\n`;
}

/** `skip`: objects the cluster would not have taken (a removed apiVersion, say). */
export async function seedAppliedFluxApp(server: KubeApiTestServer, root: string, fluxFile: string, documentIndex?: number, skip: (o: KubeObject) => boolean = () => false): Promise<KubeObject[]> {
  const desired = await desiredSetFor(nodeFileSystem, root, fluxFile, { documentIndex });
  if (!desired.ok) throw new Error(desired.error);
  const owner = desired.value.owner;
  if (owner?.type !== 'flux') throw new Error(`${fluxFile} is not a Flux Kustomization`);
  const objects = desired.value.manifests.filter((m) => !skip(m.object)).map((m) => {
    const o = structuredClone(m.object);
    const ns = desired.value.namespaceOverride ?? o.metadata?.namespace ?? desired.value.defaultNamespace;
    o.metadata = {
      ...o.metadata,
      ...(ns && o.kind !== 'Namespace' ? { namespace: ns } : {}),
      labels: { ...(o.metadata?.labels ?? {}), 'kustomize.toolkit.fluxcd.io/name': owner.name, 'kustomize.toolkit.fluxcd.io/namespace': owner.namespace },
    };
    return o;
  });
  server.seed(objects);
  return objects;
}

/** Scale a Deployment and change a Secret's value in the cluster, as `kubectl scale` / `kubectl edit` would. */
export function driftLive(server: KubeApiTestServer, deployment: { namespace: string; name: string; replicas: number }, secret?: { namespace: string; name: string }): void {
  server.store.mutate('apps/v1', 'Deployment', deployment.namespace, deployment.name, (o) => ((o.spec as { replicas: number }).replicas = deployment.replicas), 'kubectl-scale');
  if (secret) {
    server.store.mutate('v1', 'Secret', secret.namespace, secret.name, (o) => ((o.data as Record<string, string>).password = Buffer.from(SECRET_LIVE).toString('base64')));
  }
}
