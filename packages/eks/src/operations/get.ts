/**
 * Get (KMIP 1.4 §4.11): the managed object as stored. A destroyed object has no key material:
 * Object Destroyed (Item Not Found in KMIP 1.x). Only the stored Key Format Type is served;
 * key wrapping is not offered.
 */
import { enumName, Get, KmipResultError, Tag } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';
import { isDestroyed } from '../model/managed-object.js';
import { defineHandler } from './context.js';

function storedKeyFormat(object: TtlvItem): number | undefined {
  const block = object.type === 'Structure' ? object.value.find((c) => c.tag === Tag.KeyBlock) : undefined;
  const format = block?.type === 'Structure' ? block.value.find((c) => c.tag === Tag.KeyFormatType) : undefined;
  return format?.type === 'Enumeration' ? format.value : undefined;
}

export const getHandler = defineHandler(Get, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  if (obj.object === undefined || isDestroyed(obj)) throw new KmipResultError('ObjectDestroyed', `object ${obj.uid} has been destroyed`);
  if (req.keyWrappingSpecification !== undefined || req.keyWrapType !== undefined) {
    throw new KmipResultError('FeatureNotSupported', 'this server does not wrap keys on Get');
  }
  if (req.keyFormatType !== undefined && req.keyFormatType !== storedKeyFormat(obj.object)) {
    const name = enumName(Tag.KeyFormatType, req.keyFormatType) ?? String(req.keyFormatType);
    throw new KmipResultError('KeyFormatTypeNotSupported', `object ${obj.uid} is not available in Key Format Type ${name}`);
  }
  ctx.actedOn(obj.uid);
  return { objectType: obj.objectType, uniqueIdentifier: obj.uid, object: obj.object };
});
