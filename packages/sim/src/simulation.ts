/**
 * A running simulation: the cluster master, its storage nodes, the Element API beside the
 * simulator's control API, and the named mock key servers, all keeping their state under one
 * data directory:
 *
 *   DIR/sf-master.info, DIR/sf-master.error   Element-style logs
 *   DIR/master/                                 the cluster database
 *   DIR/api/                                    the API's self-signed TLS certificate
 *   DIR/keyservers/NAME/                        each key server's CA, certificate, port and store
 *   DIR/third-party-ca/                         TR-4843 §7.2's third-party CA (Vormetric's KMIP root)
 *   DIR/nodes/N/                                node N's state file and its drives
 *   DIR/foreign/                                the thief's site (theft/): what was stolen, its master, nodes, drives
 *
 * Everything runs on one SimulationClock (the host clock plus an offset that AdvanceClock
 * grows): the master, the key servers and the API here; each node on its own, following this
 * one's offset (worker data at power-on, the join answer, the `clock` event). Key servers are
 * reached over the simulated network (network/): names only the simulation resolves, a relay
 * per key server that applies the faults in force, every party dialing from its own address.
 * What goes on between them, the key flow, is recorded in memory as it happens (activity/,
 * ListSimActivity): the key servers' requests, the network's refusals, the masters' share relays.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { forkRng, SimulationClock, type Clock, type Rng } from '@ekmsim/core';
import { installApiTlsIdentity, prepareApiTlsIdentity, startApiServer, type SimControl, type SimKeyServerInfo } from '@ekmsim/api';
import { createElementLogs, openMaster, type Master } from '@ekmsim/master';
import { createCa, freshKeyPairs, type CertAndKey, type KeyPairSource } from '@ekmsim/pki';
import { ActivityLog } from './activity/activity-log.js';
import { keyServerActivityLogger } from './activity/key-server-activity.js';
import { shareActivityRecorder } from './activity/share-activity.js';
import { readOrCreate, startKeyServerSite, type KeyServerSite, type KeyServerSpec } from './key-server-site.js';
import { holdChannel } from './held-channel.js';
import { NodeHost } from './node-host.js';
import { listenForNodes } from './node-listener.js';
import { MASTER_ADDRESS } from './network/addresses.js';
import { SimulatedNetwork } from './network/network.js';
import { simControl } from './sim-control.js';
import { ForeignSite } from './theft/foreign-site.js';
import { Theft } from './theft/theft.js';
import { readTheftRecord } from './theft/theft-record.js';

/** The default cluster: 4 H610S-2F nodes × 12 FIPS drives. */
export const DEFAULT_CLUSTER = { nodes: 4, drivesPerNode: 12 } as const;

export interface ClusterSpec {
  /** Nodes the simulation runs as worker threads, IDs 1..nodes; 0 with `nodePort` for nodes that join by themselves. */
  readonly nodes: number;
  readonly drivesPerNode: number;
  readonly capacityBytes?: number;
  /** Shares needed to rebuild the AK under internal keys (k); default 2. */
  readonly shamirThreshold?: number;
  /** Accept nodes running as their own process (`ekmsim node --join ws://…`) on this port (0: any free port). */
  readonly nodePort?: number;
}

export interface SimulationOptions {
  readonly dataDir: string;
  readonly apiHost?: string;
  readonly apiPort: number;
  readonly credentials: { readonly username: string; readonly password: string };
  readonly keyServers: readonly KeyServerSpec[];
  readonly cluster?: ClusterSpec;
  /** The host clock (systemClock() in a process); the simulation runs on a SimulationClock over it. */
  readonly clock: Clock;
  readonly rng: Rng;
  /** KMIP connect and request timeouts of the master and every node, in ms (default 10 s and 15 s). */
  readonly kmipTimeouts?: { readonly connectMs?: number; readonly requestMs?: number };
  /** The Element API's HTTPS certificate chain and key, when the caller has them (else made at first start and kept in DIR/api). */
  readonly apiTlsIdentity?: Promise<{ readonly certPem: string; readonly keyPem: string }>;
  /**
   * Where the simulation's RSA key pairs come from: the key servers' CAs and servers', the API's
   * (unless given), the third-party CA's and the cluster's (CreatePublicPrivateKeyPair). Made when
   * asked for by default; a runner may have some made ahead (pki `keyPairsAhead`).
   */
  readonly keyPairs?: KeyPairSource;
  /** Sees every master–node message (the security tests' wire capture); nodeID is unknown for nodes joined over WebSocket. */
  readonly wireTap?: (direction: 'in' | 'out', text: string, nodeID: number | undefined) => void;
}

