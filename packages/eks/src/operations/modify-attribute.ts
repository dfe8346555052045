/**
 * Modify Attribute (KMIP 1.4 §4.15, 2.0 §6.1.31): a new value for an existing instance. KMIP 1.x
 * picks the instance by Attribute Index (default 0); 2.0 by its Current Attribute value (default
 * the first instance). Missing → Attribute Not Found (1.x Item Not Found).
 */
import { KmipResultError, ModifyAttribute, usesAttributesStructure } from '@ekmsim/kmip';
import { instances, touched, withReplaced, type StoredAttribute, type StoredObject } from '../model/managed-object.js';
import { checkClientAttribute } from '../model/new-object.js';
import { sameValue } from '../model/ttlv-equal.js';
import type { TtlvItem } from '@ekmsim/ttlv';
import { defineHandler } from './context.js';
import { attributeNotFound, echoed, requireClientWritable } from './edited-attribute.js';

export const modifyAttributeHandler = defineHandler(ModifyAttribute, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  const a = req.attribute;
  if (a === undefined) throw new KmipResultError('InvalidMessage', 'Modify Attribute needs the new attribute value');
  checkClientAttribute(a);
  requireClientWritable(a.name);
  const current = req.currentAttribute;
  if (current !== undefined && current.name !== a.name) {
    throw new KmipResultError('InvalidField', `Current Attribute ${JSON.stringify(current.name)} and New Attribute ${JSON.stringify(a.name)} differ`);
  }
  const target = findTarget(obj, a.name, usesAttributesStructure(ctx.version) ? undefined : (a.index ?? 0), current?.value);
  const next = withReplaced(obj, target, a.value);
  const changed = next.attributes.find((x) => x.name === target.name && x.index === target.index)!;
  ctx.tx.put(touched(next, ctx.nowSeconds));
  ctx.actedOn(obj.uid);
  return { uniqueIdentifier: obj.uid, attribute: echoed(changed) };
});

function findTarget(obj: StoredObject, name: string, index: number | undefined, value: TtlvItem | undefined): StoredAttribute {
  const found = instances(obj, name);
  const target =
    index !== undefined ? found.find((x) => x.index === index) : value !== undefined ? found.find((x) => sameValue(x.value, value)) : found[0];
  if (target === undefined) throw attributeNotFound(obj.uid, name, index);
  return target;
}
