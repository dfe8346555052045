/** HyTrust KeyControl (TR-4843 §6): an active-active cluster that issues the client bundle itself. */
import { secureRng, systemClock } from '@ekmsim/core';
import { startKeyServer, type ClientBundle } from '@ekmsim/eks';
import { Get, readSymmetricKey } from '@ekmsim/kmip';
import { createCa, issueServerCertificate, parseCertificate, verifyIssuedBy, type CertAndKey } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, V1_4 } from './support/client.js';
import { removeDir, scratchDir } from './support/fixture.js';
import { expectReason } from './support/requests.js';
import { createKey, expectAdminError, startVendor, type ServerPki, type VendorServer } from './support/vendor.js';

const clock = systemClock();
const rng = secureRng();
let ca: CertAndKey;
let tls: ServerPki;

beforeAll(async () => {
  ca = await createCa({ commonName: 'KeyControl CA', organization: 'HyTrust', clock, rng });
  const server = await issueServerCertificate({ ca, commonName: 'localhost', sans: ['localhost', '127.0.0.1'], clock, rng });
  tls = { server, caPem: ca.certPem, caKeyPem: ca.keyPem };
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

async function keyControl(members: number): Promise<VendorServer> {
  const dataDir = scratchDir();
  dirs.push(dataDir);
  const additionalMembers = Array.from({ length: members - 1 }, () => ({ host: '127.0.0.1', port: 0 }));
  return startVendor(tls, { vendor: 'hytrust', dataDir, additionalMembers });
}

async function bundleFor(s: VendorServer, commonName = 'cluster1'): Promise<{ certPem: string; keyPem: string; bundle: ClientBundle }> {
  const bundle = await s.admin.issueClientBundle({ commonName, organizationalUnit: 'SolidFire' });
  return { certPem: bundle.certPem, keyPem: bundle.keyPem, bundle };
}

describe('HyTrust KeyControl (TR-4843 §6)', () => {
  it('issues a client certificate bundle signed by its CA, which the cluster then connects with', async () => {
    const s = await keyControl(1);
    try {
      const { bundle, ...identity } = await bundleFor(s);
      expect(bundle.caPem).toBe(ca.certPem);
      expect(() => verifyIssuedBy(bundle.certPem, bundle.caPem)).not.toThrow();
      const info = parseCertificate(bundle.certPem);
      expect(info.subject).toMatchObject({ commonName: 'cluster1', organizationalUnit: 'SolidFire' });
      expect(info.ekus).toContain('clientAuth');
      expect(bundle.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(JSON.stringify(s.logger.entries)).not.toContain(bundle.keyPem.split('\n')[1]!);
      const c = await connectClient({ port: s.server.port, caPem: bundle.caPem }, identity);
      await createKey(c);
      c.socket.destroy();
    } finally {
      await s.stop();
    }
  });

  it('is one key server across its members: a key made on member A is served by member B', async () => {
    const s = await keyControl(2);
    try {
      expect(s.server.members).toHaveLength(2);
      expect(s.server.members[1]!.port).not.toBe(s.server.members[0]!.port);
      const { certPem, keyPem } = await bundleFor(s);
      const a = await s.connect({ certPem, keyPem }, 0);
      const b = await s.connect({ certPem, keyPem }, 1);
      const uid = await createKey(a, 'x-SolidFire-KeyID-1');
      const fromA = readSymmetricKey((await a.call(Get, { uniqueIdentifier: uid }, V1_4)).object, V1_4);
      const fromB = readSymmetricKey((await b.call(Get, { uniqueIdentifier: uid }, V1_4)).object, V1_4);
      expect(fromB.material).toEqual(fromA.material);
    } finally {
      await s.stop();
    }
  });

  it('keeps serving on member B while member A is stopped, without touching B’s connections', async () => {
    const s = await keyControl(2);
    try {
      const identity = await bundleFor(s);
      const a = await s.connect(identity, 0);
      const b = await s.connect(identity, 1);
      const uid = await createKey(a);
      const members = await s.admin.stop({ member: 0 });
      expect(members.map((m) => m.listening)).toEqual([false, true]);
      await a.closed;
      await expect(connectClient(s.endpoint(0), identity)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await expect(b.call(Get, { uniqueIdentifier: uid }, V1_4)).resolves.toBeDefined();
      const second = await createKey(await s.connect(identity, 1));
      await s.admin.start({ member: 0 });
      const again = await s.connect(identity, 0);
      await expect(again.call(Get, { uniqueIdentifier: second }, V1_4)).resolves.toBeDefined();
    } finally {
      await s.stop();
    }
  });

  it('keeps every object when the KMIP service restarts, and after the whole server restarts', async () => {
    const s = await keyControl(2);
    const identity = await bundleFor(s);
    let uid = '';
    let material: Uint8Array | undefined;
    try {
      const a = await s.connect(identity, 0);
      uid = await createKey(a);
      material = readSymmetricKey((await a.call(Get, { uniqueIdentifier: uid }, V1_4)).object, V1_4).material;
      expect((await s.admin.restartService()).every((m) => m.listening)).toBe(true);
      await a.closed;
      const b = await s.connect(identity, 1);
      expect(readSymmetricKey((await b.call(Get, { uniqueIdentifier: uid }, V1_4)).object, V1_4).material).toEqual(material);
      s.admin.deleteKey({ uid });
      await expectReason(b.call(Get, { uniqueIdentifier: uid }, V1_4), 'ItemNotFound');
      uid = await createKey(b);
    } finally {
      await s.stop();
    }
    const again = await startVendor(tls, { vendor: 'hytrust', dataDir: s.dataDir, additionalMembers: [{ host: '127.0.0.1', port: 0 }] });
    try {
      await expect((await again.connect(identity, 1)).call(Get, { uniqueIdentifier: uid }, V1_4)).resolves.toBeDefined();
    } finally {
      await again.stop();
    }
  });

  it('checks its options and the bundle arguments', async () => {
    const dataDir = scratchDir();
    dirs.push(dataDir);
    const base = { host: '127.0.0.1', port: 0, dataDir, clock, rng };
    await expect(startKeyServer({ ...base, tls: { certPem: tls.server.certPem, keyPem: tls.server.keyPem, caPem: ca.certPem }, vendor: 'hytrust' })).rejects.toMatchObject({
      name: 'KeyServerError',
      code: 'TLS_CONFIG',
    });
    const otherCa = await createCa({ commonName: 'other', clock, rng });
    await expect(startKeyServer({ ...base, tls: { certPem: tls.server.certPem, keyPem: tls.server.keyPem, caPem: ca.certPem, caKeyPem: otherCa.keyPem }, vendor: 'hytrust' })).rejects.toMatchObject({
      code: 'TLS_CONFIG',
    });
    const plainTls = { certPem: tls.server.certPem, keyPem: tls.server.keyPem, caPem: ca.certPem };
    await expect(startKeyServer({ ...base, tls: plainTls, vendor: 'generic', additionalMembers: [{ host: '127.0.0.1', port: 0 }] })).rejects.toMatchObject({ code: 'OPTIONS' });
    await expect(startKeyServer({ ...base, tls: plainTls, vendor: 'thales' as never })).rejects.toMatchObject({ code: 'OPTIONS' });

    const s = await keyControl(2);
    try {
      await expectAdminError(() => s.admin.issueClientBundle({} as never), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.issueClientBundle({ commonName: 'cluster1', days: 0 }), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.issueClientBundle({ commonName: 'cluster1', organizationalUnit: 7 } as never), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.stop({ member: 2 }), 'NOT_FOUND');
      await expectAdminError(() => s.admin.addLocalUser({ name: 'SolidFire' }), 'NOT_SUPPORTED');
      expect(s.admin.status().members.every((m) => m.listening)).toBe(true);
    } finally {
      await s.stop();
    }
  });
});
