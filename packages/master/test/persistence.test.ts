/** The cluster database: everything survives a reopen; one master per directory. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_DB_FILE, ClusterDbError, openMaster } from '@ekmsim/master';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addServer, trust } from './support/cluster.js';
import { clock, removeDir, rng, scratchDir, startSite, type Site } from './support/site.js';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site.close());

describe('reopening the cluster database', () => {
  it('keeps the identity, key pair, servers, providers, assignments, EAR state and id counters', async () => {
    const dataDir = scratchDir();
    try {
      const first = await openMaster({ dataDir, clock, rng, cluster: { name: 'c1', mvip: '10.0.0.1', svip: '10.0.1.1' } });
      const cert = await trust(first, site);
      const s1 = await addServer(first, site, cert);
      const s2 = await addServer(first, site, cert, { hostnames: ['127.0.0.1'], name: 'second' });
      await first.deleteKeyServerKmip(s2.keyServerID);
      const p = await first.createKeyProviderKmip('KMS');
      await first.addKeyServerToProviderKmip(p.keyProviderID, s1.keyServerID);
      await first.enableEncryptionAtRest({ keyProviderID: p.keyProviderID });
      const snapshot = {
        info: first.getClusterInfo(),
        csr: first.getClientCertificateSignRequest(),
        servers: first.listKeyServersKmip({}),
        providers: first.listKeyProvidersKmip({}),
        ear: first.getEncryptionAtRestInfo(),
      };
      await first.close();
      expect(existsSync(join(dataDir, CLUSTER_DB_FILE))).toBe(true);

      // Options for a new cluster do not change an existing one.
      const second = await openMaster({ dataDir, clock, rng, cluster: { name: 'other' } });
      try {
        expect(second.getClusterInfo()).toEqual(snapshot.info);
        expect(snapshot.info).toMatchObject({ name: 'c1', mvip: '10.0.0.1', svip: '10.0.1.1' });
        // Same key pair: RSA PKCS#1 v1.5 signatures are deterministic, so the CSR is identical.
        expect(second.getClientCertificateSignRequest()).toBe(snapshot.csr);
        expect(second.listKeyServersKmip({})).toEqual(snapshot.servers);
        expect(second.listKeyProvidersKmip({})).toEqual(snapshot.providers);
        expect(second.getEncryptionAtRestInfo()).toEqual(snapshot.ear);
        expect((await addServer(second, site, cert, { hostnames: ['third.test'] })).keyServerID).toBe(3);
        // The reopened master still talks to the key server with the stored key.
        await second.testKeyProviderKmip(p.keyProviderID);
      } finally {
        await second.close();
      }
    } finally {
      removeDir(dataDir);
    }
  });

  it('refuses a second master on a directory in use, and opens once the first is closed', async () => {
    const dataDir = scratchDir();
    try {
      const first = await openMaster({ dataDir, clock, rng });
      await expect(openMaster({ dataDir, clock, rng })).rejects.toBeInstanceOf(ClusterDbError);
      await first.close();
      const again = await openMaster({ dataDir, clock, rng });
      await again.close();
    } finally {
      removeDir(dataDir);
    }
  });

  it('serializes concurrent changes: each commits whole, in call order', async () => {
    const dataDir = scratchDir();
    try {
      const m = await openMaster({ dataDir, clock, rng });
      const made = await Promise.all(Array.from({ length: 20 }, (_, i) => m.createKeyProviderKmip(`p${i}`)));
      expect(made.map((p) => p.keyProviderID)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      await m.close();
    } finally {
      removeDir(dataDir);
    }
  });
});