export interface Simulation {
  readonly apiUrl: string;
  /** Where `ekmsim node --join` connects, when the simulation listens for nodes. */
  readonly nodeUrl: string | undefined;
  readonly master: Master;
  readonly sim: SimControl;
  readonly keyServers: readonly SimKeyServerInfo[];
  /** The simulation's time (AdvanceClock moves it). */
  readonly clock: SimulationClock;
  readonly network: SimulatedNetwork;
  close(): Promise<void>;
}

export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const { dataDir, rng } = options;
  const keyPairs = options.keyPairs ?? freshKeyPairs;
  const clock = new SimulationClock(options.clock);
  const cluster: ClusterSpec = options.cluster ?? DEFAULT_CLUSTER;
  const timeouts = options.kmipTimeouts ?? {};
  await mkdir(dataDir, { recursive: true });
  const logs = createElementLogs({ dir: dataDir, clock });
  const closers: (() => Promise<void>)[] = [() => logs.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  const pending: Promise<void>[] = [];
  try {
    const activity = new ActivityLog(clock);
    const sites = new Map<string, KeyServerSite>();
    let knowsNode = (_nodeID: number): boolean => false;
    const network = await SimulatedNetwork.start({
      clock,
      targets: { knowsNode: (id) => knowsNode(id), knowsKeyServer: (name) => sites.has(name) },
      onActivity: activity.record,
    });
    closers.push(() => network.close());
    // Made when first needed (a Vormetric site, SignThirdPartyCertificate): a key pair is the
    // dearest part of a start, and most simulations never use this CA.
    // Key servers, the API's certificate and the nodes' boot do not wait for one another; each
    // of the first two draws from a generator of its own (forkRng), so a seed still reproduces.
    const [thirdPartyRng, apiRng, ...siteRngs] = [null, null, ...options.keyServers].map(() => forkRng(rng)) as [Rng, Rng, ...Rng[]];
    let thirdPartyCaMade: Promise<CertAndKey> | undefined;
    const thirdPartyCa = (): Promise<CertAndKey> =>
      (thirdPartyCaMade ??= readOrCreate(join(dataDir, 'third-party-ca'), async () => createCa({ commonName: 'ekmsim third-party CA', organization: 'ekmsim', clock, rng: thirdPartyRng, days: 3650, keyPair: await keyPairs.take() }), 'ca'));
    const apiDir = join(dataDir, 'api');
    const given = options.apiTlsIdentity;
    const apiIdentity = given === undefined ? prepareApiTlsIdentity(apiDir, { clock, rng: apiRng, logger: logs, keyPairs }) : given.then((pair) => installApiTlsIdentity(apiDir, pair));
    const sitesStarted = startSites(options.keyServers, (spec, index) =>
      startKeyServerSite(spec, join(dataDir, 'keyservers', spec.name), {
        clock,
        rng: siteRngs[index]!,
        network,
        index,
        thirdPartyCa,
        keyPairs,
        logger: keyServerActivityLogger(spec.name, activity.record),
      }),
    ).then((started) => {
      for (const site of started) {
        sites.set(site.name, site);
        closers.push(() => site.close());
      }
    });
    for (const work of [apiIdentity, sitesStarted]) {
      // Awaited further on; a failure before then is not an unhandled rejection.
      work.catch(() => undefined);
      pending.push(work.then(() => undefined, () => undefined));
    }
    const master = await openMaster({
      dataDir: join(dataDir, 'master'),
      clock,
      rng,
      keyPairs,
      logger: logs,
      kmip: {
        dialer: network.dialerFrom(MASTER_ADDRESS),
        ...(timeouts.connectMs === undefined ? {} : { connectTimeoutMs: timeouts.connectMs }),
        ...(timeouts.requestMs === undefined ? {} : { requestTimeoutMs: timeouts.requestMs }),
      },
      clockReading: () => clock.reading,
      ...(cluster.shamirThreshold === undefined ? {} : { shamirThreshold: cluster.shamirThreshold }),
      onActivity: shareActivityRecorder('local', activity.record),
    });
    closers.push(() => master.close());
    const wireTap = options.wireTap;
    const tapFor = (nodeID: number | undefined): { tap?: (d: 'in' | 'out', t: string) => void } =>
      wireTap === undefined ? {} : { tap: (d, t) => wireTap(d, t, nodeID) };
    // A new cluster's nodes are heard in node order (held-channel.ts); a known cluster's at once.
    let heard: Map<number, () => void> | undefined = master.listDrives().length === 0 ? new Map() : undefined;
    const stolen = new Set(readTheftRecord(dataDir).nodes);
    // A stolen node is the thief's now: the cluster's host does not run it.
    const ids = Array.from({ length: cluster.nodes }, (_, i) => i + 1).filter((id) => !stolen.has(id));
    const host = new NodeHost({
      nodeIDs: ids,
      nodesDir: join(dataDir, 'nodes'),
      drivesPerNode: cluster.drivesPerNode,
      ...(cluster.capacityBytes === undefined ? {} : { capacityBytes: cluster.capacityBytes }),
      attach: (nodeID, channel) => {
        if (heard === undefined) master.nodes.accept(channel, tapFor(nodeID));
        else {
          const held = holdChannel(channel);
          heard.set(nodeID, () => held.release());
          master.nodes.accept(held.channel, tapFor(nodeID));
        }
      },
      environment: (nodeID) => ({ clock: clock.reading, network: network.nodeNetwork(nodeID), ...(options.kmipTimeouts === undefined ? {} : { kmipTimeouts: options.kmipTimeouts }) }),
    });
    knowsNode = (nodeID) => host.manages(nodeID) || master.nodes.listNodes().some((n) => n.nodeID === nodeID);
    // Nodes go before the master closes: a node's last words must find the master there.
    closers.push(() => host.powerOffAll());
    let nodeUrl: string | undefined;
    if (cluster.nodePort !== undefined) {
      const listener = await listenForNodes({
        host: options.apiHost ?? '127.0.0.1',
        port: cluster.nodePort,
        attach: (channel) => master.nodes.accept(channel, tapFor(undefined)),
        network: (nodeID) => network.nodeNetwork(nodeID),
      });
      closers.push(() => listener.close());
      nodeUrl = listener.url;
    }
    // A known cluster's nodes ask the key servers for the AK as they boot: they must be up.
    if (heard === undefined) await sitesStarted;
    host.powerOnAll();
    if (heard !== undefined) {
      // A new cluster: nodes join one after the other, so node N's drives get the same driveIDs
      // every time (node 1's first), and a scenario can name them.
      const waiting = heard;
      heard = undefined;
      for (const id of ids) {
        waiting.get(id)?.();
        await whenJoined(master, [id], clock);
      }
    }
    // Joined, not unlocked: a node whose key server is down stays locked, and that is a state to show.
    await Promise.all([whenJoined(master, ids, clock), sitesStarted]);
    const foreign = new ForeignSite({
      dataDir,
      clock,
      rng,
      network,
      drivesPerNode: cluster.drivesPerNode,
      ...(cluster.capacityBytes === undefined ? {} : { capacityBytes: cluster.capacityBytes }),
      ...(options.kmipTimeouts === undefined ? {} : { kmipTimeouts: options.kmipTimeouts }),
      onActivity: shareActivityRecorder('foreign', activity.record),
    });
    closers.push(() => foreign.close());
    const theft = new Theft({ dataDir, nodesDir: join(dataDir, 'nodes'), master, host, foreign, clock, rng });
    await theft.resume();
    const sim = simControl({ sites, master, host, clock, hostClock: options.clock, rng, network, thirdPartyCa, theft, foreign, activity });
    await apiIdentity;
    const api = await startApiServer({
      host: options.apiHost ?? '127.0.0.1',
      port: options.apiPort,
      dataDir: join(dataDir, 'api'),
      credentials: options.credentials,
      master,
      sim,
      clock,
      rng,
      logger: logs,
    });
    closers.push(() => api.close());
    return { apiUrl: api.url, nodeUrl, master, sim, keyServers: sim.listSimKeyServers(), clock, network, close: closeAll };
  } catch (e) {
    // What was started beside the failed part is closed too once it is up.
    await Promise.allSettled(pending);
    await closeAll();
    throw e;
  }
}

