/** The cluster's identity (made once, at the first open) and GetClusterInfo. */
import { randomInt, uuidV4 } from '@ekmsim/core';
import { DB_PATHS, type ClusterIdentityRecord } from '../db/layout.js';
import type { ClusterInfo } from '../model.js';
import { isoSeconds, type ServiceContext } from './context.js';
import { encryptionAtRestState } from '../ear/encryption-at-rest.js';

export interface ClusterIdentityOptions {
  /** Default `ekmsim`. */
  readonly name?: string;
  /** Default 127.0.0.1 (where the simulator's API listens). */
  readonly mvip?: string;
  readonly svip?: string;
}

const UNIQUE_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Returns the stored identity, creating it on the first open; later options do not change it. */
export function ensureClusterIdentity(ctx: ServiceContext, options: ClusterIdentityOptions): ClusterIdentityRecord {
  const stored = ctx.db.get<ClusterIdentityRecord>(DB_PATHS.clusterInfo);
  if (stored !== undefined) return stored;
  const identity: ClusterIdentityRecord = {
    name: options.name ?? 'ekmsim',
    uuid: uuidV4(ctx.rng),
    // Element's short id, e.g. "ahf7".
    uniqueID: Array.from({ length: 4 }, () => UNIQUE_ID_ALPHABET[randomInt(ctx.rng, UNIQUE_ID_ALPHABET.length)]).join(''),
    mvip: options.mvip ?? '127.0.0.1',
    svip: options.svip ?? '127.0.0.1',
    createdTime: isoSeconds(ctx.clock.now()),
  };
  ctx.db.write((tx) => tx.put(DB_PATHS.clusterInfo, identity));
  ctx.logger.log('info', `Created cluster ${identity.name}`, { component: 'DB', uuid: identity.uuid, uniqueID: identity.uniqueID });
  return identity;
}

export function getClusterInfo(ctx: ServiceContext, id: ClusterIdentityRecord): ClusterInfo {
  return {
    attributes: {},
    defaultProtectionScheme: 'doubleHelix',
    enabledProtectionSchemes: ['doubleHelix'],
    supportedProtectionSchemes: ['doubleHelix'],
    encryptionAtRestState: encryptionAtRestState(ctx),
    softwareEncryptionAtRestState: 'disabled',
    ensemble: [id.mvip],
    mvip: id.mvip,
    mvipInterface: 'Bond1G',
    mvipNodeID: 1,
    mvipVlanTag: '0',
    name: id.name,
    repCount: 2,
    svip: id.svip,
    svipInterface: 'Bond10G',
    svipNodeID: 1,
    svipVlanTag: '0',
    uniqueID: id.uniqueID,
    uuid: id.uuid,
  };
}
