/**
 * Destroy (KMIP 1.4 §4.21): the key material is erased; the object and its attributes remain with
 * State Destroyed (Destroyed Compromised if it was Compromised) and a Destroy Date. An Active
 * object is refused. A KMIP 1.x Template, which has no State, is removed outright.
 */
import { Destroy } from '@ekmsim/kmip';
import { destroyedState } from '../model/lifecycle.js';
import { stateOf, withState } from '../model/managed-object.js';
import { defineHandler } from './context.js';

export const destroyHandler = defineHandler(Destroy, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  if (stateOf(obj) === undefined) {
    ctx.tx.remove(obj.uid);
  } else {
    const next = withState(obj, destroyedState(obj), ctx.nowSeconds, ['Destroy Date']);
    ctx.tx.put({ ...next, object: undefined });
  }
  ctx.actedOn(obj.uid);
  return { uniqueIdentifier: obj.uid };
});
