/**
 * The simulator's control surface behind `POST /sim/json-rpc/1.0`: what a real cluster has no
 * API for. The simulation (packages/sim) implements it; implementations report failures as
 * ElementApiError with the names in SIM_ERROR_NAMES (anything else becomes xAssertionFailure).
 */

import type { NodeState } from '@ekmsim/wire';

/** A mock key server the simulation runs (ListSimKeyServers). */
export interface SimKeyServerInfo {
  readonly name: string;
  /** Vendor personality, e.g. `generic`. */
  readonly vendor: string;
  /** One per member (a HyTrust KeyControl cluster has several), member 0 first. */
  readonly hostnames: readonly string[];
  readonly port: number;
  /** PEM of the CA that signed the key server's certificate and (except for Vormetric) signs its clients'. */
  readonly caCertificate: string;
  /** Each member's host name and whether it listens now. */
  readonly members: readonly { readonly hostname: string; readonly listening: boolean }[];
}

/**
 * The key server administrator's actions SimKeyServerAdmin passes through (KeyServerAdmin of
 * @ekmsim/eks, each with one JSON argument); which ones a vendor has is in its `status`.
 */
export const SIM_KEY_SERVER_ACTIONS = [
  'status', 'stop', 'start', 'restartService', 'listObjects', 'deleteKey', 'listCertificates', 'revokeCertificate', 'reinstateCertificate',
  'getSourceAllowList', 'setSourceAllowList', 'untrustCertificate', 'acceptCertificate', 'listLocalUsers', 'addLocalUser', 'removeLocalUser',
  'setUserForOuRequired', 'setKmipLicense', 'listHosts', 'registerHost', 'unregisterHost', 'importCertificate',
] as const;
export type SimKeyServerAction = (typeof SIM_KEY_SERVER_ACTIONS)[number];

export interface SimControl {
  listSimKeyServers(): SimKeyServerInfo[];
  /** The vendor UI's "sign the CSR" step: the named key server's CA signs a client CSR. */
  signClientCertificate(p: { readonly keyServer: string; readonly csr: string }): Promise<{ readonly certificate: string }>;
  /** TR-4843 §7.2's third-party CA (the one a Vormetric DSM trusts as KMIP root) signs a client CSR. */
  signThirdPartyCertificate(p: { readonly csr: string }): Promise<{ readonly certificate: string; readonly caCertificate: string }>;
  /** One administrator action on a mock key server; the result is the action's (JSON). */
  keyServerAdmin(p: { readonly keyServer: string; readonly action: string; readonly args?: Readonly<Record<string, unknown>> }): Promise<{ readonly result: unknown }>;
  /** Abrupt: the node's worker is terminated; only what it persisted survives. */
  powerOffNode(p: { readonly nodeID: number }): Promise<Record<string, never>>;
  powerOnNode(p: { readonly nodeID: number }): Promise<Record<string, never>>;
  powerCycleNode(p: { readonly nodeID: number }): Promise<Record<string, never>>;
  /** Every node off, then every node on. */
  powerCycleCluster(p: Record<string, never>): Promise<Record<string, never>>;
  /** Host I/O: `data` is base64, a whole number of 4 KiB blocks. A locked drive: xSimDriveLocked naming the lock. */
  writeBlocks(p: { readonly driveID: number; readonly lba: number; readonly data: string }): Promise<Record<string, never>>;
  readBlocks(p: { readonly driveID: number; readonly lba: number; readonly blocks: number }): Promise<{ readonly data: string }>;
  /** What someone holding the bare drive reads: the media as stored (ciphertext when EAR is on). */
  readRawMedia(p: { readonly driveID: number; readonly lba: number; readonly blocks: number }): Promise<{ readonly data: string }>;
  /** Drive lock states, which generations it holds a share for (never a share), phase, last unlock error. */
  getNodeState(p: { readonly nodeID: number }): Promise<{ readonly nodeID: number; readonly online: boolean; readonly node: NodeState | null }>;
  /** Pulls the drive out of its node and carries it to the foreign site (the node goes on without it). */
  stealDrive(p: { readonly driveID: number }): Promise<Record<string, never>>;
  /** Carries the node (its state and drives) to the foreign site and powers it on there, under the thief's master. */
  stealNode(p: { readonly nodeID: number }): Promise<Record<string, never>>;
  /** Carries every node and a copy of the cluster database to the foreign site and powers them on there. */
  stealCluster(p: Record<string, never>): Promise<Record<string, never>>;
  /** Per stolen drive: locked or not at the thief's site, and whether the thief reads plaintext. */
  getTheftReport(p: Record<string, never>): Promise<TheftReport>;
  /** Jumps the simulation clock forward; every timer due on the way fires, in order, on the master and on every node; resolves once the fault evaluation the jump started is recorded. */
  advanceClock(p: { readonly seconds: number }): Promise<{ readonly now: string }>;
  /** The simulation clock: `now` (ISO 8601), how far it runs ahead of real time, and whether it is paused. */
  getClock(p: Record<string, never>): Promise<ClockState>;
  /** Stops simulated time on the master, the key servers and every node: no timer fires until ResumeClock (AdvanceClock still jumps). */
  pauseClock(p: Record<string, never>): Promise<ClockState>;
  /** Simulated time runs on from where it stood. */
  resumeClock(p: Record<string, never>): Promise<ClockState>;
  /** Sets (fault `none`: clears) the network fault for one scope and target; it acts on real connections from then on. */
  setNetworkFault(p: NetworkFault): Promise<Record<string, never>>;
  listNetworkFaults(p: Record<string, never>): Promise<{ readonly faults: readonly NetworkFault[] }>;
  /** The key flow as it happened, after `since` (oldest first, at most SIM_ACTIVITY_LIMITS.page). */
  listSimActivity(p: { readonly since: number }): Promise<SimActivityPage>;
}

