// TLS and proxy settings come from the kubeconfig: CA data, insecure-skip-tls-verify, proxy-url.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { connect } from '../../../src/core/cluster/client';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';
import { createTestCa } from '../../support/kube-api-server/tls';

describe('cluster TLS and proxy settings from the kubeconfig', () => {
  let server: KubeApiTestServer;
  before(async () => {
    server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'u' } });
  });
  after(() => server.close());

  function config(cluster: Record<string, unknown>): string {
    const base = kubeconfigFor(server, { token: 't' }) as { clusters: Array<{ cluster: Record<string, unknown> }> };
    base.clusters[0].cluster = { server: server.url, ...cluster };
    return writeKubeconfig(base);
  }

  it('rejects a server certificate from another CA, with a clear unreachable error', async () => {
    const other = createTestCa();
    const c = await connect({ kubeconfigPath: config({ 'certificate-authority-data': Buffer.from(other.cert).toString('base64') }), trusted: false });
    assert.ok(c.ok);
    const v = await c.value.version();
    assert.ok(!v.ok);
    assert.equal(v.error.kind, 'unreachable');
    assert.match(v.error.message, /certificate/i);
    assert.equal(server.requests.length, 0, 'no request got through');
  });

  it('accepts any certificate with insecure-skip-tls-verify', async () => {
    const c = await connect({ kubeconfigPath: config({ 'insecure-skip-tls-verify': true }), trusted: false });
    assert.ok(c.ok);
    const v = await c.value.version();
    assert.ok(v.ok, v.ok ? '' : v.error.message);
  });

  it('tunnels through proxy-url (HTTP CONNECT) when the kubeconfig sets one', async () => {
    const tunnels: string[] = [];
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      tunnels.push(String(req.url));
      const [host, port] = String(req.url).split(':');
      const upstream = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const c = await connect({ kubeconfigPath: config({ 'certificate-authority-data': Buffer.from(server.ca!.cert).toString('base64'), 'proxy-url': proxyUrl }), trusted: false });
      assert.ok(c.ok);
      const v = await c.value.version();
      assert.ok(v.ok, v.ok ? '' : v.error.message);
      assert.deepEqual(tunnels, [new URL(server.url).host]);
    } finally {
      proxy.close();
    }
  });
});
