/**
 * The cluster-level part of Enable/DisableEncryptionAtRest and GetEncryptionAtRestInfo. Storage
 * nodes and drives come later (their XState machines will take over); here the state changes
 * once the work is done: with a key provider, the AK is created on one of its servers over KMIP
 * and the provider becomes active (TR-4843 §9.3); without one, keys are internal.
 */
import { uuidV4 } from '@ekmsim/core';
import { DB_PATHS, keyProviderPath, type EarRecord, type KeyProviderRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import { authenticationKeyName, createAuthenticationKey } from '../kmip/operations.js';
import type { EncryptionAtRestInfo, EncryptionAtRestState } from '../model.js';
import { isoSeconds, type ServiceContext } from './context.js';
import { requireKeyProvider } from './lookup.js';
import { throughProvider } from './provider-contact.js';

const EAR = { component: 'EAR' } as const;
const DISABLED: EarRecord = { state: 'disabled' };

export function earRecord(ctx: ServiceContext): EarRecord {
  return ctx.db.get<EarRecord>(DB_PATHS.ear) ?? DISABLED;
}

export function encryptionAtRestState(ctx: ServiceContext): EncryptionAtRestState {
  return ctx.transientEar ?? earRecord(ctx).state;
}

export async function enableEncryptionAtRest(ctx: ServiceContext, keyProviderID: number | undefined): Promise<void> {
  if (earRecord(ctx).state === 'enabled') throw new ElementApiError(ElementErrorName.xAPINotPermitted, 'Encryption at rest is already enabled');
  if (keyProviderID === undefined) {
    ctx.db.write((tx) => tx.put(DB_PATHS.ear, { state: 'enabled', keyManagementType: 'internal', keyCreatedTime: isoSeconds(ctx.clock.now()) } satisfies EarRecord));
    ctx.logger.log('info', 'Encryption at rest enabled with internal key management', EAR);
    return;
  }
  const provider = requireKeyProvider(ctx.db, keyProviderID);
  const keyID = uuidV4(ctx.rng);
  ctx.transientEar = 'enabling';
  try {
    ctx.logger.log('info', `Enabling encryption at rest with key provider ${keyProviderID}`, { ...EAR, keyID });
    const { server, value: uid } = await throughProvider(ctx, provider, 'authentication key creation', (client) => createAuthenticationKey(client, keyID));
    ctx.db.write((tx) => {
      tx.put(DB_PATHS.ear, {
        state: 'enabled',
        keyManagementType: 'external',
        keyProviderID,
        keyID,
        kmipUniqueIdentifier: uid,
        keyServerID: server.keyServerID,
        keyCreatedTime: isoSeconds(ctx.clock.now()),
      } satisfies EarRecord);
      tx.put(keyProviderPath(keyProviderID), { ...provider, keyProviderIsActive: true } satisfies KeyProviderRecord);
    });
    ctx.logger.log('info', `Encryption at rest enabled with key provider ${keyProviderID}; authentication key ${authenticationKeyName(keyID)} created`, {
      ...EAR,
      keyServerID: server.keyServerID,
      kmipUniqueIdentifier: uid,
    });
  } finally {
    ctx.transientEar = undefined;
  }
}

/** The provider becomes inactive; the AK stays on the key server (deleting keys is the key server's business). */
export function disableEncryptionAtRest(ctx: ServiceContext): Promise<void> {
  const ear = earRecord(ctx);
  if (ear.state !== 'enabled') return Promise.reject(new ElementApiError(ElementErrorName.xAPINotPermitted, 'Encryption at rest is not enabled'));
  ctx.db.write((tx) => {
    tx.put(DB_PATHS.ear, DISABLED);
    if (ear.keyManagementType === 'external') {
      const provider = tx.get<KeyProviderRecord>(keyProviderPath(ear.keyProviderID));
      if (provider !== undefined) tx.put(keyProviderPath(ear.keyProviderID), { ...provider, keyProviderIsActive: false } satisfies KeyProviderRecord);
    }
  });
  ctx.logger.log('info', 'Encryption at rest disabled', { ...EAR, keyManagementType: ear.keyManagementType });
  return Promise.resolve();
}

export function getEncryptionAtRestInfo(ctx: ServiceContext): EncryptionAtRestInfo {
  const ear = earRecord(ctx);
  const state = encryptionAtRestState(ctx);
  if (ear.state !== 'enabled') return { state };
  if (ear.keyManagementType === 'internal') return { state, authenticationKeyInfo: { keyManagementType: 'internal', keyCreatedTime: ear.keyCreatedTime } };
  return {
    state,
    authenticationKeyInfo: { keyManagementType: 'external', keyProviderID: ear.keyProviderID, keyID: ear.keyID, keyCreatedTime: ear.keyCreatedTime },
  };
}
