/** Create (KMIP 1.4 §4.1): a new symmetric key from the injected Rng, Pre-Active unless its Activation Date has come. */
import { attr, Create, Enum, KmipResultError, numberAttribute } from '@ekmsim/kmip';
import { generateSymmetricKey } from '../keys/symmetric.js';
import { checkTemplate, newObject, objectTypeName } from '../model/new-object.js';
import { defineHandler } from './context.js';

const ENCRYPT_DECRYPT = Enum.CryptographicUsageMask.Encrypt | Enum.CryptographicUsageMask.Decrypt;

export const createHandler = defineHandler(Create, (req, ctx) => {
  if (req.objectType !== Enum.ObjectType.SymmetricKey) {
    throw new KmipResultError('InvalidField', `Create makes Symmetric Keys only, not ${objectTypeName(req.objectType)}`);
  }
  const given = req.attributes ?? [];
  checkTemplate(given, req.objectType);
  const object = generateSymmetricKey(numberAttribute(given, 'Cryptographic Algorithm'), numberAttribute(given, 'Cryptographic Length'), ctx.rng);
  const uid = ctx.newUid(req.objectType);
  ctx.tx.put(
    newObject({
      uid,
      owner: ctx.client,
      objectType: req.objectType,
      object,
      given,
      defaults: [attr.cryptographicUsageMask(ENCRYPT_DECRYPT)],
      nowSeconds: ctx.nowSeconds,
      hasState: true,
    }),
  );
  ctx.actedOn(uid);
  return { objectType: req.objectType, uniqueIdentifier: uid };
});
