// Writes a kubeconfig pointing at a running test server, for tests that go through the real loading path.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { KubeApiTestServer } from './server';

export interface KubeconfigUser {
  token?: string;
  clientCert?: { cert: string; key: string };
  exec?: { command: string; args?: string[] };
}

export function kubeconfigFor(server: KubeApiTestServer, user: KubeconfigUser, options: { context?: string; namespace?: string; cluster?: string } = {}): Record<string, unknown> {
  const context = options.context ?? 'test';
  const cluster: Record<string, unknown> = { server: server.url };
  if (server.ca) cluster['certificate-authority-data'] = Buffer.from(server.ca.cert).toString('base64');
  else cluster['insecure-skip-tls-verify'] = true;
  const u: Record<string, unknown> = {};
  if (user.token) u.token = user.token;
  if (user.clientCert) {
    u['client-certificate-data'] = Buffer.from(user.clientCert.cert).toString('base64');
    u['client-key-data'] = Buffer.from(user.clientCert.key).toString('base64');
  }
  if (user.exec) u.exec = { apiVersion: 'client.authentication.k8s.io/v1', command: user.exec.command, args: user.exec.args ?? [], interactiveMode: 'Never' };
  const clusterName = options.cluster ?? `${context}-cluster`;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster }],
    users: [{ name: `${context}-user`, user: u }],
    contexts: [{ name: context, context: { cluster: clusterName, user: `${context}-user`, ...(options.namespace ? { namespace: options.namespace } : {}) } }],
    'current-context': context,
  };
}

/** Write a kubeconfig into a fresh temp dir; returns its path. */
export function writeKubeconfig(config: Record<string, unknown>, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-kube-'))): string {
  const file = path.join(dir, `config-${Math.random().toString(36).slice(2, 8)}`);
  fs.writeFileSync(file, stringify(config));
  return file;
}
