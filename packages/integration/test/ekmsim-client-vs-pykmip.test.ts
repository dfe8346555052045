/**
 * ekmsim's KMIP client against a server it did not write: Debian's pykmip-server. The same
 * lifecycle a cluster drives (create AES-256 with a Name, activate, get, locate by name, get
 * attributes, revoke, destroy) plus the must-fail cases, in KMIP 1.2, 1.4 and 2.0.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@ekmsim/core';
import { Enum, KmipResultError, nameValues, numberAttribute } from '@ekmsim/kmip';
import { KmipClient } from '@ekmsim/kmip-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCerts, startPykmipServer, type PykmipServer, type TestCerts } from './helpers/pykmip.js';

async function failure(p: Promise<unknown>): Promise<KmipResultError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KmipResultError) return e;
    throw e;
  }
  throw new Error('expected a KMIP error, the operation succeeded');
}

describe('ekmsim KmipClient -> pykmip-server', () => {
  let tmp: string;
  let certs: TestCerts;
  let server: PykmipServer;
  let tls: { caPem: string; certPem: string; keyPem: string };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-pykmip-srv-'));
    certs = await makeTestCerts(join(tmp, 'certs'));
    server = await startPykmipServer({ host: '127.0.0.1', port: 0, certPath: certs.serverCert, keyPath: certs.serverKey, caPath: certs.caCert, dataDir: join(tmp, 'server') });
    tls = { caPem: await readFile(certs.caCert, 'utf8'), certPem: await readFile(certs.clientCert, 'utf8'), keyPem: await readFile(certs.clientKey, 'utf8') };
  });

  afterAll(async () => {
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  for (const version of ['1.2', '1.4', '2.0']) {
    it(`runs the lifecycle and the must-fail cases (KMIP ${version})`, async () => {
      const client = new KmipClient({ servers: [{ host: server.host, port: server.port }], tls, version, clock: systemClock() });
      try {
        const versions = await client.discoverVersions();
        expect(versions.map((v) => `${v.major}.${v.minor}`)).toContain(version);
        const name = `x-SolidFire-KeyID-${version}-${Date.now()}`;
        const uid = await client.create({ algorithm: 'AES', length: 256, name });
        await client.activate(uid);
        const got = await client.get(uid);
        expect(got.objectType).toBe(Enum.ObjectType.SymmetricKey);
        expect(got.key?.material.length).toBe(32);
        expect(got.key?.algorithm).toBe(Enum.CryptographicAlgorithm.AES);
        expect(await client.locate({ name })).toEqual([uid]);
        const attrs = await client.getAttributes(uid);
        expect(numberAttribute(attrs, 'State')).toBe(Enum.State.Active);
        expect(nameValues(attrs)).toEqual([name]);
        expect(numberAttribute(attrs, 'Cryptographic Length')).toBe(256);

        expect((await failure(client.activate(uid))).reason).toBe('PermissionDenied');
        expect((await failure(client.destroy(uid))).reason).toBe('PermissionDenied');

        await client.revoke(uid, 'KeyCompromise');
        expect(numberAttribute(await client.getAttributes(uid), 'State')).toBe(Enum.State.Compromised);
        await client.destroy(uid);
        expect((await failure(client.get(uid))).reason).toBe('ItemNotFound');
        expect((await failure(client.get('no-such-object'))).reason).toBe('ItemNotFound');
      } finally {
        await client.close();
      }
    });
  }
});
