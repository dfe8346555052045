/**
 * Issue 5, point 7, and TR-4843 §1.1's theft cases through the control API: what is stolen is
 * carried to the foreign site (127.2.x.y) and powered on there, and GetTheftReport says what the
 * thief reads. Under internal keys one stolen node stays locked but the whole cluster is
 * readable (the limit of internal keys); under external keys the whole cluster stays locked when
 * the key server refuses the foreign site, has revoked the cluster's certificate, or no longer
 * has the AK — and, as the control case shows, is readable when it does none of these.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listDrives, pattern, setUpKeyProvider, startTestCluster, waitFor, waitForEar, type TestCluster } from './helpers/cluster.js';
import { elementErrorName } from './helpers/element.js';

interface Report {
  thefts: { at: string; what: string }[];
  nodes: { nodeID: number; online: boolean; phase: string | null; unlockError: string | null }[];
  drives: { driveID: number; serial: string; nodeID: number; stolenWith: string; locked: boolean | null; plaintextReadable: boolean; detail: string }[];
  settled: boolean;
}

/** Connections from the cluster's own data center only: the master (127.0.x.y) and its nodes (127.1.x.y). */
const HOME_SITE = ['127.0.0.0/16', '127.1.0.0/16'];

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function cluster(keyServer?: string): Promise<TestCluster> {
  t = await startTestCluster({ nodes: 3, drivesPerNode: 1, ...(keyServer === undefined ? {} : { keyServers: [keyServer] }), kmipTimeouts: { connectMs: 1_500, requestMs: 5_000 } });
  return t;
}

/** EAR on (internal keys, or the given key server's), and a recognisable block on every drive. */
async function encryptAndWrite(c: TestCluster, keyServer?: string): Promise<void> {
  const keyProviderID = keyServer === undefined ? undefined : await setUpKeyProvider(c, keyServer);
  await c.api('EnableEncryptionAtRest', keyProviderID === undefined ? {} : { keyProviderID });
  await waitForEar(c.api, 'enabled');
  await writeEveryDrive(c);
}

async function writeEveryDrive(c: TestCluster): Promise<void> {
  for (const d of await listDrives(c.api)) await c.control('WriteBlocks', { driveID: d.driveID, lba: 0, data: pattern(d.driveID, 1).toString('base64') });
}

/** The report once every stolen node has finished trying (real time: a thief's node times out on the simulated network). */
async function settledReport(c: TestCluster): Promise<Report> {
  return waitFor('the thief\'s nodes to settle', async () => {
    const r = (await c.control('GetTheftReport')) as unknown as Report;
    return r.settled && r.nodes.every((n) => n.online) ? r : undefined;
  }, 60_000);
}

