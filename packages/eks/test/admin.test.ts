/** The admin surface every vendor has, on the generic server. */
import { KeyServerAdminError, type KeyServerAdmin } from '@ekmsim/eks';
import { Get, readSymmetricKey } from '@ekmsim/kmip';
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, V1_4 } from './support/client.js';
import { makePki, removeDir, type Pki } from './support/fixture.js';
import { expectReason } from './support/requests.js';
import { createKey, expectAdminError, expectRefused, startVendor, type VendorServer } from './support/vendor.js';

let pki: Pki;
let running: VendorServer;
let admin: KeyServerAdmin;

beforeAll(() => {
  pki = makePki();
});

afterAll(() => {
  pki.remove();
});

async function fresh(dataDir?: string): Promise<void> {
  running = await startVendor({ server: pki.server, caPem: pki.ca.certPem }, { vendor: 'generic', ...(dataDir === undefined ? {} : { dataDir }) });
  admin = running.admin;
}

afterEach(async () => {
  await running.stop();
  removeDir(running.dataDir);
});

const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

describe('listener and service', () => {
  it('reports its status: vendor, members, objects, settings and methods', async () => {
    await fresh();
    const s = admin.status();
    expect(s.vendor).toBe('generic');
    expect(s.members).toEqual([{ index: 0, host: '127.0.0.1', port: running.server.port, listening: true }]);
    expect(s.settings.sourceAllowList).toBeNull();
    expect(s.operations).toContain('revokeCertificate');
    expect(s.operations).not.toContain('acceptCertificate');
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('stops the KMIP listener (connections drop, new ones are refused) and starts it on the same port', async () => {
    await fresh();
    const alice = await running.connect(pki.alice);
    const uid = await createKey(alice);
    const port = running.server.port;
    expect((await admin.stop())[0]?.listening).toBe(false);
    await alice.closed;
    await expect(connectClient(running.endpoint(), pki.alice)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await admin.start())[0]).toMatchObject({ port, listening: true });
    const again = await running.connect(pki.alice);
    await expect(again.call(Get, { uniqueIdentifier: uid }, V1_4)).resolves.toBeDefined();
  });

  it('fails to start with LISTEN while another process holds the kept port, and starts once it is free', async () => {
    await fresh();
    await admin.stop();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(running.server.port, '127.0.0.1', resolve));
    await expectAdminError(() => admin.start(), 'LISTEN');
    expect(admin.status().members[0]?.listening).toBe(false);
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await admin.start();
    await createKey(await running.connect(pki.alice));
  });

  it('restarts the KMIP service: connections drop, every object and setting is kept', async () => {
    await fresh();
    const alice = await running.connect(pki.alice);
    const uid = await createKey(alice, 'kept');
    const key = readSymmetricKey((await alice.call(Get, { uniqueIdentifier: uid }, V1_4)).object, V1_4);
    admin.setSourceAllowList({ sources: ['127.0.0.0/8'] });
    await admin.restartService();
    await alice.closed;
    const again = await running.connect(pki.alice);
    expect(readSymmetricKey((await again.call(Get, { uniqueIdentifier: uid }, V1_4)).object, V1_4).material).toEqual(key.material);
    expect(admin.getSourceAllowList()).toEqual({ sources: ['127.0.0.0/8'] });
    expect(admin.listObjects().map((o) => o.name)).toEqual(['kept']);
  });
});

describe('objects', () => {
  it('lists every client’s objects with uid, name, state and owner, and deletes one outright', async () => {
    await fresh();
    const alice = await running.connect(pki.alice);
    const bob = await running.connect(pki.bob);
    const a = await createKey(alice, 'x-SolidFire-KeyID-1');
    await createKey(bob, 'bobs');
    expect(admin.listObjects()).toEqual([
      { uid: a, objectType: 'SymmetricKey', name: 'x-SolidFire-KeyID-1', state: 'PreActive', owner: 'alice', columns: {} },
      expect.objectContaining({ name: 'bobs', owner: 'bob' }),
    ]);
    expect(admin.deleteKey({ uid: a })).toMatchObject({ uid: a, owner: 'alice' });
    await expectReason(alice.call(Get, { uniqueIdentifier: a }, V1_4), 'ItemNotFound');
    expect(admin.listObjects().map((o) => o.name)).toEqual(['bobs']);
    await expectAdminError(() => admin.deleteKey({ uid: a }), 'NOT_FOUND');
  });
});

describe('revocation', () => {
  it('revokes by CN: the live connection drops, new ones are refused; reinstating lets the client in again', async () => {
    await fresh();
    const alice = await running.connect(pki.alice);
    const bob = await running.connect(pki.bob);
    expect(admin.revokeCertificate({ commonName: 'alice' })).toMatchObject({ by: 'commonName', value: 'alice' });
    await alice.closed;
    await expectRefused(running.endpoint(), pki.alice);
    expect(running.refusals().some((m) => m.includes('CN "alice" are revoked'))).toBe(true);
    await createKey(bob);
    await expectAdminError(() => admin.revokeCertificate({ commonName: 'alice' }), 'CONFLICT');
    admin.reinstateCertificate({ commonName: 'alice' });
    await createKey(await running.connect(pki.alice));
    await expectAdminError(() => admin.reinstateCertificate({ commonName: 'alice' }), 'NOT_FOUND');
  });

  it('revokes one certificate by fingerprint (any case, colons optional), and keeps revocations across a restart', async () => {
    await fresh();
    const dataDir = running.dataDir;
    const fp = fingerprintOf(pki.alice.certPem);
    admin.revokeCertificate({ fingerprint: fp.replace(/:/g, '').toLowerCase() });
    expect(admin.listCertificates().revocations).toEqual([expect.objectContaining({ by: 'fingerprint', value: fp })]);
    await running.stop();
    await fresh(dataDir);
    await expectRefused(running.endpoint(), pki.alice);
    expect(running.refusals().some((m) => m.includes(`${fp} is revoked`))).toBe(true);
    await createKey(await running.connect(pki.bob));
  });
});

