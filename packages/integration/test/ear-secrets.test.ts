/**
 * Secrets stay secret (issue 4, point 7): after enable, conversion and boot, the AK's bytes,
 * every share's bytes and the cluster's TLS private key appear in no log, API reply or
 * master–node message, and the AK in no file of the data directory. The secrets are recovered
 * independently (helpers/secrets.ts), so the search looks for the real bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secureRng, systemClock } from '@ekmsim/core';
import { KmipClient } from '@ekmsim/kmip-client';
import { issueClientCertificate } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './helpers/element.js';
import { listDrives, pattern, setUpKeyProvider, startTestCluster, waitForEar, waitUnlocked, type Call, type TestCluster } from './helpers/cluster.js';
import { filesUnder, leaks, recoverInternalAk, type Secret } from './helpers/secrets.js';

const NODES = [1, 2, 3, 4];

describe('no AK, share or private key leaks anywhere it must not be', () => {
  let t: TestCluster;
  const replies: string[] = [];
  const secrets: Secret[] = [];
  let api: Call;
  let control: Call;

  const recording =
    (path: string): Call =>
    async (method, params = {}) => {
      const reply = await postJson(t.sim.apiUrl + path, JSON.stringify({ id: 1, method, params }));
      replies.push(reply.body);
      if (reply.json?.error !== undefined) throw new Error(`${method}: ${reply.json.error.name}: ${reply.json.error.message}`);
      return reply.json?.result ?? {};
    };

  beforeAll(async () => {
    t = await startTestCluster({ nodes: 4, drivesPerNode: 2, keyServers: ['kms1'] });
    api = recording('/json-rpc/12.3');
    control = recording('/sim/json-rpc/1.0');
    const drives = await listDrives(api);

    // Internal keys: enable, write, power-cycle (every node rebuilds the AK from shares).
    await api('EnableEncryptionAtRest');
    await waitForEar(api, 'enabled');
    for (const d of drives) await control('WriteBlocks', { driveID: d.driveID, lba: 0, data: pattern(d.driveID, 1).toString('base64') });
    await control('PowerCycleCluster');
    await waitUnlocked(control, NODES);
    secrets.push(...recoverInternalAk(t.dir, [1, 2]), ...recoverInternalAk(t.dir, [3, 4]).slice(1));
    for (const id of NODES) await control('GetNodeState', { nodeID: id });

    // Conversion to external keys, then boot: every node fetches the AK over KMIP.
    const providerID = await setUpKeyProvider({ ...t, api, control }, 'kms1');
    await api('EnableEncryptionAtRest', { keyProviderID: providerID });
    await waitForEar(api, 'enabled');
    await control('PowerCycleCluster');
    await waitUnlocked(control, NODES);
    for (const id of NODES) await control('GetNodeState', { nodeID: id });
    await api('ListDrives');
    await api('ListDriveHardware', { force: true });
    await api('GetEncryptionAtRestInfo');
    secrets.push(await externalAk(t.dir, ((await api('GetEncryptionAtRestInfo')) as { authenticationKeyInfo: { keyID: string } }).authenticationKeyInfo.keyID));
    secrets.push(...clusterPrivateKey(t.dir));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('recovered the secrets it searches for', () => {
    expect(secrets.map((s) => s.what.replace(/ \(generation \d+\)/, ''))).toEqual([
      'internal AK', "node 1's share", "node 2's share", "node 3's share", "node 4's share", 'external AK', "the cluster's TLS private key (DER)", "the cluster's TLS private key (a PEM line)",
    ]);
    for (const s of secrets) {
      expect(s.bytes.length).toBeGreaterThanOrEqual(16);
      // The search finds each secret in every form it looks for (so an empty answer below means something).
      expect(leaks([s], Buffer.concat([Buffer.from('x'), s.bytes, Buffer.from(s.bytes.toString('hex')), Buffer.from(s.bytes.toString('base64'))]), 'probe')).toHaveLength(3);
    }
  });

  it('no secret in any master–node message', () => {
    expect(t.wire.length).toBeGreaterThan(100);
    expect(leaks(secrets, Buffer.from(t.wire.join('\n')), 'the wire')).toEqual([]);
  });

  it('no secret in any API reply', () => {
    expect(leaks(secrets, Buffer.from(replies.join('\n')), 'API replies')).toEqual([]);
  });

  it('no secret in the Element logs', () => {
    for (const log of ['sf-master.info', 'sf-master.error']) expect(leaks(secrets, readFileSync(join(t.dir, log)), log)).toEqual([]);
  });

  it('the AK in no file of the data directory (drive media, node state, cluster database, key server store aside)', () => {
    const aks = secrets.filter((s) => s.what.includes('AK'));
    const found: string[] = [];
    for (const f of filesUnder(t.dir)) {
      // The key server's own store holds the external AK: that is where it belongs.
      if (f.path.includes(join('keyservers', 'kms1', 'store'))) continue;
      found.push(...leaks(aks, f.bytes, f.path));
    }
    expect(found).toEqual([]);
  });
});

/** The external AK as the key server holds it, fetched with a certificate its CA issues for the cluster's name. */
async function externalAk(dir: string, keyID: string): Promise<Secret> {
  const site = join(dir, 'keyservers', 'kms1');
  const ca = { certPem: readFileSync(join(site, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(site, 'ca.key'), 'utf8') };
  const clock = systemClock();
  const me = await issueClientCertificate({ ca, commonName: 'cluster1', clock, rng: secureRng() });
  const port = Number(readFileSync(join(site, 'port'), 'utf8'));
  const client = new KmipClient({ servers: [{ host: '127.0.0.1', port }], tls: { caPem: ca.certPem, certPem: me.certPem, keyPem: me.keyPem }, clock });
  try {
    const [uid] = await client.locate({ name: `x-SolidFire-KeyID-${keyID}` });
    const got = await client.get(uid!);
    return { what: 'external AK', bytes: Buffer.from(got.key!.material) };
  } finally {
    await client.close();
  }
}

/** The cluster's TLS private key, read out of the cluster database's files: its DER, and one PEM line as text. */
function clusterPrivateKey(dir: string): Secret[] {
  for (const f of filesUnder(join(dir, 'master'))) {
    const text = f.bytes.toString('latin1');
    const at = text.indexOf('-----BEGIN PRIVATE KEY-----');
    if (at < 0) continue;
    const end = text.indexOf('-----END', at);
    const body = text.slice(at + '-----BEGIN PRIVATE KEY-----'.length, end).replace(/\\n|\s/g, '');
    return [
      { what: "the cluster's TLS private key (DER)", bytes: Buffer.from(body, 'base64') },
      { what: "the cluster's TLS private key (a PEM line)", bytes: Buffer.from(body.slice(64, 128)) },
    ];
  }
  throw new Error('no private key found in the cluster database');
}
