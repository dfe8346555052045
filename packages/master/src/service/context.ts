/** What every key-service function works with. */
import type { Rng } from '@ekmsim/core';
import type { KeyPairSource } from '@ekmsim/pki';
import type { ClusterDb } from '../db/cluster-db.js';
import type { EarLifecycle } from '../ear/ear-lifecycle.js';
import type { EventLog } from '../events/event-log.js';
import type { ContactContext } from '../kmip/contact.js';
import type { MasterNodes } from '../nodes/node-fabric.js';

export interface ServiceContext extends ContactContext {
  readonly db: ClusterDb;
  readonly rng: Rng;
  readonly keyPairs: KeyPairSource;
  readonly nodes: MasterNodes;
  readonly ear: EarLifecycle;
  readonly events: EventLog;
  readonly kmipLogFlags: () => number;
  /** k of the internal keys' k-of-n split. */
  readonly shamirThreshold: number;
  /**
   * `enabling` while EnableEncryptionAtRest creates the AK on a key server, before the transition
   * is recorded; memory only, because a call that never finished was never acknowledged.
   */
  transientEar: 'enabling' | undefined;
}

/** An ISO-8601 UTC time in whole seconds, Element's form for `createTime`-style fields. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
