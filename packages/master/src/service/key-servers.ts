/**
 * KMIP key servers: Create/Modify/Delete/Get/List/TestKeyServerKmip (TR-4843 §9.3). Creating one
 * does not contact it; modifying the connection settings of a server whose provider is active
 * does, with the new settings, and leaves it unchanged if that fails. Once they are changed, the
 * nodes' records of a generation that uses the server's provider are refreshed (refresh-records.ts).
 */
import { DB_PATHS, keyServerPath, type KeyPairRecord, type KeyServerRecord } from '../db/layout.js';
import { refreshExternalRecords } from '../ear/refresh-records.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import { contactKeyServer } from '../kmip/contact.js';
import { queryServer } from '../kmip/operations.js';
import type { CreateKeyServerParams, KeyServerKmip, ListKeyServersFilter, ModifyKeyServerParams } from '../model.js';
import { checkKeyServerCertificates } from './certificates.js';
import type { ServiceContext } from './context.js';
import { checkEndpoint, DEFAULT_KMIP_PORT } from './endpoint.js';
import { keyServers, providerOf, requireKeyServer, takeId } from './lookup.js';
import { keyServerView } from './views.js';

const KS = { component: 'KS' } as const;

export function createKeyServerKmip(ctx: ServiceContext, p: CreateKeyServerParams): KeyServerKmip {
  const port = p.kmipKeyServerPort ?? DEFAULT_KMIP_PORT;
  checkKeyServerCertificates(ctx.db, p.kmipCaCertificate, p.kmipClientCertificate);
  checkEndpoint(ctx.db, p.kmipKeyServerHostnames, port);
  const record = ctx.db.write((tx) => {
    const keyServerID = takeId(tx, DB_PATHS.keyServerIds);
    const r: KeyServerRecord = {
      keyServerID,
      kmipKeyServerName: p.kmipKeyServerName,
      kmipKeyServerHostnames: [...p.kmipKeyServerHostnames],
      kmipKeyServerPort: port,
      kmipCaCertificate: p.kmipCaCertificate,
      kmipClientCertificate: p.kmipClientCertificate,
    };
    tx.put(keyServerPath(keyServerID), r);
    return r;
  });
  ctx.logger.log('info', `Created key server ${record.keyServerID} (${record.kmipKeyServerName})`, { ...KS, ...endpointFields(record) });
  return keyServerView(ctx.db, record);
}

export async function modifyKeyServerKmip(ctx: ServiceContext, p: ModifyKeyServerParams): Promise<KeyServerKmip> {
  const current = requireKeyServer(ctx.db, p.keyServerID);
  const next: KeyServerRecord = {
    ...current,
    ...(p.kmipKeyServerName === undefined ? {} : { kmipKeyServerName: p.kmipKeyServerName }),
    ...(p.kmipKeyServerHostnames === undefined ? {} : { kmipKeyServerHostnames: [...p.kmipKeyServerHostnames] }),
    ...(p.kmipKeyServerPort === undefined ? {} : { kmipKeyServerPort: p.kmipKeyServerPort }),
    ...(p.kmipCaCertificate === undefined ? {} : { kmipCaCertificate: p.kmipCaCertificate }),
    ...(p.kmipClientCertificate === undefined ? {} : { kmipClientCertificate: p.kmipClientCertificate }),
  };
  const certificatesGiven = p.kmipCaCertificate !== undefined || p.kmipClientCertificate !== undefined;
  const endpointGiven = p.kmipKeyServerHostnames !== undefined || p.kmipKeyServerPort !== undefined;
  // Only keyServerID: a no-op, no error (TR-4843 §9.3).
  if (!certificatesGiven && !endpointGiven && p.kmipKeyServerName === undefined) return keyServerView(ctx.db, current);
  if (certificatesGiven) checkKeyServerCertificates(ctx.db, next.kmipCaCertificate, next.kmipClientCertificate);
  if (endpointGiven) checkEndpoint(ctx.db, next.kmipKeyServerHostnames, next.kmipKeyServerPort, next.keyServerID);
  const provider = providerOf(ctx.db, current.keyServerID);
  if (provider?.keyProviderIsActive === true && (certificatesGiven || endpointGiven)) {
    // Keys of an active provider depend on this server: the new settings must work first.
    await contactKeyServer(ctx, next, ctx.db.get<KeyPairRecord>(DB_PATHS.keyPair), 'verification of new settings', queryServer);
  }
  ctx.db.write((tx) => tx.put(keyServerPath(next.keyServerID), next));
  const changed = Object.keys(p).filter((k) => k !== 'keyServerID' && p[k as keyof ModifyKeyServerParams] !== undefined);
  ctx.logger.log('info', `Modified key server ${next.keyServerID} (${next.kmipKeyServerName})`, { ...KS, changed: changed.join(','), ...endpointFields(next) });
  // The nodes fetch the AK with their own copy of these settings: give them the new ones.
  if (provider !== undefined && (certificatesGiven || endpointGiven)) {
    await refreshExternalRecords(ctx, `key server ${next.keyServerID} modified`, { keyProviderID: provider.keyProviderID });
  }
  return keyServerView(ctx.db, next);
}

export function deleteKeyServerKmip(ctx: ServiceContext, keyServerID: number): void {
  const server = requireKeyServer(ctx.db, keyServerID);
  const provider = providerOf(ctx.db, keyServerID);
  if (provider !== undefined) {
    throw new ElementApiError(
      ElementErrorName.xKeyServerHasProviderAssigned,
      `Key server ${keyServerID} is assigned to key provider ${provider.keyProviderID}; remove it with RemoveKeyServerFromProviderKmip first`,
    );
  }
  ctx.db.write((tx) => tx.remove(keyServerPath(keyServerID)));
  ctx.logger.log('info', `Deleted key server ${keyServerID} (${server.kmipKeyServerName})`, KS);
}

export function getKeyServerKmip(ctx: ServiceContext, keyServerID: number): KeyServerKmip {
  return keyServerView(ctx.db, requireKeyServer(ctx.db, keyServerID));
}

/** The three filters AND together; an absent filter does not filter. */
export function listKeyServersKmip(ctx: ServiceContext, f: ListKeyServersFilter): KeyServerKmip[] {
  return keyServers(ctx.db)
    .map((s) => keyServerView(ctx.db, s))
    .filter(
      (v) =>
        (f.keyProviderID === undefined || v.keyProviderID === f.keyProviderID) &&
        (f.kmipAssignedProviderIsActive === undefined || v.kmipAssignedProviderIsActive === f.kmipAssignedProviderIsActive) &&
        (f.kmipHasProviderAssigned === undefined || (v.keyProviderID !== null) === f.kmipHasProviderAssigned),
    );
}

export async function testKeyServerKmip(ctx: ServiceContext, keyServerID: number): Promise<void> {
  const server = requireKeyServer(ctx.db, keyServerID);
  await contactKeyServer(ctx, server, ctx.db.get<KeyPairRecord>(DB_PATHS.keyPair), 'test', queryServer);
}

function endpointFields(s: KeyServerRecord): { hosts: string; port: number } {
  return { hosts: s.kmipKeyServerHostnames.join(','), port: s.kmipKeyServerPort };
}
