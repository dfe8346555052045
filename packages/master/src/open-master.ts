/**
 * The cluster master as the API layer sees it: the cluster database opened from `dataDir`, the
 * key service on top of it. Calls that change state run one at a time (Mutex) and commit before
 * they resolve; reads answer from memory at once.
 */
import { join } from 'node:path';
import { silentLogger, type Clock, type Logger, type Rng } from '@ekmsim/core';
import { ClusterDb } from './db/cluster-db.js';
import { CLUSTER_DB_FILE } from './db/database.js';
import type { KmipSettings } from './kmip/contact.js';
import type { Master } from './model.js';
import { Mutex } from './mutex.js';
import { ensureClusterIdentity, getClusterInfo, type ClusterIdentityOptions } from './service/cluster-info.js';
import type { ServiceContext } from './service/context.js';
import { disableEncryptionAtRest, enableEncryptionAtRest, getEncryptionAtRestInfo } from './service/encryption-at-rest.js';
import { createPublicPrivateKeyPair, getClientCertificateSignRequest } from './service/key-pair.js';
import * as providers from './service/key-providers.js';
import * as servers from './service/key-servers.js';
import { keyProviders, keyServers } from './service/lookup.js';

export interface MasterOptions {
  /** The cluster database lives here (created if missing); one master per directory. */
  readonly dataDir: string;
  readonly clock: Clock;
  /** Ids (cluster UUID, key IDs) come from here; key pairs come from OpenSSL. */
  readonly rng: Rng;
  /** Element logs (createElementLogs) in a real run; nothing is logged by default. */
  readonly logger?: Logger;
  readonly kmip?: KmipSettings;
  /** Used only when the database is created. */
  readonly cluster?: ClusterIdentityOptions;
}

/** Opens the cluster database (creating the cluster at the first open) and serves it. */
export function openMaster(options: MasterOptions): Promise<Master> {
  // A throw in the executor (a locked or unreadable database) becomes the rejection.
  return new Promise((resolve) => resolve(serve(options)));
}

function serve(options: MasterOptions): Master {
  const logger = options.logger ?? silentLogger;
  const db = ClusterDb.open(options.dataDir);
  const ctx: ServiceContext = { db, clock: options.clock, rng: options.rng, logger, kmip: options.kmip ?? {}, transientEar: undefined };
  let identity;
  try {
    identity = ensureClusterIdentity(ctx, options.cluster ?? {});
  } catch (e) {
    db.close();
    throw e;
  }
  logger.log('info', 'Cluster database opened', {
    component: 'DB',
    file: join(options.dataDir, CLUSTER_DB_FILE),
    keyServers: keyServers(db).length,
    keyProviders: keyProviders(db).length,
  });
  const mutex = new Mutex();
  // Serialized, and asynchronous even when the work is not, so a throw is always a rejection.
  const change = <T>(work: () => T | Promise<T>): Promise<T> => mutex.run(async () => work());
  let closing: Promise<void> | undefined;

  const master: Master = {
    getClusterInfo: () => getClusterInfo(ctx, identity),
    createPublicPrivateKeyPair: (subject) => change(() => createPublicPrivateKeyPair(ctx, subject)),
    getClientCertificateSignRequest: () => getClientCertificateSignRequest(ctx),
    createKeyServerKmip: (params) => change(() => servers.createKeyServerKmip(ctx, params)),
    modifyKeyServerKmip: (params) => change(() => servers.modifyKeyServerKmip(ctx, params)),
    deleteKeyServerKmip: (id) => change(() => servers.deleteKeyServerKmip(ctx, id)),
    getKeyServerKmip: (id) => servers.getKeyServerKmip(ctx, id),
    listKeyServersKmip: (filter) => servers.listKeyServersKmip(ctx, filter),
    testKeyServerKmip: (id) => servers.testKeyServerKmip(ctx, id),
    createKeyProviderKmip: (name) => change(() => providers.createKeyProviderKmip(ctx, name)),
    deleteKeyProviderKmip: (id) => change(() => providers.deleteKeyProviderKmip(ctx, id)),
    addKeyServerToProviderKmip: (providerID, serverID) => change(() => providers.addKeyServerToProviderKmip(ctx, providerID, serverID)),
    removeKeyServerFromProviderKmip: (id) => change(() => providers.removeKeyServerFromProviderKmip(ctx, id)),
    getKeyProviderKmip: (id) => providers.getKeyProviderKmip(ctx, id),
    listKeyProvidersKmip: (filter) => providers.listKeyProvidersKmip(ctx, filter),
    testKeyProviderKmip: (id) => providers.testKeyProviderKmip(ctx, id),
    enableEncryptionAtRest: (params) => change(() => enableEncryptionAtRest(ctx, params.keyProviderID)),
    disableEncryptionAtRest: () => change(() => disableEncryptionAtRest(ctx)),
    getEncryptionAtRestInfo: () => getEncryptionAtRestInfo(ctx),
    close: () =>
      (closing ??= mutex.run(() => {
        // After every change already queued; the database is then released for the next master.
        db.close();
        logger.log('info', 'Cluster database closed', { component: 'DB' });
        return Promise.resolve();
      })),
  };
  return master;
}
