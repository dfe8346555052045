/**
 * Register (KMIP 1.4 §4.3): a managed object the client brings, kept as the TTLV it sent. Its
 * Object Type must match the object; Cryptographic Algorithm and Length are read from its key
 * block when it has one.
 */
import { attr, Enum, KmipResultError, Register, Tag, usesAttributesStructure, type Attribute } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';
import { checkTemplate, newObject, objectTypeName } from '../model/new-object.js';
import { defineHandler } from './context.js';

const T = Enum.ObjectType;
const OBJECT_TAG_BY_TYPE = new Map<number, number>([
  [T.Certificate, Tag.Certificate],
  [T.SymmetricKey, Tag.SymmetricKey],
  [T.PublicKey, Tag.PublicKey],
  [T.PrivateKey, Tag.PrivateKey],
  [T.SplitKey, Tag.SplitKey],
  [T.Template, Tag.Template],
  [T.SecretData, Tag.SecretData],
  [T.OpaqueData, Tag.OpaqueObject],
  [T.PGPKey, Tag.PGPKey],
]);

/** Cryptographic Algorithm and Length as the object's Key Block states them. */
function keyBlockAttributes(object: TtlvItem): Attribute[] {
  const block = object.type === 'Structure' ? object.value.find((c) => c.tag === Tag.KeyBlock) : undefined;
  if (block?.type !== 'Structure') return [];
  const out: Attribute[] = [];
  for (const c of block.value) {
    if (c.tag === Tag.CryptographicAlgorithm && c.type === 'Enumeration') out.push(attr.cryptographicAlgorithm(c.value));
    if (c.tag === Tag.CryptographicLength && c.type === 'Integer') out.push(attr.cryptographicLength(c.value));
  }
  return out;
}

export const registerHandler = defineHandler(Register, (req, ctx) => {
  const expectedTag = OBJECT_TAG_BY_TYPE.get(req.objectType);
  const served = ctx.profile.objectTypes.includes(req.objectType);
  if (expectedTag === undefined || !served || (req.objectType === T.Template && usesAttributesStructure(ctx.version))) {
    throw new KmipResultError('InvalidObjectType', `Register does not accept objects of type ${objectTypeName(req.objectType)}`);
  }
  if (req.object.tag !== expectedTag) throw new KmipResultError('InvalidObjectType', `Object Type ${objectTypeName(req.objectType)} does not match the object sent`);
  const given = req.attributes ?? [];
  checkTemplate(given, req.objectType);
  const uid = ctx.newUid(req.objectType);
  ctx.tx.put(
    newObject({
      uid,
      owner: ctx.client,
      objectType: req.objectType,
      object: req.object,
      given,
      implicit: keyBlockAttributes(req.object),
      nowSeconds: ctx.nowSeconds,
      hasState: req.objectType !== T.Template,
    }),
  );
  ctx.actedOn(uid);
  return { uniqueIdentifier: uid };
});
