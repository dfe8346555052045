/**
 * A simulated cluster in this process (master, worker-thread nodes, API, key servers), driven
 * through its HTTPS APIs only, with every master–node message captured for the security checks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureRng, systemClock } from '@ekmsim/core';
import type { KeyPairSource } from '@ekmsim/pki';
import { startSimulation, type KeyServerSpec, type Simulation } from '@ekmsim/sim';
import { element } from './element.js';

export const BLOCK = 4096;

export type Call = (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface TestCluster {
  readonly dir: string;
  readonly sim: Simulation;
  /** Element API (12.3). */
  readonly api: Call;
  /** Simulator control API. */
  readonly control: Call;
  /** Every master–node message so far, as sent. */
  readonly wire: string[];
  /** Called with each message as it passes (fault injection); replace at will. */
  onWire: (direction: 'in' | 'out', text: string, nodeID: number | undefined) => void;
  close(): Promise<void>;
}

export interface TestClusterOptions {
  readonly nodes?: number;
  readonly drivesPerNode?: number;
  /** Small drives keep raw-media scans quick; default 256 blocks (1 MiB). */
  readonly capacityBytes?: number;
  /** Names of generic key servers, or specs of vendor ones (`{name: 'kc', vendor: 'hytrust', members: 2}`). */
  readonly keyServers?: readonly (string | KeyServerSpec)[];
  readonly shamirThreshold?: number;
  readonly dir?: string;
  /** KMIP connect and request timeouts of the master and the nodes (short ones for network fault tests). */
  readonly kmipTimeouts?: { readonly connectMs?: number; readonly requestMs?: number };
  /** Where the simulation's RSA key pairs come from (made when asked for by default). */
  readonly keyPairs?: KeyPairSource;
}

export async function startTestCluster(o: TestClusterOptions = {}): Promise<TestCluster> {
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'ekmsim-cluster-')));
  const wire: string[] = [];
  const cluster: { onWire: TestCluster['onWire'] } = { onWire: () => undefined };
  const sim = await startSimulation({
    dataDir: dir,
    apiPort: 0,
    credentials: { username: 'admin', password: 'admin' },
    keyServers: (o.keyServers ?? []).map((k) => (typeof k === 'string' ? { name: k, vendor: 'generic' as const } : k)),
    cluster: {
      nodes: o.nodes ?? 4,
      drivesPerNode: o.drivesPerNode ?? 2,
      capacityBytes: o.capacityBytes ?? 256 * BLOCK,
      ...(o.shamirThreshold === undefined ? {} : { shamirThreshold: o.shamirThreshold }),
    },
    clock: systemClock(),
    rng: secureRng(),
    ...(o.kmipTimeouts === undefined ? {} : { kmipTimeouts: o.kmipTimeouts }),
    ...(o.keyPairs === undefined ? {} : { keyPairs: o.keyPairs }),
    wireTap: (direction, text, nodeID) => {
      wire.push(text);
      cluster.onWire(direction, text, nodeID);
    },
  });
  const api: Call = (m, p) => element(sim.apiUrl, m, p);
  const control: Call = (m, p) => element(sim.apiUrl, m, p, '/sim/json-rpc/1.0');
  return Object.assign(cluster, {
    dir,
    sim,
    api,
    control,
    wire,
    close: async () => {
      await sim.close();
      if (o.dir === undefined) await rm(dir, { recursive: true, force: true });
    },
  });
}

/** Polls `probe` until it returns a value other than undefined (real time: this is a test). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last === undefined ? '' : ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})`}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function waitForEar(api: Call, state: 'enabled' | 'disabled', timeoutMs = 60_000): Promise<void> {
  await waitFor(`encryptionAtRestState ${state}`, async () => {
    const { clusterInfo } = (await api('GetClusterInfo')) as { clusterInfo: { encryptionAtRestState: string } };
    return clusterInfo.encryptionAtRestState === state ? true : undefined;
  }, timeoutMs);
}

export interface NodeStateView {
  nodeID: number;
  online: boolean;
  node: null | { phase: string; unlockError: string | null; drives: { serial: string; locked: boolean; securityEnabled: boolean; keyGeneration: number | null }[]; generations: { generation: number; mode: string; holdsShare: boolean }[] };
}

export async function nodeState(control: Call, nodeID: number): Promise<NodeStateView> {
  return (await control('GetNodeState', { nodeID })) as unknown as NodeStateView;
}

/** Every listed node online with every drive unlocked. */
export async function waitUnlocked(control: Call, nodeIDs: readonly number[], timeoutMs = 60_000): Promise<void> {
  await waitFor(`nodes ${nodeIDs.join(',')} unlocked`, async () => {
    for (const id of nodeIDs) {
      const s = await nodeState(control, id);
      if (!s.online || s.node === null || s.node.phase !== 'ready' || s.node.drives.some((d) => d.locked)) return undefined;
    }
    return true;
  }, timeoutMs);
}

export interface DriveView {
  driveID: number;
  nodeID: number;
  status: string;
  serial: string;
  keyID?: string;
  keyProviderID?: number;
}

export async function listDrives(api: Call): Promise<DriveView[]> {
  return ((await api('ListDrives')) as { drives: DriveView[] }).drives;
}

/** A recognisable, incompressible-looking pattern: the scan for plaintext looks for it. */
export function pattern(driveID: number, blocks: number, salt = 'ekmsim'): Buffer {
  const out = Buffer.alloc(blocks * BLOCK);
  const tag = Buffer.from(`${salt}:plaintext:drive${driveID}:`);
  for (let i = 0; i < out.length; i += tag.length) tag.copy(out, i);
  return out;
}

/** Sets up a KMIP provider with one key server (TR-4843 §9.1 steps 1–2) and answers its ID. */
export async function setUpKeyProvider(t: TestCluster, keyServer: string): Promise<number> {
  const { api, control } = t;
  const servers = (await control('ListSimKeyServers')).keyServers as { name: string; hostnames: string[]; port: number; caCertificate: string }[];
  const ks = servers.find((s) => s.name === keyServer)!;
  const existing = await api('GetClientCertificateSignRequest').catch(() => undefined);
  if (existing === undefined) await api('CreatePublicPrivateKeyPair', { commonName: 'cluster1', organization: 'NetApp', country: 'US' });
  const { clientCertificateSignRequest: csr } = (await api('GetClientCertificateSignRequest')) as { clientCertificateSignRequest: string };
  const { certificate } = (await control('SignClientCertificate', { keyServer, csr })) as { certificate: string };
  const { kmipKeyProvider } = (await api('CreateKeyProviderKmip', { keyProviderName: `provider-${keyServer}` })) as { kmipKeyProvider: { keyProviderID: number } };
  const { kmipKeyServer } = (await api('CreateKeyServerKmip', {
    kmipKeyServerName: keyServer,
    kmipKeyServerHostnames: ks.hostnames,
    kmipKeyServerPort: ks.port,
    kmipCaCertificate: ks.caCertificate,
    kmipClientCertificate: certificate,
  })) as { kmipKeyServer: { keyServerID: number } };
  await api('AddKeyServerToProviderKmip', { keyProviderID: kmipKeyProvider.keyProviderID, keyServerID: kmipKeyServer.keyServerID });
  await api('TestKeyProviderKmip', { keyProviderID: kmipKeyProvider.keyProviderID });
  return kmipKeyProvider.keyProviderID;
}
