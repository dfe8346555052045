/** What every key-service function works with. */
import type { Rng } from '@ekmsim/core';
import type { ClusterDb } from '../db/cluster-db.js';
import type { ContactContext } from '../kmip/contact.js';

export interface ServiceContext extends ContactContext {
  readonly db: ClusterDb;
  readonly rng: Rng;
  /**
   * `enabling`/`disabling` while an EnableEncryptionAtRest/DisableEncryptionAtRest call is
   * working; memory only, because a call that never finished was never acknowledged.
   */
  transientEar: 'enabling' | 'disabling' | undefined;
}

/** An ISO-8601 UTC time in whole seconds, Element's form for `createTime`-style fields. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
