/** The simulator's control API behind `/sim/json-rpc/1.0`: what a real cluster has no API for. */
import { MAX_CLOCK_JUMP_MS, readingAhead, type Clock, type Rng, type SimulationClock, type TimerId } from '@ekmsim/core';
import { SIM_ERROR_NAMES, type ClockState, type SimControl, type SimKeyServerInfo } from '@ekmsim/api';
import { ElementApiError, ElementErrorName, type Master } from '@ekmsim/master';
import { PkiError, signCsr, type CertAndKey } from '@ekmsim/pki';
import { NODE_ERROR_CODES, WireError, WIRE_ERROR_CODES } from '@ekmsim/wire';
import type { ActivityLog } from './activity/activity-log.js';
import { runKeyServerAdmin } from './key-server-admin.js';
import type { KeyServerSite } from './key-server-site.js';
import type { ForeignSite } from './theft/foreign-site.js';
import type { Theft } from './theft/theft.js';
import { NetworkFaultError } from './network/faults.js';
import type { SimulatedNetwork } from './network/network.js';
import type { NodeHost } from './node-host.js';

export interface SimControlParts {
  readonly sites: ReadonlyMap<string, KeyServerSite>;
  readonly master: Master;
  readonly host: NodeHost;
  readonly clock: SimulationClock;
  /** Real time, under the simulation clock: what still passes while it is paused. */
  readonly hostClock: Clock;
  readonly rng: Rng;
  readonly network: SimulatedNetwork;
  /** TR-4843 §7.2's third-party CA (Vormetric's KMIP root). */
  /** Made on first use. */
  readonly thirdPartyCa: () => Promise<CertAndKey>;
  readonly theft: Theft;
  /** The thief's site, whose nodes follow the simulation clock too. */
  readonly foreign: ForeignSite;
  /** The key flow as it happened (ListSimActivity). */
  readonly activity: ActivityLog;
}

const EMPTY = {} as Record<string, never>;

/**
 * Paused, a jump waits this long (real time) for key server contacts in flight: enough for a
 * server that answers; one that never does holds its contact on a timeout, which cannot run out
 * while the clock stands still, so waiting for it would wait for ever.
 */
const PAUSED_SETTLE_MS = 1_000;

