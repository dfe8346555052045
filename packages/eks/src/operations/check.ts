/**
 * Check (KMIP 1.4 §4.10): the object exists for this client, is not destroyed, and allows every
 * usage in the requested Cryptographic Usage Mask (else Incompatible Cryptographic Usage Mask;
 * Permission Denied in 1.x). Usage limits and lease times are not tracked.
 */
import { Check, KmipResultError } from '@ekmsim/kmip';
import { isDestroyed, numberOf } from '../model/managed-object.js';
import { defineHandler } from './context.js';

export const checkHandler = defineHandler(Check, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  if (isDestroyed(obj)) throw new KmipResultError('ObjectDestroyed', `object ${obj.uid} has been destroyed`);
  const wanted = req.cryptographicUsageMask;
  if (wanted !== undefined) {
    const allowed = numberOf(obj, 'Cryptographic Usage Mask') ?? 0;
    if ((wanted & ~allowed) !== 0) {
      throw new KmipResultError('IncompatibleCryptographicUsageMask', `object ${obj.uid} allows usage mask 0x${allowed.toString(16)}, not 0x${wanted.toString(16)}`);
    }
  }
  ctx.actedOn(obj.uid);
  return { uniqueIdentifier: obj.uid };
});
