/**
 * EnableEncryptionAtRest, DisableEncryptionAtRest and GetEncryptionAtRestInfo. Like Element's,
 * the calls are asynchronous: each checks, records the transition (one write) and returns; the
 * EAR machine (ear.machine.ts) does the work and the state reads `enabling`/`disabling` until it
 * is committed. With a key provider the AK is created on its key server first, within the call,
 * so TR-4843 §10.2's exceptions come back from EnableEncryptionAtRest itself, and the provider
 * becomes active when the transition is recorded. A cluster with no nodes has nothing to key:
 * the call returns once the transition is committed.
 */
import { uuidV4 } from '@ekmsim/core';
import { DB_PATHS, keyProviderPath, type EarRecord, type EarTarget, type EarTransition, type KeyProviderRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import { authenticationKeyName, createAuthenticationKey } from '../kmip/operations.js';
import type { EncryptionAtRestInfo, EncryptionAtRestState } from '../model.js';
import { isoSeconds, type ServiceContext } from '../service/context.js';
import { requireKeyProvider } from '../service/lookup.js';
import { throughProvider } from '../service/provider-contact.js';
import { EAR } from './ear-parts.js';
import { earState, readEar } from './ear-record.js';

export function encryptionAtRestState(ctx: ServiceContext): EncryptionAtRestState {
  return ctx.transientEar ?? earState(readEar(ctx.db));
}

export async function enableEncryptionAtRest(ctx: ServiceContext, keyProviderID: number | undefined): Promise<void> {
  const ear = readEar(ctx.db);
  refuseDuringTransition(ear);
  if (ear.state === 'enabled' && (keyProviderID === undefined || ear.keyManagementType === 'external')) {
    throw new ElementApiError(ElementErrorName.xAPINotPermitted, 'Encryption at rest is already enabled');
  }
  const kind = ear.state === 'enabled' ? 'convert' : 'enable';
  const generation = ear.nextGeneration;
  if (keyProviderID === undefined) {
    const threshold = checkThreshold(ctx);
    await begin(ctx, ear, { kind, target: { generation, mode: 'internal', threshold }, step: 'distribute', members: [], startedTime: isoSeconds(ctx.clock.now()) });
    return;
  }
  const provider = requireKeyProvider(ctx.db, keyProviderID);
  const keyID = uuidV4(ctx.rng);
  ctx.transientEar = 'enabling';
  let created;
  try {
    ctx.logger.log('info', `${kind === 'convert' ? 'Converting' : 'Enabling'} encryption at rest with key provider ${keyProviderID}`, { ...EAR, keyID });
    created = await throughProvider(ctx, provider, 'authentication key creation', (client) => createAuthenticationKey(client, keyID));
  } finally {
    ctx.transientEar = undefined;
  }
  ctx.logger.log('info', `Authentication key ${authenticationKeyName(keyID)} created on key server ${created.server.keyServerID}`, {
    ...EAR,
    kmipUniqueIdentifier: created.value,
  });
  const target: EarTarget = { generation, mode: 'external', keyProviderID, keyID, kmipUniqueIdentifier: created.value, keyServerID: created.server.keyServerID };
  await begin(ctx, ear, { kind, target, step: 'distribute', members: [], startedTime: isoSeconds(ctx.clock.now()) });
}

export async function disableEncryptionAtRest(ctx: ServiceContext): Promise<void> {
  const ear = readEar(ctx.db);
  refuseDuringTransition(ear);
  if (ear.state !== 'enabled') throw new ElementApiError(ElementErrorName.xAPINotPermitted, 'Encryption at rest is not enabled');
  const members = ctx.nodes.registered().map((n) => n.nodeID);
  // Disabling needs no new records: the drives go straight back to the MSID.
  await begin(ctx, ear, { kind: 'disable', target: null, step: 'apply', members, startedTime: isoSeconds(ctx.clock.now()) });
}

export function getEncryptionAtRestInfo(ctx: ServiceContext): EncryptionAtRestInfo {
  const ear = readEar(ctx.db);
  const state = encryptionAtRestState(ctx);
  if (ear.state !== 'enabled') return { state };
  if (ear.keyManagementType === 'internal') return { state, authenticationKeyInfo: { keyManagementType: 'internal', keyCreatedTime: ear.keyCreatedTime } };
  return {
    state,
    authenticationKeyInfo: { keyManagementType: 'external', keyProviderID: ear.keyProviderID, keyID: ear.keyID, keyCreatedTime: ear.keyCreatedTime },
  };
}

/** Records the transition (an external target's provider becomes active in the same write) and starts it. */
async function begin(ctx: ServiceContext, ear: EarRecord, transition: EarTransition): Promise<void> {
  const target = transition.target;
  ctx.db.write((tx) => {
    tx.put(DB_PATHS.ear, { ...ear, nextGeneration: target === null ? ear.nextGeneration : target.generation + 1, transition } satisfies EarRecord);
    if (target?.mode === 'external') {
      const provider = tx.get<KeyProviderRecord>(keyProviderPath(target.keyProviderID));
      if (provider !== undefined) tx.put(keyProviderPath(target.keyProviderID), { ...provider, keyProviderIsActive: true } satisfies KeyProviderRecord);
    }
  });
  ctx.logger.log('info', `EAR ${transition.kind} recorded${target === null ? '' : `: generation ${target.generation}, ${target.mode} keys`}`, EAR);
  ctx.events.record({
    type: 'encryptionAtRestEvent',
    message: transition.kind === 'disable' ? 'Encryption at rest disabling' : `Encryption at rest ${transition.kind === 'convert' ? 'converting to' : 'enabling with'} ${target?.mode ?? 'no'} key management`,
    details: { kind: transition.kind, generation: target?.generation ?? null, ...(target?.mode === 'external' ? { keyProviderID: target.keyProviderID, keyID: target.keyID } : {}) },
  });
  ctx.ear.resume();
  if (ctx.nodes.registered().length === 0) await ctx.ear.whenSettled();
}

function refuseDuringTransition(ear: EarRecord): void {
  const t = ear.transition;
  if (t === null) return;
  const doing = t.kind === 'disable' ? 'disabled' : t.kind === 'convert' ? 'converted to external key management' : 'enabled';
  const done = t.kind === 'disable' ? 'disabled' : 'enabled';
  throw new ElementApiError(
    ElementErrorName.xAPINotPermitted,
    `Encryption at rest is being ${doing} (step ${t.step}); wait until GetEncryptionAtRestInfo reports ${done}`,
  );
}

/**
 * k of the internal k-of-n split. Any k nodes rebuild the AK, so the cluster needs at least k
 * nodes; a cluster with no nodes yet has nothing to key and may enable at once.
 */
function checkThreshold(ctx: ServiceContext): number {
  const k = ctx.shamirThreshold;
  const n = ctx.nodes.registered().length;
  if (n > 0 && n < k) {
    throw new ElementApiError(
      ElementErrorName.xAPINotPermitted,
      `Internal key management splits the authentication key so that any ${k} nodes rebuild it; the cluster has ${n} node${n === 1 ? '' : 's'}`,
    );
  }
  return k;
}