export function simControl(parts: SimControlParts): SimControl {
  const { sites, master, host } = parts;
  const site = (name: string): KeyServerSite => {
    const s = sites.get(name);
    if (s === undefined) throw new ElementApiError(SIM_ERROR_NAMES.unknownKeyServer, `no simulated key server named ${JSON.stringify(name)}`);
    return s;
  };
  const knownNode = (nodeID: number): void => {
    if (!master.nodes.listNodes().some((n) => n.nodeID === nodeID) && !host.manages(nodeID)) {
      throw new ElementApiError(SIM_ERROR_NAMES.unknownNode, `node ${nodeID} is not in the cluster`);
    }
  };
  const signWith = (ca: CertAndKey, csr: string, days: number): Promise<string> => {
    try {
      return Promise.resolve(signCsr({ csrPem: csr, ca, clock: parts.clock, rng: parts.rng, days, usage: 'client' }));
    } catch (e) {
      if (e instanceof PkiError) return Promise.reject(new ElementApiError(SIM_ERROR_NAMES.invalidCsr, `csr: ${e.message}`, { cause: e }));
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  /** Power is the simulation's only for the nodes it runs as workers (and that are still here). */
  const managedNode = (nodeID: number): void => {
    knownNode(nodeID);
    if (parts.theft.isStolen(nodeID)) throw new ElementApiError(SIM_ERROR_NAMES.stolen, `node ${nodeID} has been stolen: it is at the foreign site now (GetTheftReport)`);
    if (!host.manages(nodeID)) {
      throw new ElementApiError(SIM_ERROR_NAMES.nodeNotManaged, `node ${nodeID} runs in its own process (ekmsim node --join); power it there`);
    }
  };
  /** The master's clock changed (or is about to: a jump): every node follows, the thief's too. */
  const tellClock = (reading = parts.clock.reading): void => {
    master.nodes.broadcastClock(reading);
    parts.foreign.broadcastClock(reading);
  };
  const clockNow = (): ClockState => ({ now: new Date(parts.clock.now()).toISOString(), offsetSeconds: parts.clock.offsetMs / 1000, paused: parts.clock.paused });
  const settled = async (): Promise<void> => {
    await master.clusterFaultsSettled();
    await parts.foreign.master?.clusterFaultsSettled();
  };
  /** `settled()`, or while paused at most PAUSED_SETTLE_MS of it. */
  const settledForJump = (): Promise<void> => {
    if (!parts.clock.paused) return settled();
    // Boxed: a TimerId may be any value, undefined included.
    let timer: { readonly id: TimerId } | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = { id: parts.hostClock.setTimeout(resolve, PAUSED_SETTLE_MS) }));
    return Promise.race([settled(), gaveUp]).finally(() => {
      if (timer !== undefined) parts.hostClock.clearTimeout(timer.id);
    });
  };
  /** Host I/O on a cluster drive through its node, node errors named for the API. */
  const onDrive = async <T>(driveID: number, io: (nodeID: number, serial: string) => Promise<T>): Promise<T> => {
    const { nodeID, serial } = master.nodes.locateDrive(driveID);
    try {
      return await io(nodeID, serial);
    } catch (e) {
      throw driveError(e, driveID);
    }
  };
  return {
    listSimKeyServers: (): SimKeyServerInfo[] =>
      [...sites.values()].map((s) => {
        const listening = new Map(s.admin.status().members.map((m) => [m.index, m.listening]));
        return {
          name: s.name,
          vendor: s.vendor,
          hostnames: [...s.hostnames],
          port: s.port,
          caCertificate: s.ca.certPem,
          members: s.hostnames.map((hostname, i) => ({ hostname, listening: listening.get(i) ?? false })),
        };
      }),
    signClientCertificate: ({ keyServer, csr }) => {
      const chosen = site(keyServer);
      if (chosen.vendor === 'vormetric') {
        return Promise.reject(
          new ElementApiError(SIM_ERROR_NAMES.notSupportedByVendor, `key server ${keyServer} is a Vormetric DSM, which is not a CA (TR-4843 §7.2): have a third-party CA sign the CSR (SignThirdPartyCertificate)`),
        );
      }
      // TR-4843 §7.2 signs for 3600 days; the vendors' local CAs default to about a year.
      return signWith(chosen.ca, csr, 365).then((certificate) => ({ certificate }));
    },
    signThirdPartyCertificate: async ({ csr }) => {
      const ca = await parts.thirdPartyCa();
      return { certificate: await signWith(ca, csr, 3600), caCertificate: ca.certPem };
    },
    keyServerAdmin: async ({ keyServer, action, args }) => ({ result: await runKeyServerAdmin(site(keyServer), action, args) }),
    powerOffNode: async ({ nodeID }) => {
      managedNode(nodeID);
      await host.powerOff(nodeID);
      return EMPTY;
    },
    powerOnNode: ({ nodeID }) => {
      managedNode(nodeID);
      host.powerOn(nodeID);
      return Promise.resolve(EMPTY);
    },
    powerCycleNode: async ({ nodeID }) => {
      managedNode(nodeID);
      await host.powerOff(nodeID);
      host.powerOn(nodeID);
      return EMPTY;
    },
    powerCycleCluster: async () => {
      await host.powerOffAll();
      host.powerOnAll();
      return EMPTY;
    },
    writeBlocks: ({ driveID, lba, data }) =>
      onDrive(driveID, async (nodeID, serial) => {
        await master.nodes.call(nodeID, 'writeBlocks', { serial, lba, data });
        return EMPTY;
      }),
    readBlocks: ({ driveID, lba, blocks }) => onDrive(driveID, (nodeID, serial) => master.nodes.call(nodeID, 'readBlocks', { serial, lba, blocks })),
    readRawMedia: ({ driveID, lba, blocks }) => onDrive(driveID, (nodeID, serial) => master.nodes.call(nodeID, 'readRawMedia', { serial, lba, blocks })),
    advanceClock: async ({ seconds }) => {
      const ms = typeof seconds === 'number' && Number.isFinite(seconds) ? Math.round(seconds * 1000) : Number.NaN;
      if (!(ms >= 0 && ms <= MAX_CLOCK_JUMP_MS)) {
        throw new ElementApiError(ElementErrorName.xInvalidParameter, `seconds must be a number from 0 to ${MAX_CLOCK_JUMP_MS / 1000}, not ${JSON.stringify(seconds)}`);
      }
      // Time does not jump over a key server contact in flight (its timeout would fire at once):
      // a running fault evaluation finishes first.
      await settledForJump();
      // The nodes are told first (the thief's too): each jumps and fires its own timers before
      // it reads anything the master's timers send it on the way, so a request the master makes
      // during the jump does not meet the rest of the jump on the node (a spurious timeout).
      tellClock(readingAhead(parts.clock.reading, ms));
      // Then every timer due on the way fires here, in order: the master's and the key servers'.
      parts.clock.advance(ms);
      // The answer shows the cluster as of the new time: the evaluation the jump started is done
      // (paused: unless it waits on a timeout, which carries on at the next jump or the resume).
      await settledForJump();
      return { now: new Date(parts.clock.now()).toISOString() };
    },
    pauseClock: () => {
      // At once, a key server contact in flight included: its timeout waits out the pause, as
      // every timer does (work that needs no timer, a handshake, a reply, still completes).
      parts.clock.pause();
      tellClock();
      return Promise.resolve(clockNow());
    },
    resumeClock: () => {
      parts.clock.resume();
      tellClock();
      return Promise.resolve(clockNow());
    },
    getClock: () => Promise.resolve(clockNow()),
    setNetworkFault: async (fault) => {
      try {
        await parts.network.setFault(fault);
      } catch (e) {
        if (e instanceof NetworkFaultError) throw new ElementApiError(ElementErrorName.xInvalidParameter, e.message, { cause: e });
        throw e;
      }
      return EMPTY;
    },
    listNetworkFaults: () => Promise.resolve({ faults: parts.network.listFaults() }),
    listSimActivity: ({ since }) => Promise.resolve(parts.activity.since(since)),
    stealDrive: async ({ driveID }) => {
      await parts.theft.stealDrive(driveID);
      return EMPTY;
    },
    stealNode: async ({ nodeID }) => {
      knownNode(nodeID);
      await parts.theft.stealNode(nodeID);
      return EMPTY;
    },
    stealCluster: async () => {
      await parts.theft.stealCluster();
      return EMPTY;
    },
    getTheftReport: () => parts.theft.report(),
    getNodeState: async ({ nodeID }) => {
      knownNode(nodeID);
      const online = master.nodes.listNodes().some((n) => n.nodeID === nodeID && n.online);
      // Asked fresh: the node's own account of its drives, never its shares.
      return { nodeID, online, node: online ? await master.nodes.call(nodeID, 'getState', {}) : null };
    },
  };
}

function driveError(e: unknown, driveID: number): Error {
  if (e instanceof ElementApiError) return e;
  if (e instanceof WireError && e.code === WIRE_ERROR_CODES.remote) {
    const message = e.message.replace(/^[a-zA-Z]+: /, '');
    if (e.remoteCode === NODE_ERROR_CODES.driveLocked) return new ElementApiError(SIM_ERROR_NAMES.driveLocked, `drive ${driveID}: ${message}`, { cause: e });
    if (e.remoteCode === NODE_ERROR_CODES.ioError || e.remoteCode === NODE_ERROR_CODES.badRequest) {
      return new ElementApiError(SIM_ERROR_NAMES.driveIoError, `drive ${driveID}: ${message}`, { cause: e });
    }
  }
  if (e instanceof WireError && (e.code === WIRE_ERROR_CODES.closed || e.code === WIRE_ERROR_CODES.timeout)) {
    return new ElementApiError(SIM_ERROR_NAMES.nodeOffline, `drive ${driveID}: its node went away (${e.message})`, { cause: e });
  }
  return e instanceof Error ? e : new Error(String(e));
}
