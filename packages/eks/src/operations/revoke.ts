/**
 * Revoke (KMIP 1.4 §4.20): Deactivated (Deactivation Date now), or Compromised for a key or CA
 * compromise (Compromise Date now; Compromise Occurrence Date as given, now if left out). The
 * Revocation Reason is kept as an attribute.
 */
import { attr, attribute, Revoke, revocationReason } from '@ekmsim/kmip';
import { isCompromise, revokedState } from '../model/lifecycle.js';
import { withSingle, withState } from '../model/managed-object.js';
import { defineHandler } from './context.js';

export const revokeHandler = defineHandler(Revoke, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  const code = req.revocationReason.code;
  const state = revokedState(obj, code);
  let next = withState(obj, state, ctx.nowSeconds, isCompromise(code) ? ['Compromise Date'] : ['Deactivation Date']);
  if (isCompromise(code)) next = withSingle(next, attr.date('Compromise Occurrence Date', req.compromiseOccurrenceDate ?? ctx.nowSeconds));
  next = withSingle(next, attribute('Revocation Reason', revocationReason.toItem(req.revocationReason, { version: ctx.version })));
  ctx.tx.put(next);
  ctx.actedOn(obj.uid);
  return { uniqueIdentifier: obj.uid };
});
