/**
 * Secrets stay secret (issue 4, point 7): after enable, conversion and boot, the AK's bytes,
 * every share's bytes and the cluster's TLS private key appear in no log, API reply or
 * master–node message, and the AK in no file of the data directory. The secrets are recovered
 * independently (helpers/secrets.ts), so the search looks for the real bytes. The AK is also
 * every drive's Admin1 PIN, so no AK means no PIN. The key flow the control API shows as it
 * happens (ListSimActivity, issue 7) is searched on its own too: it names who asked whom for
 * what, and nothing more.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './helpers/element.js';
import { listDrives, pattern, setUpKeyProvider, startTestCluster, waitForEar, waitUnlocked, type Call, type TestCluster } from './helpers/cluster.js';
import { clusterPrivateKey, externalAk, filesUnder, leaks, recoverInternalAk, type Secret } from './helpers/secrets.js';

const NODES = [1, 2, 3, 4];

describe('no AK, share or private key leaks anywhere it must not be', () => {
  let t: TestCluster;
  const replies: string[] = [];
  const secrets: Secret[] = [];
  let api: Call;
  let control: Call;
  /** Every ListSimActivity reply, as sent. */
  const activityReplies: string[] = [];
  let activitySince = 0;
  /** Reads the key flow since the last read (recorded with every other reply, and on its own). */
  const readActivity = async (): Promise<void> => {
    for (;;) {
      const before = replies.length;
      const { activities, next } = (await control('ListSimActivity', { since: activitySince })) as { activities: unknown[]; next: number };
      activityReplies.push(...replies.slice(before));
      activitySince = next;
      if (activities.length === 0) return;
    }
  };

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
    await readActivity();

    // Conversion to external keys, then boot: every node fetches the AK over KMIP.
    const providerID = await setUpKeyProvider({ ...t, api, control }, 'kms1');
    await api('EnableEncryptionAtRest', { keyProviderID: providerID });
    await waitForEar(api, 'enabled');
    await control('PowerCycleCluster');
    await waitUnlocked(control, NODES);
    for (const id of NODES) await control('GetNodeState', { nodeID: id });
    await readActivity();
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

  it('ListSimActivity: the key flow (share requests, KMIP requests) by identifiers only', () => {
    const activities = activityReplies.flatMap((r) => (JSON.parse(r) as { result: { activities: Record<string, unknown>[] } }).result.activities);
    expect(activities.some((a) => a.kind === 'share' && a.ok === true)).toBe(true);
    expect(activities.some((a) => a.kind === 'kmip' && a.what === 'Get' && a.ok === true)).toBe(true);
    // Each activity is its eight fields: nowhere for a share, a sealed box or a key to hide.
    for (const a of activities) expect(Object.keys(a).sort()).toEqual(['from', 'kind', 'ok', 'outcome', 'seq', 'simMs', 'to', 'what']);
    const text = activityReplies.join('\n');
    expect(leaks(secrets, Buffer.from(text), 'ListSimActivity replies')).toEqual([]);
    expect(text).not.toMatch(/PRIVATE KEY|ciphertext|ephemeralPublicKey/);
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
