/**
 * TR-4843 §9.1 as a vendor set-up does it, through the Element API and the simulator's control
 * API only: the cluster's key pair and CSR, a key server and a provider built from what
 * ListSimKeyServers publishes, the key server administrator's actions (SimKeyServerAdmin), and
 * the end-to-end check every set-up ends with (write, power-cycle the cluster, read back).
 */
import { expect } from 'vitest';
import { listDrives, pattern, waitForEar, waitUnlocked, type Call, type DriveView, type TestCluster } from './cluster.js';
import { ElementError } from './element.js';

export interface SimKeyServer {
  name: string;
  vendor: string;
  hostnames: string[];
  port: number;
  caCertificate: string;
  members: { hostname: string; listening: boolean }[];
}

export async function simKeyServer(control: Call, name: string): Promise<SimKeyServer> {
  const servers = (await control('ListSimKeyServers')).keyServers as SimKeyServer[];
  const found = servers.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no simulated key server ${name}`);
  return found;
}

/** `CreatePublicPrivateKeyPair` with `subject`, then its CSR. */
export async function keyPairCsr(api: Call, subject: Record<string, string>): Promise<string> {
  await api('CreatePublicPrivateKeyPair', subject);
  return ((await api('GetClientCertificateSignRequest')) as { clientCertificateSignRequest: string }).clientCertificateSignRequest;
}

/** The key server administrator's action (its UI or CLI); answers the action's result. */
export async function keyServerAdmin(control: Call, keyServer: string, action: string, args?: Record<string, unknown>): Promise<unknown> {
  return (await control('SimKeyServerAdmin', { keyServer, action, ...(args === undefined ? {} : { args }) })).result;
}

export interface KmipSetup {
  keyServerID: number;
  keyProviderID: number;
}

export interface KeyServerOptions {
  /** Default: every host name the simulation publishes for it. */
  readonly hostnames?: readonly string[];
  /** Default: the CA the simulation publishes for it. */
  readonly caCertificate?: string;
}

/**
 * CreateKeyProviderKmip and CreateKeyServerKmip (neither contacts the server), not yet assigned:
 * AddKeyServerToProviderKmip contacts the server, so it is the set-up's first test with TestKeyServerKmip.
 */
export async function createServerAndProvider(api: Call, ks: SimKeyServer, clientCertificate: string, o: KeyServerOptions = {}): Promise<KmipSetup> {
  const { kmipKeyServer } = (await api('CreateKeyServerKmip', {
    kmipKeyServerName: ks.name,
    kmipKeyServerHostnames: o.hostnames ?? ks.hostnames,
    kmipKeyServerPort: ks.port,
    kmipCaCertificate: o.caCertificate ?? ks.caCertificate,
    kmipClientCertificate: clientCertificate,
  })) as { kmipKeyServer: { keyServerID: number } };
  const { kmipKeyProvider } = (await api('CreateKeyProviderKmip', { keyProviderName: `provider-${ks.name}` })) as { kmipKeyProvider: { keyProviderID: number } };
  return { keyServerID: kmipKeyServer.keyServerID, keyProviderID: kmipKeyProvider.keyProviderID };
}

/** The Element error `call` fails with, name and message (fails the test if it succeeds). */
export async function elementFailure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (e) {
    if (e instanceof ElementError) return { name: e.elementName, message: e.message };
    throw e;
  }
  throw new Error('expected an Element API error, the call succeeded');
}

async function expectFailure(call: Promise<unknown>, name: string, symptom: RegExp | string): Promise<void> {
  const failure = await elementFailure(call);
  expect(failure.name).toBe(name);
  expect(failure.message).toMatch(symptom);
}

async function providerServers(api: Call, keyProviderID: number): Promise<number[]> {
  return ((await api('GetKeyProviderKmip', { keyProviderID })) as { kmipKeyProvider: { keyServerIDs: number[] } }).kmipKeyProvider.keyServerIDs;
}

/**
 * A misstep seen at TR-4843 §9.1 step 2 before the server is assigned: TestKeyServerKmip and
 * AddKeyServerToProviderKmip (which contacts the server) both fail with `name` and a message
 * carrying `symptom`, and the provider stays without the server.
 */
export async function expectServerRefused(api: Call, s: KmipSetup, name: string, symptom: RegExp | string): Promise<void> {
  await expectFailure(api('TestKeyServerKmip', { keyServerID: s.keyServerID }), name, symptom);
  await expectFailure(api('AddKeyServerToProviderKmip', { keyProviderID: s.keyProviderID, keyServerID: s.keyServerID }), name, symptom);
  expect(await providerServers(api, s.keyProviderID)).toEqual([]);
}

/** TestKeyServerKmip passes, AddKeyServerToProviderKmip assigns it, TestKeyProviderKmip passes. */
export async function expectServerAccepted(api: Call, s: KmipSetup): Promise<void> {
  expect(await api('TestKeyServerKmip', { keyServerID: s.keyServerID })).toEqual({});
  expect(await api('AddKeyServerToProviderKmip', { keyProviderID: s.keyProviderID, keyServerID: s.keyServerID })).toEqual({});
  expect(await providerServers(api, s.keyProviderID)).toEqual([s.keyServerID]);
  expect(await api('TestKeyProviderKmip', { keyProviderID: s.keyProviderID })).toEqual({});
}

/** With the server assigned: both tests fail, with these exception names and a message carrying `symptom`. */
export async function expectBothTestsFail(api: Call, s: KmipSetup, serverName: string, providerName: string, symptom: RegExp | string): Promise<void> {
  await expectFailure(api('TestKeyServerKmip', { keyServerID: s.keyServerID }), serverName, symptom);
  await expectFailure(api('TestKeyProviderKmip', { keyProviderID: s.keyProviderID }), providerName, symptom);
}

export async function expectBothTestsPass(api: Call, s: KmipSetup): Promise<void> {
  expect(await api('TestKeyServerKmip', { keyServerID: s.keyServerID })).toEqual({});
  expect(await api('TestKeyProviderKmip', { keyProviderID: s.keyProviderID })).toEqual({});
}

export interface ExternalKeyInfo {
  keyManagementType: string;
  keyProviderID: number;
  keyID: string;
}

/** EnableEncryptionAtRest with the provider; waits for `enabled`; answers where the key comes from. */
export async function enableExternalEar(api: Call, keyProviderID: number): Promise<ExternalKeyInfo> {
  expect(await api('EnableEncryptionAtRest', { keyProviderID })).toEqual({});
  await waitForEar(api, 'enabled');
  const info = (await api('GetEncryptionAtRestInfo')) as { state: string; authenticationKeyInfo: ExternalKeyInfo };
  expect(info.state).toBe('enabled');
  expect(info.authenticationKeyInfo).toMatchObject({ keyManagementType: 'external', keyProviderID });
  return info.authenticationKeyInfo;
}

export const LBA = 8;
export const BLOCKS = 2;

/** Writes a pattern salted with `salt` to every drive (WriteBlocks). */
export async function writeEveryDrive(t: TestCluster, salt: string): Promise<DriveView[]> {
  const drives = await listDrives(t.api);
  for (const d of drives) await t.control('WriteBlocks', { driveID: d.driveID, lba: LBA, data: pattern(d.driveID, BLOCKS, salt).toString('base64') });
  return drives;
}

/** Every drive reads back exactly what `writeEveryDrive(salt)` wrote. */
export async function readEveryDrive(t: TestCluster, drives: readonly DriveView[], salt: string): Promise<void> {
  for (const d of drives) {
    const { data } = (await t.control('ReadBlocks', { driveID: d.driveID, lba: LBA, blocks: BLOCKS })) as { data: string };
    expect(Buffer.from(data, 'base64').equals(pattern(d.driveID, BLOCKS, salt)), `drive ${d.driveID} reads back what was written`).toBe(true);
  }
}

/** Every node of the cluster, by ID. */
export async function nodeIDs(api: Call): Promise<number[]> {
  return ((await api('ListActiveNodes')) as { nodes: { nodeID: number }[] }).nodes.map((n) => n.nodeID);
}

/** How many unlock rounds the node has run since it booted (a round runs only while a drive is locked). */
export async function unlockAttempts(control: Call, nodeID: number): Promise<number> {
  const { node } = (await control('GetNodeState', { nodeID })) as { node: { unlockAttempts: number } | null };
  if (node === null) throw new Error(`node ${nodeID} is off`);
  return node.unlockAttempts;
}

/** PowerCycleCluster; every node boots with its drives locked and unlocks them (with the key server's key). */
export async function powerCycleAndUnlock(t: TestCluster): Promise<void> {
  expect(await t.control('PowerCycleCluster')).toEqual({});
  const nodes = await nodeIDs(t.api);
  await waitUnlocked(t.control, nodes);
  for (const id of nodes) expect(await unlockAttempts(t.control, id), `node ${id} had locked drives to unlock after booting`).toBeGreaterThanOrEqual(1);
}

/** Write, PowerCycleCluster, every drive locks and unlocks again, read back identical. */
export async function writePowerCycleReadBack(t: TestCluster, salt: string): Promise<void> {
  const drives = await writeEveryDrive(t, salt);
  await powerCycleAndUnlock(t);
  await readEveryDrive(t, drives, salt);
}
