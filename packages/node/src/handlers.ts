/**
 * The node's answers to the master's calls (wire's MASTER_TO_NODE, each documented there). Every
 * failure reaches the master as a NodeError with a NODE_... code; credential changes run one at
 * a time (`exclusive`), with a key ring that wipes every AK when the call ends.
 */
import type { ClockReading, Logger, Rng } from '@ekmsim/core';
import { wipe } from '@ekmsim/shamir';
import { NODE_ERROR_CODES, type Handlers, type MASTER_TO_NODE, type NodeHandlers, type NodeState } from '@ekmsim/wire';
import { externalAkCheck } from './ak-check.js';
import type { DriveBay } from './drive-bays.js';
import { cryptoErase } from './drive-credential.js';
import { NodeError, toNodeError } from './errors.js';
import { fetchExternalKey, type KmipAccess } from './external-key.js';
import { checkGenerationRecord, withKnownAkCheck } from './generation-records.js';
import { readBlocks, readRawMedia, writeBlocks } from './host-io.js';
import { generateInternalKey, ownShare } from './internal-key.js';
import type { KeyRing } from './key-ring.js';
import type { NodeStore } from './node-store.js';
import { probeKeyServers } from './probe.js';
import { sealShare, type BoxIdentity } from './sealed-secrets.js';

/** What the handlers need of the running node. */
export interface NodeServices {
  readonly store: NodeStore;
  readonly me: BoxIdentity;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly kmip: KmipAccess;
  /** The bay of `serial`, or NODE_UNKNOWN_DRIVE. */
  bay(serial: string): DriveBay;
  /** Moves every drive to `generation` (the drive credential protocol); throws a summary if some drive could not. */
  applyGeneration(generation: number | null, keys: KeyRing): Promise<void>;
  /** Runs `work` alone among credential operations with a fresh key ring, then reports the node's state if it changed. */
  exclusive<T>(work: (keys: KeyRing) => Promise<T>): Promise<T>;
  state(): NodeState;
  publish(): void;
  /** A peer joined: a node still waiting for shares retries now. */
  peerOnline(): void;
  /** The simulation clock jumped, paused or resumed: the node's clock follows the reading. */
  followClock(reading: ClockReading): void;
}

export function nodeHandlers(node: NodeServices): NodeHandlers {
  const { store, me } = node;
  const handlers: Handlers<typeof MASTER_TO_NODE> = {
    generateInternalKey: ({ generation, threshold, members }) => generateInternalKey(generation, threshold, members, node.rng),

    storeGeneration: ({ record }) =>
      node.exclusive(() => {
        // A refresh from the master (akCheck null) keeps the check value this node learnt.
        const kept = withKnownAkCheck(record, store.generation(record.generation));
        checkGenerationRecord(kept, store, me);
        store.putGeneration(kept);
        return Promise.resolve({});
      }),

    checkExternalKey: async ({ generation }) => {
      const record = store.generation(generation);
      if (record?.mode !== 'external') throw unknownGeneration(generation, 'external');
      const ak = await fetchExternalKey(record, me, node.kmip);
      try {
        return { akCheck: externalAkCheck(ak, record.keyID) };
      } finally {
        wipe(ak);
      }
    },

    sealShare: ({ generation, forNodeID, forPublicKey }) => {
      const record = store.generation(generation);
      if (record === undefined) throw unknownGeneration(generation, 'internal');
      if (record.mode !== 'internal') throw new NodeError(NODE_ERROR_CODES.noShare, `generation ${generation} is external: there are no shares`);
      return { share: sealShare(ownShare(record, me), { nodeID: forNodeID, publicKey: forPublicKey }, generation, node.rng) };
    },

    applyGeneration: ({ generation }) =>
      node.exclusive(async (keys) => {
        if (generation !== null && store.generation(generation) === undefined) throw unknownGeneration(generation);
        await node.applyGeneration(generation, keys);
        return { state: node.state() };
      }),

    commitGeneration: ({ generation }) =>
      node.exclusive(() => {
        if (generation !== null && store.generation(generation) === undefined) throw unknownGeneration(generation);
        const keep = store.referencedGenerations();
        if (generation !== null) keep.add(generation);
        store.keepGenerations(keep);
        return Promise.resolve({});
      }),

    getState: () => node.state(),

    writeBlocks: ({ serial, lba, data }) => {
      writeBlocks(node.bay(serial), lba, data);
      return {};
    },
    readBlocks: ({ serial, lba, blocks }) => ({ data: readBlocks(node.bay(serial), lba, blocks) }),
    readRawMedia: ({ serial, lba, blocks }) => ({ data: readRawMedia(node.bay(serial), lba, blocks) }),

    probeKeyServers: async () => ({ results: await probeKeyServers(store, me, node.kmip) }),

    secureEraseDrive: ({ serial }) =>
      node.exclusive(async (keys) => {
        const bay = node.bay(serial);
        bay.erasing = true;
        node.publish();
        try {
          await cryptoErase(bay, { store, keys });
        } finally {
          bay.erasing = false;
        }
        return {};
      }),
  };
  return { ...guardAll(handlers, node.logger), events: { peerOnline: () => node.peerOnline(), clock: (reading) => node.followClock(reading) } };
}

function unknownGeneration(generation: number, mode?: 'internal' | 'external'): NodeError {
  return new NodeError(NODE_ERROR_CODES.unknownGeneration, `this node has no ${mode === undefined ? '' : `${mode} `}record of generation ${generation}`);
}

/** Every handler's failure as a NodeError; an unexpected one is logged here, its text kept off the wire. */
function guardAll<H extends Handlers<typeof MASTER_TO_NODE>>(handlers: H, logger: Logger): H {
  const guarded: Record<string, (params: unknown) => Promise<unknown>> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, (params: unknown) => unknown][]) {
    guarded[method] = async (params) => {
      try {
        return await handler(params);
      } catch (e) {
        const error = toNodeError(e);
        if (error.code === NODE_ERROR_CODES.internal) logger.log('error', `${method} failed unexpectedly: ${String(e)}`);
        throw error;
      }
    };
  }
  return guarded as unknown as H;
}
