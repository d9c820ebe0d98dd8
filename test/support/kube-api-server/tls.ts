// Certificates made at test time (node-forge; keys from Node's crypto): a CA, a server certificate for
// 127.0.0.1, and client certificates whose CN/O are the user and groups, as the API server reads them.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyPairPem {
  cert: string;
  key: string;
}

export interface TestCa extends KeyPairPem {
  issue(commonName: string, options?: { organizations?: string[]; server?: boolean }): KeyPairPem;
}

function newKeys(): { privatePem: string; forgePrivate: forge.pki.rsa.PrivateKey; forgePublic: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgePrivate = forge.pki.privateKeyFromPem(privatePem) as forge.pki.rsa.PrivateKey;
  const forgePublic = forge.pki.setRsaPublicKey(forgePrivate.n, forgePrivate.e);
  return { privatePem, forgePrivate, forgePublic };
}

function baseCert(publicKey: forge.pki.PublicKey, cn: string, orgs: string[] = []): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: cn }, ...orgs.map((o) => ({ name: 'organizationName', value: o }))]);
  return cert;
}

export function createTestCa(): TestCa {
  const ca = newKeys();
  const caCert = baseCert(ca.forgePublic, 'reconcile-test-ca');
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
  ]);
  caCert.sign(ca.forgePrivate, forge.md.sha256.create());
  const caPem = forge.pki.certificateToPem(caCert);
  return {
    cert: caPem,
    key: ca.privatePem,
    issue(commonName, options = {}) {
      const k = newKeys();
      const cert = baseCert(k.forgePublic, commonName, options.organizations);
      cert.setIssuer(caCert.subject.attributes);
      const ext: unknown[] = [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: Boolean(options.server), clientAuth: !options.server },
      ];
      if (options.server) ext.push({ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] });
      cert.setExtensions(ext as forge.pki.CertificateField[]);
      cert.sign(ca.forgePrivate, forge.md.sha256.create());
      return { cert: forge.pki.certificateToPem(cert), key: k.privatePem };
    },
  };
}
