/**
 * KMIP key providers: Create/Delete/Get/List/TestKeyProviderKmip and the assignment of servers
 * (Add/RemoveKeyServerFromProviderKmip), TR-4843 §9.3. A provider is active while the cluster's
 * AK was created through it (EnableEncryptionAtRest) and until DisableEncryptionAtRest. A change
 * of the servers of a provider the cluster's keys use refreshes the nodes' records (refresh-records.ts).
 */
import { DB_PATHS, keyProviderPath, type KeyPairRecord, type KeyProviderRecord } from '../db/layout.js';
import { refreshExternalRecords } from '../ear/refresh-records.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import { contactKeyServer } from '../kmip/contact.js';
import { queryServer } from '../kmip/operations.js';
import type { KeyProviderKmip, ListKeyProvidersFilter } from '../model.js';
import type { ServiceContext } from './context.js';
import { keyProviders, providerOf, requireKeyProvider, requireKeyServer, takeId } from './lookup.js';
import { throughProvider } from './provider-contact.js';
import { keyProviderView } from './views.js';

const KS = { component: 'KS' } as const;

export function createKeyProviderKmip(ctx: ServiceContext, keyProviderName: string): KeyProviderKmip {
  const record = ctx.db.write((tx) => {
    const keyProviderID = takeId(tx, DB_PATHS.keyProviderIds);
    const r: KeyProviderRecord = { keyProviderID, keyProviderName, keyProviderIsActive: false, keyServerIDs: [], kmipCapabilities: 'SSL' };
    tx.put(keyProviderPath(keyProviderID), r);
    return r;
  });
  ctx.logger.log('info', `Created key provider ${record.keyProviderID} (${keyProviderName})`, KS);
  return keyProviderView(record);
}

/** An inactive provider can be deleted; its servers, if any, become unassigned. */
export function deleteKeyProviderKmip(ctx: ServiceContext, keyProviderID: number): void {
  const provider = requireKeyProvider(ctx.db, keyProviderID);
  if (provider.keyProviderIsActive) {
    throw new ElementApiError(ElementErrorName.xKeyProviderActive, `Key provider ${keyProviderID} is active; disable encryption at rest before deleting it`);
  }
  ctx.db.write((tx) => tx.remove(keyProviderPath(keyProviderID)));
  ctx.logger.log('info', `Deleted key provider ${keyProviderID} (${provider.keyProviderName})`, { ...KS, unassigned: provider.keyServerIDs.join(',') });
}

/** Contacts the server first (TR-4843 §9.3): a server that does not work is not assigned. */
export async function addKeyServerToProviderKmip(ctx: ServiceContext, keyProviderID: number, keyServerID: number): Promise<void> {
  const provider = requireKeyProvider(ctx.db, keyProviderID);
  const server = requireKeyServer(ctx.db, keyServerID);
  const owner = providerOf(ctx.db, keyServerID);
  if (owner?.keyProviderID === keyProviderID) return; // already there: a no-op
  if (owner !== undefined) {
    throw new ElementApiError(
      ElementErrorName.xKeyServerHasProviderAssigned,
      `Key server ${keyServerID} is already assigned to key provider ${owner.keyProviderID}; remove it from that provider first`,
    );
  }
  await contactKeyServer(ctx, server, ctx.db.get<KeyPairRecord>(DB_PATHS.keyPair), `verification for key provider ${keyProviderID}`, queryServer);
  ctx.db.write((tx) => tx.put(keyProviderPath(keyProviderID), { ...provider, keyServerIDs: [...provider.keyServerIDs, keyServerID] } satisfies KeyProviderRecord));
  ctx.logger.log('info', `Added key server ${keyServerID} to key provider ${keyProviderID}`, KS);
  await refreshExternalRecords(ctx, `key server ${keyServerID} added to key provider ${keyProviderID}`, { keyProviderID });
}

export async function removeKeyServerFromProviderKmip(ctx: ServiceContext, keyServerID: number): Promise<void> {
  requireKeyServer(ctx.db, keyServerID);
  const provider = providerOf(ctx.db, keyServerID);
  if (provider === undefined) return; // not assigned: a no-op
  if (provider.keyProviderIsActive && provider.keyServerIDs.length === 1) {
    throw new ElementApiError(
      ElementErrorName.xKeyServerLastForActiveProvider,
      `Key server ${keyServerID} is the last server of active key provider ${provider.keyProviderID}; add another server first or disable encryption at rest`,
    );
  }
  const keyServerIDs = provider.keyServerIDs.filter((id) => id !== keyServerID);
  ctx.db.write((tx) => tx.put(keyProviderPath(provider.keyProviderID), { ...provider, keyServerIDs } satisfies KeyProviderRecord));
  ctx.logger.log('info', `Removed key server ${keyServerID} from key provider ${provider.keyProviderID}`, KS);
  await refreshExternalRecords(ctx, `key server ${keyServerID} removed from key provider ${provider.keyProviderID}`, { keyProviderID: provider.keyProviderID });
}

export function getKeyProviderKmip(ctx: ServiceContext, keyProviderID: number): KeyProviderKmip {
  return keyProviderView(requireKeyProvider(ctx.db, keyProviderID));
}

export function listKeyProvidersKmip(ctx: ServiceContext, f: ListKeyProvidersFilter): KeyProviderKmip[] {
  return keyProviders(ctx.db)
    .filter(
      (p) =>
        (f.keyProviderIsActive === undefined || p.keyProviderIsActive === f.keyProviderIsActive) &&
        (f.kmipKeyProviderHasServerAssigned === undefined || p.keyServerIDs.length > 0 === f.kmipKeyProviderHasServerAssigned),
    )
    .map(keyProviderView);
}

/** Tests every server of the provider; succeeds when any works (provider-contact.ts has the failure rule). */
export async function testKeyProviderKmip(ctx: ServiceContext, keyProviderID: number): Promise<void> {
  await throughProvider(ctx, requireKeyProvider(ctx.db, keyProviderID), 'test', queryServer, true);
}
