/**
 * Every call and event of the master–node protocol, with the validators of its parameters and
 * result. A receiver validates what it gets before acting on it; a sender's types come from here.
 */
import { array, base64, literal, nat, object, optional, positive, plainObject, str, type Check, type Checked } from './check.js';
import { clockReading, generationRecord, keyGeneration, member, nodeState, sealedBox } from './types.js';

const empty = object({});
const blockAddress = { serial: str, lba: nat };

/** Calls a node makes to the master. */
export const NODE_TO_MASTER = {
  /** First message after a (re)start: who it is and what it has. */
  join: {
    params: object({ nodeID: positive, publicKey: base64, state: nodeState }),
    /** `clock`: the simulation clock's reading (lead over real time, pause); the node's clock follows it. */
    result: object({ masterPublicKey: base64, clock: optional(clockReading) }),
  },
  /**
   * Sealed shares of `generation` from up to `count` online peers (the node needs threshold − 1;
   * without `count`, from every peer). Peers are asked a few at a time until `count` answered.
   */
  gatherShares: {
    params: object({ generation: nat, count: optional(positive) }),
    result: object({ shares: array(sealedBox, 256) }),
  },
} as const;

/** Calls the master makes to a node. */
export const MASTER_TO_NODE = {
  /** Make a new AK from the node's Rng, split it one share per member, seal each to its member; keep nothing. */
  generateInternalKey: {
    params: object({ generation: nat, threshold: positive, members: array(member, 256) }),
    result: object({ keyCheck: plainObject, shares: array(object({ nodeID: positive, share: sealedBox }), 256) }),
  },
  /** Keep this generation's record (replaces one of the same generation). */
  storeGeneration: { params: object({ record: generationRecord }), result: empty },
  /** Fetch an external generation's AK over KMIP and answer its check value. */
  checkExternalKey: { params: object({ generation: nat }), result: object({ akCheck: base64 }) },
  /** Seal this node's share of `generation` to another node. */
  sealShare: { params: object({ generation: nat, forNodeID: positive, forPublicKey: base64 }), result: object({ share: sealedBox }) },
  /** Move every drive's PIN to `generation`'s AK (null: back to MSID, locking off). Idempotent. */
  applyGeneration: { params: object({ generation: keyGeneration }), result: object({ state: nodeState }) },
  /** `generation` is the cluster's now: forget every other generation. */
  commitGeneration: { params: object({ generation: keyGeneration }), result: empty },
  getState: { params: empty, result: nodeState },
  writeBlocks: { params: object({ ...blockAddress, data: base64 }), result: empty },
  readBlocks: { params: object({ ...blockAddress, blocks: positive }), result: object({ data: base64 }) },
  readRawMedia: { params: object({ ...blockAddress, blocks: positive }), result: object({ data: base64 }) },
  /** Crypto erase (a new media key); the drive keeps its PIN. */
  secureEraseDrive: { params: object({ serial: str }), result: empty },
  /**
   * Contact every key server of the node's current external generation (DiscoverVersions over
   * mutual TLS, each host name in order) and say how it went; no external generation: no results.
   */
  probeKeyServers: {
    params: empty,
    result: object({
      results: array(
        object({
          keyServerID: positive,
          /** lookup: no host name resolved; refused / timeout: no connection; tls: handshake failed (certificate); auth: the server refused the client; server: KMIP error from the server. */
          outcome: literal('ok', 'lookup', 'refused', 'timeout', 'tls', 'auth', 'server'),
          /** What went wrong in the words of the failing layer (no secret). */
          detail: str,
        }),
        16,
      ),
    }),
  },
} as const;

/** One-way messages. */
export const NODE_EVENTS = {
  /** The node's state changed (phase, drive locks). */
  status: object({ state: nodeState }),
} as const;
export const MASTER_EVENTS = {
  /** Another node joined: a node still waiting for shares may retry now. */
  peerOnline: object({ nodeID: positive }),
  /** The simulation clock jumped (AdvanceClock), paused or resumed: the node's clock follows; due timers fire. */
  clock: clockReading,
} as const;

interface MethodSpec {
  readonly params: Check<unknown>;
  readonly result: Check<unknown>;
}
export type MethodTable = Readonly<Record<string, MethodSpec>>;
export type EventTable = Readonly<Record<string, Check<unknown>>>;
export type Params<T extends MethodTable, M extends keyof T> = Checked<T[M]['params']>;
export type Result<T extends MethodTable, M extends keyof T> = Checked<T[M]['result']>;
export type EventParams<T extends EventTable, E extends keyof T> = Checked<T[E]>;

/** Error codes a node answers with (WireError `remote`, `remoteCode`). */
export const NODE_ERROR_CODES = {
  unknownDrive: 'NODE_UNKNOWN_DRIVE',
  /** Host I/O to a locked drive; the message names the range and the lock. */
  driveLocked: 'NODE_DRIVE_LOCKED',
  ioError: 'NODE_IO_ERROR',
  noShare: 'NODE_NO_SHARE',
  unknownGeneration: 'NODE_UNKNOWN_GENERATION',
  /** The AK could not be obtained or did not verify (too few shares, key server unreachable, wrong key). */
  keyUnavailable: 'NODE_KEY_UNAVAILABLE',
  driveSecurity: 'NODE_DRIVE_SECURITY',
  badRequest: 'NODE_BAD_REQUEST',
  internal: 'NODE_INTERNAL',
} as const;
export const MASTER_ERROR_CODES = {
  unknownNode: 'MASTER_UNKNOWN_NODE',
  badRequest: 'MASTER_BAD_REQUEST',
  internal: 'MASTER_INTERNAL',
} as const;
