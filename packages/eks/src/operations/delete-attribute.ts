/**
 * Delete Attribute (KMIP 1.4 §4.16, 2.0 §6.1.13). KMIP 1.x names the attribute and an Attribute
 * Index (default 0); 2.0 gives the Current Attribute (that instance) or an Attribute Reference
 * (every instance). Server-managed and fixed attributes cannot be deleted.
 */
import { DeleteAttribute, KmipResultError, usesAttributesStructure, type RequestOf } from '@ekmsim/kmip';
import { instances, touched, type StoredAttribute, type StoredObject } from '../model/managed-object.js';
import { sameValue } from '../model/ttlv-equal.js';
import { defineHandler } from './context.js';
import { attributeNotFound, echoed, requireClientWritable } from './edited-attribute.js';

type Request = RequestOf<typeof DeleteAttribute>;

function targets(obj: StoredObject, req: Request, v2: boolean): StoredAttribute[] {
  if (!v2) {
    if (req.attributeName === undefined) throw new KmipResultError('InvalidMessage', 'Delete Attribute needs an Attribute Name');
    const index = req.attributeIndex ?? 0;
    const found = instances(obj, req.attributeName).filter((x) => x.index === index);
    if (found.length === 0) throw attributeNotFound(obj.uid, req.attributeName, index);
    return found;
  }
  const current = req.currentAttribute;
  if (current !== undefined) {
    const found = instances(obj, current.name).filter((x) => sameValue(x.value, current.value));
    if (found.length === 0) throw attributeNotFound(obj.uid, current.name);
    return found.slice(0, 1);
  }
  const name = req.attributeReferences?.[0];
  if (name === undefined) throw new KmipResultError('InvalidMessage', 'Delete Attribute needs a Current Attribute or an Attribute Reference');
  const found = instances(obj, name);
  if (found.length === 0) throw attributeNotFound(obj.uid, name);
  return found;
}

export const deleteAttributeHandler = defineHandler(DeleteAttribute, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  const gone = targets(obj, req, usesAttributesStructure(ctx.version));
  requireClientWritable(gone[0]!.name);
  const next = { ...obj, attributes: obj.attributes.filter((x) => !gone.includes(x)) };
  ctx.tx.put(touched(next, ctx.nowSeconds));
  ctx.actedOn(obj.uid);
  return { uniqueIdentifier: obj.uid, attribute: echoed(gone[0]!) };
});