describe('theft under internal keys', () => {
  it('a stolen node stays locked (one share is not enough) and a stolen drive is locked; the rest of the cluster serves on', async () => {
    const c = await cluster();
    await encryptAndWrite(c);
    const drives = await listDrives(c.api);
    const onNode3 = drives.find((d) => d.nodeID === 3)!;
    const onNode2 = drives.find((d) => d.nodeID === 2)!;

    await c.control('StealNode', { nodeID: 1 });
    await c.control('StealDrive', { driveID: onNode3.driveID });
    const report = await settledReport(c);
    expect(report.nodes).toEqual([expect.objectContaining({ nodeID: 1, online: true, phase: 'locked' })]);
    expect(report.drives).toHaveLength(2);
    for (const d of report.drives) expect(d).toMatchObject({ locked: true, plaintextReadable: false });
    expect(report.drives.map((d) => d.stolenWith).sort()).toEqual(['drive', 'node']);
    expect(report.thefts.map((x) => x.what)).toEqual([expect.stringContaining('node 1'), expect.stringContaining(`drive ${onNode3.driveID}`)]);

    // At home: node 1 is gone for good, node 3 goes on without its drive, node 2's data is there.
    expect(await elementErrorName(c.control('PowerOnNode', { nodeID: 1 }))).toBe('xSimStolen');
    expect(await elementErrorName(c.control('StealNode', { nodeID: 1 }))).toBe('xSimStolen');
    expect(await elementErrorName(c.control('StealDrive', { driveID: onNode3.driveID }))).toBe('xSimStolen');
    const back = (await c.control('ReadBlocks', { driveID: onNode2.driveID, lba: 0, blocks: 1 })) as { data: string };
    expect(Buffer.from(back.data, 'base64').equals(pattern(onNode2.driveID, 1))).toBe(true);
    await waitFor('the pulled drive to show failed', async () => ((await listDrives(c.api)).find((d) => d.driveID === onNode3.driveID)?.status === 'failed' ? true : undefined));
  }, 120_000);

  it('the whole cluster stolen is readable: every share went with it (the limit of internal keys)', async () => {
    const c = await cluster();
    await encryptAndWrite(c);
    await c.control('StealCluster');
    const report = await settledReport(c);
    expect(report.nodes.map((n) => n.phase)).toEqual(['ready', 'ready', 'ready']);
    expect(report.drives).toHaveLength(3);
    for (const d of report.drives) expect(d).toMatchObject({ stolenWith: 'cluster', locked: false, plaintextReadable: true });
    expect(await elementErrorName(c.control('StealCluster'))).toBe('xSimStolen');
  }, 120_000);

  it('without EAR a stolen drive is plaintext to anyone', async () => {
    const c = await cluster();
    await writeEveryDrive(c);
    const [first] = await listDrives(c.api);
    await c.control('StealDrive', { driveID: first!.driveID });
    const report = (await c.control('GetTheftReport')) as unknown as Report;
    expect(report.drives).toEqual([expect.objectContaining({ driveID: first!.driveID, stolenWith: 'drive', locked: false, plaintextReadable: true })]);
  }, 120_000);
});

describe('the whole cluster stolen under external keys', () => {
  const admin = (c: TestCluster, action: string, args?: Record<string, unknown>): Promise<Record<string, unknown>> =>
    c.control('SimKeyServerAdmin', { keyServer: 'kms1', action, ...(args === undefined ? {} : { args }) });

  const stolenAndLocked = async (c: TestCluster, why: RegExp): Promise<void> => {
    await c.control('StealCluster');
    const report = await settledReport(c);
    expect(report.nodes.map((n) => n.phase)).toEqual(['locked', 'locked', 'locked']);
    for (const n of report.nodes) expect(n.unlockError).toMatch(why);
    for (const d of report.drives) expect(d).toMatchObject({ stolenWith: 'cluster', locked: true, plaintextReadable: false });
  };

  it('is locked when the key server accepts only the cluster\'s data center', async () => {
    const c = await cluster('kms1');
    await encryptAndWrite(c, 'kms1');
    await admin(c, 'setSourceAllowList', { sources: HOME_SITE });
    await c.api('TestKeyProviderKmip', { keyProviderID: 1 }); // home still reaches it
    // Closed before TLS could start: the thief's address is not on the list.
    await stolenAndLocked(c, /kms1\.ekmsim\.test:\d+: TLS handshake interrupted/);
  }, 120_000);

  it('is locked once the cluster\'s certificate is revoked on the key server', async () => {
    const c = await cluster('kms1');
    await encryptAndWrite(c, 'kms1');
    await admin(c, 'revokeCertificate', { commonName: 'cluster1' });
    await stolenAndLocked(c, /TLS certificate revoked/);
  }, 120_000);

  it('is locked once the AK is deleted from the key server', async () => {
    const c = await cluster('kms1');
    await encryptAndWrite(c, 'kms1');
    const { result } = (await admin(c, 'listObjects')) as { result: { uid: string; objectType: string }[] };
    const keys = result.filter((o) => o.objectType === 'SymmetricKey');
    expect(keys).toHaveLength(1);
    await admin(c, 'deleteKey', { uid: keys[0]!.uid });
    await stolenAndLocked(c, new RegExp(`ItemNotFound: no object with Unique Identifier "${keys[0]!.uid}"`));
  }, 120_000);

  it('is readable when the key server does none of these: external keys protect only as far as the key server refuses', async () => {
    const c = await cluster('kms1');
    await encryptAndWrite(c, 'kms1');
    await c.control('StealCluster');
    const report = await settledReport(c);
    for (const d of report.drives) expect(d).toMatchObject({ locked: false, plaintextReadable: true });
    expect(report.drives).toHaveLength(3);
  }, 120_000);
});
