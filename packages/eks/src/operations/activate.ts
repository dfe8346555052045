/** Activate (KMIP 1.4 §4.19): Pre-Active → Active, Activation Date now; any other state is refused. */
import { Activate } from '@ekmsim/kmip';
import { activatedState } from '../model/lifecycle.js';
import { withState } from '../model/managed-object.js';
import { defineHandler } from './context.js';

export const activateHandler = defineHandler(Activate, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  ctx.tx.put(withState(obj, activatedState(obj), ctx.nowSeconds, ['Activation Date']));
  ctx.actedOn(obj.uid);
  return { uniqueIdentifier: obj.uid };
});