describe('source allow-list (TR-4843 §1.1)', () => {
  it('closes a connection from a source not listed before TLS, and serves a listed one', async () => {
    await fresh();
    admin.setSourceAllowList({ sources: ['127.0.0.1'] });
    await expect(connectClient(running.endpoint(), pki.alice, { localAddress: '127.0.0.2' })).rejects.toThrow();
    expect(running.refusals()).toContain('connection refused: the source is not in the allow-list');
    expect(running.logger.entries.some((e) => e.message === 'client connected')).toBe(false);
    await createKey(await running.connect(pki.alice));
    admin.setSourceAllowList({ sources: ['10.0.0.0/8', '127.0.0.0/30', '::1'] });
    await createKey(await running.connect(pki.alice, 0, { localAddress: '127.0.0.2' }));
  });

  it('drops live connections from a source the new list leaves out; null lets every source in', async () => {
    await fresh();
    const foreign = await running.connect(pki.alice, 0, { localAddress: '127.0.0.2' });
    const local = await running.connect(pki.bob);
    admin.setSourceAllowList({ sources: ['127.0.0.1/32'] });
    await foreign.closed;
    await createKey(local);
    expect(admin.setSourceAllowList({ sources: null })).toEqual({ sources: null });
    await createKey(await running.connect(pki.alice, 0, { localAddress: '127.0.0.2' }));
  });

  it('refuses malformed lists and changes nothing', async () => {
    await fresh();
    admin.setSourceAllowList({ sources: ['127.0.0.1'] });
    for (const sources of [['10.0.0.0/33'], ['keyserver.example'], [5], ['1.2.3.4/8/1'], ['::1/129'], 'x']) {
      await expectAdminError(() => admin.setSourceAllowList({ sources } as never), 'INVALID_ARGUMENT');
    }
    await expectAdminError(() => admin.setSourceAllowList({} as never), 'INVALID_ARGUMENT');
    expect(admin.getSourceAllowList()).toEqual({ sources: ['127.0.0.1'] });
  });
});

describe('admin input errors', () => {
  it('names the method and field of a bad argument, and refuses other vendors’ features', async () => {
    await fresh();
    const bad: [() => unknown, string][] = [
      [() => admin.deleteKey({} as never), 'INVALID_ARGUMENT'],
      [() => admin.deleteKey({ uid: 7 } as never), 'INVALID_ARGUMENT'],
      [() => admin.deleteKey({ uid: 'a', extra: 1 } as never), 'INVALID_ARGUMENT'],
      [() => admin.deleteKey(null as never), 'INVALID_ARGUMENT'],
      [() => admin.revokeCertificate({} as never), 'INVALID_ARGUMENT'],
      [() => admin.revokeCertificate({ fingerprint: 'AB:CD', commonName: 'x' }), 'INVALID_ARGUMENT'],
      [() => admin.revokeCertificate({ fingerprint: 'not hex' }), 'INVALID_ARGUMENT'],
      [() => admin.revokeCertificate({ commonName: ' padded' }), 'INVALID_ARGUMENT'],
      [() => admin.stop({ member: 1 }), 'NOT_FOUND'],
      [() => admin.start({ member: 0.5 }), 'INVALID_ARGUMENT'],
      [() => admin.acceptCertificate({ commonName: 'alice' }), 'NOT_SUPPORTED'],
      [() => admin.untrustCertificate({ commonName: 'alice' }), 'NOT_SUPPORTED'],
      [() => admin.addLocalUser({ name: 'SolidFire' }), 'NOT_SUPPORTED'],
      [() => admin.setKmipLicense({ licensed: true }), 'NOT_SUPPORTED'],
      [() => admin.registerHost({ host: 'cluster1' }), 'NOT_SUPPORTED'],
      [() => admin.issueClientBundle({ commonName: 'cluster1' }), 'NOT_SUPPORTED'],
    ];
    for (const [fn, code] of bad) await expectAdminError(fn, code);
    try {
      admin.deleteKey({ uid: 7 } as never);
    } catch (e) {
      expect(e).toBeInstanceOf(KeyServerAdminError);
      expect((e as Error).message).toBe('deleteKey: uid must be a string');
    }
    expect(admin.listCertificates().revocations).toEqual([]);
    expect(admin.status().members[0]?.listening).toBe(true);
  });

  it('refuses every call once the server is closed', async () => {
    await fresh();
    await running.server.close();
    await expectAdminError(() => admin.status(), 'CLOSED');
    await expectAdminError(() => admin.start(), 'CLOSED');
  });
});
