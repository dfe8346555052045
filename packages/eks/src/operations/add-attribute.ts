/**
 * Add Attribute (KMIP 1.4 §4.14): a new instance of a multi-instance attribute (Name, Object
 * Group, Link, custom "x-…"), or a single-valued client attribute the object does not have yet.
 * Refusals: a server-managed or fixed attribute → Attribute Read Only (1.x Permission Denied);
 * a single-valued one already present → Attribute Single Valued (1.x Illegal Operation).
 */
import { AddAttribute, KmipResultError } from '@ekmsim/kmip';
import { isMultiInstance } from '../model/attribute-rules.js';
import { instances, touched, withInstance } from '../model/managed-object.js';
import { checkClientAttribute } from '../model/new-object.js';
import { defineHandler } from './context.js';
import { echoed, requireClientWritable } from './edited-attribute.js';

export const addAttributeHandler = defineHandler(AddAttribute, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  const a = req.attribute;
  if (a === undefined) throw new KmipResultError('InvalidMessage', 'Add Attribute needs the attribute to add');
  if (a.index !== undefined) throw new KmipResultError('InvalidField', 'Add Attribute takes no Attribute Index: the server assigns it');
  checkClientAttribute(a);
  requireClientWritable(a.name);
  if (!isMultiInstance(a.name) && instances(obj, a.name).length > 0) {
    throw new KmipResultError('AttributeSingleValued', `object ${obj.uid} already has attribute ${JSON.stringify(a.name)}, which is single-valued`);
  }
  const next = withInstance(obj, a);
  const added = next.attributes[next.attributes.length - 1]!;
  ctx.tx.put(touched(next, ctx.nowSeconds));
  ctx.actedOn(obj.uid);
  return { uniqueIdentifier: obj.uid, attribute: echoed(added) };
});