/** The simulation clock as the control API shows it. */
export interface ClockState {
  /** ISO 8601. */
  readonly now: string;
  /** Simulation time minus real time, in seconds: grows with each jump, shrinks by each pause. */
  readonly offsetSeconds: number;
  readonly paused: boolean;
}

/** What a step of the key flow is: a KMIP request, a connection that failed, a share request. */
export type SimActivityKind = 'kmip' | 'connection' | 'share';
export const SIM_ACTIVITY_KINDS = ['kmip', 'connection', 'share'] as const satisfies readonly SimActivityKind[];

/**
 * One step of the cluster's key flow, as it happened (ListSimActivity, issue 7): who asked whom
 * for what, and how it went. Identifiers only: never a key, a share, a sealed box or a PIN.
 */
export interface SimActivity {
  /** 1, 2, 3, … in the order recorded (a restarted simulation starts again at 1). */
  readonly seq: number;
  /** When, on the simulation clock (ms since the epoch). */
  readonly simMs: number;
  readonly kind: SimActivityKind;
  /** `master`, `node 3`, `thief master`, `thief node 1`. */
  readonly from: string;
  /** A key server (`kms1`, `kms1 member 2` for a HyTrust member beyond the first) or a node. */
  readonly to: string;
  /** The KMIP operation (`Get`, `Locate`, …), `connect`, or `share request`. */
  readonly what: string;
  readonly ok: boolean;
  /** `Success`, `Operation Failed: Item Not Found`, `connection refused`, `sealed share sent`, … */
  readonly outcome: string;
}

export interface SimActivityPage {
  readonly activities: readonly SimActivity[];
  /** The `since` of the next call: the last seq answered (or the one given, when nothing is new). */
  readonly next: number;
}

/** The simulation keeps the last `kept` activities in memory; one call answers at most `page`. */
export const SIM_ACTIVITY_LIMITS = { kept: 2000, page: 500 } as const;

