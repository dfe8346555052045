/** Reading the key-management tree, with Element's exceptions for unknown ids. */
import type { ClusterDb, DbTransaction } from '../db/cluster-db.js';
import { DB_PATHS, keyProviderPath, keyServerPath, type IdCounterRecord, type KeyProviderRecord, type KeyServerRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';

export function keyServers(db: ClusterDb): KeyServerRecord[] {
  return db.children<KeyServerRecord>(DB_PATHS.keyServers);
}

export function keyProviders(db: ClusterDb): KeyProviderRecord[] {
  return db.children<KeyProviderRecord>(DB_PATHS.keyProviders);
}

export function requireKeyServer(db: ClusterDb, keyServerID: number): KeyServerRecord {
  const server = Number.isInteger(keyServerID) ? db.get<KeyServerRecord>(keyServerPath(keyServerID)) : undefined;
  if (server === undefined) throw new ElementApiError(ElementErrorName.xKeyServerIDDoesNotExist, `Key server ${keyServerID} does not exist`);
  return server;
}

export function requireKeyProvider(db: ClusterDb, keyProviderID: number): KeyProviderRecord {
  const provider = Number.isInteger(keyProviderID) ? db.get<KeyProviderRecord>(keyProviderPath(keyProviderID)) : undefined;
  if (provider === undefined) {
    throw new ElementApiError(ElementErrorName.xNoOnlineKeyProviderWithThatID, `There is no key provider with ID ${keyProviderID}`);
  }
  return provider;
}

/** The provider a server is assigned to (the assignment lives in the provider's keyServerIDs). */
export function providerOf(db: ClusterDb, keyServerID: number): KeyProviderRecord | undefined {
  return keyProviders(db).find((p) => p.keyServerIDs.includes(keyServerID));
}

export function activeProviders(db: ClusterDb): KeyProviderRecord[] {
  return keyProviders(db).filter((p) => p.keyProviderIsActive);
}

/** Takes the next id from a counter in the same transaction as the record that uses it. */
export function takeId(tx: DbTransaction, counterPath: string): number {
  const id = tx.get<IdCounterRecord>(counterPath)?.next ?? 1;
  tx.put(counterPath, { next: id + 1 } satisfies IdCounterRecord);
  return id;
}
