/**
 * A small but real SimControl for tests: each simulated key server has a real CA (pki
 * createCa) that really signs CSRs. Like the simulation's, it reports an unknown key server and
 * a bad CSR as Element errors; anything else (say, a CA whose key does not match) is a bug in
 * the simulation and is thrown as is. Power and host I/O act on a FakeCluster.
 */
import { SimulationClock, type Clock, type Rng } from '@ekmsim/core';
import type { ClockState, NetworkFault, SimActivity, SimControl, SimKeyServerInfo } from '@ekmsim/api';
import { ElementApiError } from '@ekmsim/master';
import { PkiError, signCsr, type CertAndKey } from '@ekmsim/pki';
import { FakeCluster } from './fake-cluster.js';

export interface TestKeyServerEntry {
  /** `members` defaults to every host name listening. */
  readonly info: Omit<SimKeyServerInfo, 'members'> & Partial<Pick<SimKeyServerInfo, 'members'>>;
  readonly ca: CertAndKey;
}

/** What the API tests do not exercise through this fake (the simulation's own tests do). */
const notSimulatedHere = (): Promise<never> => Promise.reject(new Error('not simulated by the API tests\' SimControl'));

const CSR_PROBLEMS = new Set(['BAD_CSR', 'BAD_CSR_SIGNATURE', 'MALFORMED_PEM', 'UNSUPPORTED_KEY']);

const EMPTY = {} as Record<string, never>;

/** Runs `f`, turning a throw into a rejection as an async implementation would. */
function attempt<T>(f: () => T): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** What ListSimActivity answers here: two steps of a node's boot under external keys. */
export const TEST_ACTIVITIES: readonly SimActivity[] = [
  { seq: 1, simMs: 1_000, kind: 'connection', from: 'node 2', to: 'kms1', what: 'connect', ok: false, outcome: 'connection refused' },
  { seq: 2, simMs: 2_000, kind: 'kmip', from: 'node 2', to: 'kms1', what: 'Get', ok: true, outcome: 'Success' },
];

/**
 * The simulation clock is a SimulationClock over the environment's clock, which AdvanceClock jumps
 * and PauseClock / ResumeClock stop and restart; network
 * faults are kept per scope and target, each target checked against what the simulation has.
 * ListSimActivity answers TEST_ACTIVITIES after `since` (the simulation's own tests page a real log).
 */
export function testSimControl(entries: readonly TestKeyServerEntry[], env: { clock: Clock; rng: Rng }, cluster = new FakeCluster()): SimControl {
  const clock = new SimulationClock(env.clock);
  const faults = new Map<string, NetworkFault>();
  const now = (): string => new Date(clock.now()).toISOString();
  const state = (): ClockState => ({ now: now(), offsetSeconds: clock.offsetMs / 1000, paused: clock.paused });
  const checkTarget = (f: NetworkFault): void => {
    if (f.scope === 'node') cluster.node(Number(f.target));
    if (f.scope === 'keyServer' && !entries.some((e) => e.info.name === f.target)) {
      throw new ElementApiError('xSimKeyServerDoesNotExist', `no simulated key server named ${JSON.stringify(f.target)}`);
    }
    if (f.scope === 'site' && f.target !== 'local' && f.target !== 'foreign') throw new ElementApiError('xInvalidParameter', `target: no site named ${JSON.stringify(f.target)}`);
  };
  return {
    advanceClock: ({ seconds }) =>
      attempt(() => {
        clock.advance(seconds * 1000);
        return { now: now() };
      }),
    getClock: () => attempt(state),
    pauseClock: () =>
      attempt(() => {
        clock.pause();
        return state();
      }),
    resumeClock: () =>
      attempt(() => {
        clock.resume();
        return state();
      }),
    setNetworkFault: (f) =>
      attempt(() => {
        checkTarget(f);
        const key = `${f.scope}/${f.target}`;
        if (f.fault === 'none') faults.delete(key);
        else faults.set(key, { ...f });
        return EMPTY;
      }),
    listNetworkFaults: () => attempt(() => ({ faults: [...faults.values()] })),
    listSimActivity: ({ since }) =>
      attempt(() => {
        const activities = TEST_ACTIVITIES.filter((a) => a.seq > since);
        return { activities, next: activities.at(-1)?.seq ?? since };
      }),
    listSimKeyServers: () =>
      entries.map((e) => ({ ...e.info, hostnames: [...e.info.hostnames], members: e.info.members ?? e.info.hostnames.map((hostname) => ({ hostname, listening: true })) })),
    signThirdPartyCertificate: notSimulatedHere,
    keyServerAdmin: notSimulatedHere,
    stealDrive: notSimulatedHere,
    stealNode: notSimulatedHere,
    stealCluster: notSimulatedHere,
    getTheftReport: notSimulatedHere,
    signClientCertificate: ({ keyServer, csr }) => {
      const entry = entries.find((e) => e.info.name === keyServer);
      if (entry === undefined) return Promise.reject(new ElementApiError('xSimKeyServerDoesNotExist', `no simulated key server named ${JSON.stringify(keyServer)}`));
      try {
        return Promise.resolve({ certificate: signCsr({ csrPem: csr, ca: entry.ca, clock: env.clock, rng: env.rng }) });
      } catch (e) {
        if (e instanceof PkiError && CSR_PROBLEMS.has(e.code)) return Promise.reject(new ElementApiError('xInvalidParameter', `csr: ${e.message}`, { cause: e }));
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    powerOffNode: ({ nodeID }) =>
      attempt(() => {
        cluster.powerOff(nodeID);
        return EMPTY;
      }),
    powerOnNode: ({ nodeID }) =>
      attempt(() => {
        cluster.powerOn(nodeID);
        return EMPTY;
      }),
    powerCycleNode: ({ nodeID }) =>
      attempt(() => {
        cluster.powerOff(nodeID);
        cluster.powerOn(nodeID);
        return EMPTY;
      }),
    powerCycleCluster: () =>
      attempt(() => {
        for (const n of cluster.nodes) cluster.powerOff(n.nodeID);
        for (const n of cluster.nodes) cluster.powerOn(n.nodeID);
        return EMPTY;
      }),
    writeBlocks: ({ driveID, lba, data }) =>
      attempt(() => {
        cluster.write(driveID, lba, Buffer.from(data, 'base64'));
        return EMPTY;
      }),
    readBlocks: ({ driveID, lba, blocks }) => attempt(() => ({ data: cluster.read(driveID, lba, blocks, false).toString('base64') })),
    readRawMedia: ({ driveID, lba, blocks }) => attempt(() => ({ data: cluster.read(driveID, lba, blocks, true).toString('base64') })),
    getNodeState: ({ nodeID }) =>
      attempt(() => {
        const online = cluster.node(nodeID).online;
        return { nodeID, online, node: online ? cluster.nodeState(nodeID) : null };
      }),
  };
}