/** What the thief has (GetTheftReport). */
export interface TheftReport {
  /** What was stolen when (simulation clock, ISO 8601), oldest first. */
  readonly thefts: readonly { readonly at: string; readonly what: string }[];
  /** The stolen nodes at the foreign site: their phase there (null while off or not joined). */
  readonly nodes: readonly { readonly nodeID: number; readonly online: boolean; readonly phase: string | null; readonly unlockError: string | null }[];
  readonly drives: readonly {
    readonly driveID: number;
    readonly serial: string;
    readonly nodeID: number;
    readonly stolenWith: 'drive' | 'node' | 'cluster';
    /** null when the drive cannot be seen (its node not up yet). */
    readonly locked: boolean | null;
    /** The thief read a block of it in the clear. */
    readonly plaintextReadable: boolean;
    readonly detail: string;
  }[];
  /** Every stolen node has finished trying to unlock (phase ready or locked). */
  readonly settled: boolean;
}

/** A fault of the simulated network (issue 5): what a connection to the target meets. */
export type NetworkFaultKind = 'none' | 'lookupFailure' | 'connectionRefused' | 'blackHole' | 'latency' | 'partition';
export const NETWORK_FAULT_KINDS = ['none', 'lookupFailure', 'connectionRefused', 'blackHole', 'latency', 'partition'] as const satisfies readonly NetworkFaultKind[];
/** What a network fault applies to: one node's connections, one key server's, or a whole site's. */
export type NetworkFaultScope = 'node' | 'keyServer' | 'site';
export const NETWORK_FAULT_SCOPES = ['node', 'keyServer', 'site'] as const satisfies readonly NetworkFaultScope[];

export interface NetworkFault {
  readonly scope: NetworkFaultScope;
  /** A nodeID (as text), a key server name, or a site name (`local`, `foreign`). */
  readonly target: string;
  readonly fault: NetworkFaultKind;
  /** For `latency`: added to every packet's way, each direction. */
  readonly latencyMs?: number;
}

/** Exception names of the control API (simulator-defined). */
export const SIM_ERROR_NAMES = {
  /** SignClientCertificate names a key server the simulation does not run. */
  unknownKeyServer: 'xSimKeyServerDoesNotExist',
  /** The key server's administrator refused: no such object, user, host, member or certificate. */
  keyServerObjectNotFound: 'xSimKeyServerObjectNotFound',
  /** The key server's administrator refused: it exists already or is in that state already. */
  keyServerConflict: 'xSimKeyServerConflict',
  /** The key server's vendor has no such feature (local users on an SKLM, signing on a Vormetric DSM). */
  notSupportedByVendor: 'xSimNotSupportedByVendor',
  /** The key server could not listen again, or is closed. */
  keyServerUnavailable: 'xSimKeyServerUnavailable',
  /** The CSR is not a valid, self-signed PKCS#10 request (message says why). */
  invalidCsr: 'xInvalidParameter',
  /** A nodeID the cluster does not have. */
  unknownNode: 'xSimNodeDoesNotExist',
  /** The node is powered off (host I/O and GetNodeState need it on). */
  nodeOffline: 'xSimNodeOffline',
  /** The node or drive has been stolen (it is at the foreign site now, for good). */
  stolen: 'xSimStolen',
  /** Power methods on a node that runs in its own process (`ekmsim node --join`): its power is its own. */
  nodeNotManaged: 'xSimNodeNotManaged',
  /** A driveID the cluster does not have (Element's pattern for unknown IDs). */
  unknownDrive: 'xDriveIDDoesNotExist',
  /** Host I/O to a locked drive; the message names the range and the lock. */
  driveLocked: 'xSimDriveLocked',
  /** Any other drive I/O failure (an LBA out of range, a data length not a whole number of blocks). */
  driveIoError: 'xSimDriveIOError',
} as const;
