/** Element-style logs: the line format, the two files, and no secrets anywhere. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SimulatedClock } from '@ekmsim/core';
import { KmipClient } from '@ekmsim/kmip-client';
import { authenticationKeyName, CLUSTER_DB_FILE, createElementLogs, DB_PATHS, MASTER_ERROR_LOG, MASTER_INFO_LOG, openMaster } from '@ekmsim/master';
import { signCsr } from '@ekmsim/pki';
import { describe, expect, it } from 'vitest';
import { addServer, failure, SUBJECT } from './support/cluster.js';
import { clock, closedPort, makeCa, removeDir, rng, scratchDir, startSite } from './support/site.js';

describe('createElementLogs', () => {
  it('writes info and above to sf-master.info, errors to sf-master.error, stamped by the injected clock', async () => {
    const dir = scratchDir();
    try {
      const sim = new SimulatedClock(Date.UTC(2026, 10, 28, 4, 50, 1, 123));
      const logs = createElementLogs({ dir, clock: sim });
      logs.log('debug', 'not written');
      logs.log('info', 'Key server 1 test succeeded', { component: 'KS', keyServerID: 1, hosts: 'a b', skipped: undefined });
      sim.advance(1000);
      logs.log('error', 'OpenSSL error stack: ssl3_read_bytes:tlsv1 alert unknown ca', { component: 'OpenSSL' });
      logs.log('warn', 'no component\nsecond line');
      await logs.close();
      logs.log('info', 'after close: dropped');
      const info = readFileSync(join(dir, MASTER_INFO_LOG), 'utf8').split('\n');
      const error = readFileSync(join(dir, MASTER_ERROR_LOG), 'utf8').split('\n');
      const pid = process.pid;
      expect(info).toEqual([
        `2026-11-28T04:50:01.123000Z ekmsim master-1[${pid}]: [INFO] [KS] Key server 1 test succeeded keyServerID=1 hosts="a b"`,
        `2026-11-28T04:50:02.123000Z ekmsim master-1[${pid}]: [ERROR] [OpenSSL] OpenSSL error stack: ssl3_read_bytes:tlsv1 alert unknown ca`,
        `2026-11-28T04:50:02.123000Z ekmsim master-1[${pid}]: [WARN] [MASTER] no component\\nsecond line`,
        '',
      ]);
      expect(error).toEqual([info[1], '']);
    } finally {
      removeDir(dir);
    }
  });

  it('never writes a private key, whatever it is handed', async () => {
    const dir = scratchDir();
    try {
      const logs = createElementLogs({ dir, clock });
      const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
      logs.log('error', `oops ${key}`, { component: 'KS', detail: key });
      await logs.close();
      const text = readFileSync(join(dir, MASTER_INFO_LOG), 'utf8');
      expect(text).not.toMatch(/PRIVATE KEY|MIIEvQIBADANBgkqhkiG9w0BAQEFAASC/);
      expect(text).toContain('[private key withheld]');
    } finally {
      removeDir(dir);
    }
  });
});

describe('a whole EKM flow, successes and failures', () => {
  it('leaves no private key, key material or "PRIVATE KEY" in the logs, the replies or the errors', async () => {
    const dir = scratchDir();
    const site = await startSite();
    const otherCa = await makeCa('Untrusted CA');
    const said: string[] = [];
    const keep = (v: unknown): void => void said.push(JSON.stringify(v));
    try {
      const logs = createElementLogs({ dir, clock });
      const master = await openMaster({ dataDir: join(dir, 'master'), clock, rng, logger: logs });
      await master.createPublicPrivateKeyPair(SUBJECT);
      const csr = master.getClientCertificateSignRequest();
      keep(csr);
      const cert = site.sign(csr);
      const server = await addServer(master, site, cert);
      keep(server);
      await master.testKeyServerKmip(server.keyServerID);
      // Failures on the way: unreachable, refused identity, malformed and mismatched certificates.
      const down = await master.createKeyServerKmip({ kmipCaCertificate: site.ca.certPem, kmipClientCertificate: cert, kmipKeyServerHostnames: ['127.0.0.1'], kmipKeyServerName: 'down', kmipKeyServerPort: await closedPort() });
      keep(await failure(master.testKeyServerKmip(down.keyServerID)));
      const untrusted = signCsr({ csrPem: csr, ca: otherCa, clock, rng });
      const refused = await master.createKeyServerKmip({ kmipCaCertificate: site.ca.certPem + otherCa.certPem, kmipClientCertificate: untrusted, kmipKeyServerHostnames: ['localhost', '127.0.0.1'], kmipKeyServerName: 'refused', kmipKeyServerPort: site.port });
      keep(await failure(master.testKeyServerKmip(refused.keyServerID)));
      keep(await failure(master.createKeyServerKmip({ kmipCaCertificate: 'garbage', kmipClientCertificate: cert, kmipKeyServerHostnames: ['x.test'], kmipKeyServerName: 'bad' })));
      keep(await failure(master.createKeyServerKmip({ kmipCaCertificate: site.ca.certPem, kmipClientCertificate: site.ca.certPem, kmipKeyServerHostnames: ['y.test'], kmipKeyServerName: 'bad' })));
      const provider = await master.createKeyProviderKmip('KMS');
      keep(await failure(master.testKeyProviderKmip(provider.keyProviderID)));
      await master.addKeyServerToProviderKmip(provider.keyProviderID, server.keyServerID);
      await master.testKeyProviderKmip(provider.keyProviderID);
      await master.enableEncryptionAtRest({ keyProviderID: provider.keyProviderID });
      keep(master.getEncryptionAtRestInfo());
      keep(master.listKeyServersKmip({}));
      keep(master.listKeyProvidersKmip({}));
      keep(master.getClusterInfo());
      keep(await failure(master.createPublicPrivateKeyPair(SUBJECT)));
      const keyID = master.getEncryptionAtRestInfo().authenticationKeyInfo?.keyID ?? '';
      await master.close();
      await logs.close();

      // The secrets, read where they live: the cluster database and the key server.
      const db = new Database(join(dir, 'master', CLUSTER_DB_FILE), { readonly: true });
      const row = db.prepare('SELECT value FROM nodes WHERE path = ?').get(DB_PATHS.keyPair) as { value: string };
      db.close();
      const privateKeyPem = (JSON.parse(row.value) as { privateKeyPem: string }).privateKeyPem;
      const keyLines = privateKeyPem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
      expect(keyLines.length).toBeGreaterThan(10);
      const peer = await site.peerIdentity(SUBJECT.commonName);
      const client = new KmipClient({ servers: [{ host: 'localhost', port: site.port }], tls: { caPem: site.ca.certPem, ...peer }, clock });
      let ak: Uint8Array;
      try {
        const [uid] = await client.locate({ name: authenticationKeyName(keyID) });
        ak = (await client.get(uid!)).key!.material;
      } finally {
        await client.close();
      }
      const akForms = [Buffer.from(ak).toString('hex'), Buffer.from(ak).toString('hex').toUpperCase(), Buffer.from(ak).toString('base64')];

      const info = readFileSync(join(dir, MASTER_INFO_LOG), 'utf8');
      const error = readFileSync(join(dir, MASTER_ERROR_LOG), 'utf8');
      // The logs did record the flow, its contacts and its failures.
      expect(info).toMatch(/\[KS\] Key server 1 \(eks-1\) test succeeded/);
      expect(error).toMatch(/\[OpenSSL\] OpenSSL error stack: BIO_connect/);
      expect(error).toMatch(/\[KS\] .*xKeyServerAuthFailed/);
      for (const [where, text] of [['sf-master.info', info], ['sf-master.error', error], ['replies and errors', said.join('\n')]] as const) {
        expect(text, where).not.toMatch(/PRIVATE KEY/i);
        for (const line of keyLines) expect(text.includes(line), `${where}: a line of the private key`).toBe(false);
        for (const form of akForms) expect(text.includes(form), `${where}: the AK`).toBe(false);
      }
    } finally {
      await site.close();
      removeDir(dir);
    }
  });
});
