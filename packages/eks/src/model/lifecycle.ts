/**
 * The key lifecycle (KMIP 1.4 §3.22 State, Symmetric Key Lifecycle profile):
 *   Pre-Active --Activate--> Active
 *   Pre-Active | Active --Revoke--> Deactivated, or Compromised for a key/CA compromise
 *   Deactivated --Revoke(compromise)--> Compromised
 *   Pre-Active | Deactivated --Destroy--> Destroyed;  Compromised --Destroy--> Destroyed Compromised
 * Anything else is refused with Wrong Key Lifecycle State (Permission Denied in KMIP 1.x).
 */
import { enumName, Enum, KmipResultError, Tag } from '@ekmsim/kmip';
import { stateOf, type StoredObject } from './managed-object.js';

const S = Enum.State;

export function stateName(state: number | undefined): string {
  return state === undefined ? 'no State' : (enumName(Tag.State, state) ?? `State 0x${state.toString(16)}`);
}

function refuse(obj: StoredObject, operation: string, state: number | undefined): never {
  throw new KmipResultError('WrongKeyLifecycleState', `${operation} is not allowed on object ${obj.uid} in state ${stateName(state)}`);
}

export function activatedState(obj: StoredObject): number {
  const state = stateOf(obj);
  if (state !== S.PreActive) refuse(obj, 'Activate', state);
  return S.Active;
}

export function isCompromise(reasonCode: number): boolean {
  return reasonCode === Enum.RevocationReasonCode.KeyCompromise || reasonCode === Enum.RevocationReasonCode.CaCompromise;
}

export function revokedState(obj: StoredObject, reasonCode: number): number {
  const state = stateOf(obj);
  if (isCompromise(reasonCode)) {
    if (state === S.PreActive || state === S.Active || state === S.Deactivated) return S.Compromised;
  } else if (state === S.PreActive || state === S.Active) {
    return S.Deactivated;
  }
  return refuse(obj, 'Revoke', state);
}

export function destroyedState(obj: StoredObject): number {
  const state = stateOf(obj);
  if (state === S.PreActive || state === S.Deactivated) return S.Destroyed;
  if (state === S.Compromised) return S.DestroyedCompromised;
  return refuse(obj, 'Destroy', state);
}