/** Every site started, in the order given; if one fails, the others are closed and it throws. */
async function startSites(specs: readonly KeyServerSpec[], start: (spec: KeyServerSpec, index: number) => Promise<KeyServerSite>): Promise<KeyServerSite[]> {
  const settled = await Promise.allSettled(specs.map((spec, index) => start(spec, index)));
  const failed = settled.find((r) => r.status === 'rejected');
  const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed === undefined) return started;
  await Promise.all(started.map((site) => site.close()));
  throw failed.reason;
}

const JOIN_POLL_MS = 10;
/** A node worker that has not joined by then failed to start; the simulation says which. */
const JOIN_DEADLINE_MS = 120_000;

function whenJoined(master: Master, ids: readonly number[], clock: Clock): Promise<void> {
  const deadline = clock.now() + JOIN_DEADLINE_MS;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const online = new Set(master.nodes.listNodes().filter((n) => n.online).map((n) => n.nodeID));
      const missing = ids.filter((id) => !online.has(id));
      if (missing.length === 0) resolve();
      else if (clock.now() > deadline) reject(new Error(`nodes ${missing.join(', ')} did not join within ${JOIN_DEADLINE_MS / 1000} s`));
      else clock.setTimeout(check, JOIN_POLL_MS);
    };
    check();
  });
}
