/** The simulator's control API behind `/sim/json-rpc/1.0`: what a real cluster has no API for. */
import type { Clock, Rng } from '@ekmsim/core';
import { SIM_ERROR_NAMES, type SimControl, type SimKeyServerInfo } from '@ekmsim/api';
import { ElementApiError, type Master } from '@ekmsim/master';
import { PkiError, signCsr } from '@ekmsim/pki';
import { NODE_ERROR_CODES, WireError, WIRE_ERROR_CODES } from '@ekmsim/wire';
import type { KeyServerSite } from './key-server-site.js';
import type { NodeHost } from './node-host.js';

export interface SimControlParts {
  readonly sites: ReadonlyMap<string, KeyServerSite>;
  readonly master: Master;
  readonly host: NodeHost;
  readonly clock: Clock;
  readonly rng: Rng;
}

const EMPTY = {} as Record<string, never>;

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
  /** Power is the simulation's only for the nodes it runs as workers. */
  const managedNode = (nodeID: number): void => {
    knownNode(nodeID);
    if (!host.manages(nodeID)) {
      throw new ElementApiError(SIM_ERROR_NAMES.nodeNotManaged, `node ${nodeID} runs in its own process (ekmsim node --join); power it there`);
    }
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
      [...sites.values()].map((s) => ({ name: s.name, vendor: s.vendor, hostnames: [...s.hostnames], port: s.port, caCertificate: s.ca.certPem })),
    signClientCertificate: ({ keyServer, csr }) => {
      const ca = site(keyServer).ca;
      try {
        // TR-4843 §7.2 signs for 3600 days; the vendors' local CAs default to about a year.
        return Promise.resolve({ certificate: signCsr({ csrPem: csr, ca, clock: parts.clock, rng: parts.rng, days: 365, usage: 'client' }) });
      } catch (e) {
        if (e instanceof PkiError) return Promise.reject(new ElementApiError(SIM_ERROR_NAMES.invalidCsr, `csr: ${e.message}`, { cause: e }));
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
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
