/** Get Attribute List (KMIP 1.4 §4.13): the names of the object's attributes, each once. */
import { GetAttributeList } from '@ekmsim/kmip';
import { defineHandler } from './context.js';
import { visibleAttributes } from './visible-attributes.js';

export const getAttributeListHandler = defineHandler(GetAttributeList, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  ctx.actedOn(obj.uid);
  return { uniqueIdentifier: obj.uid, attributeNames: [...new Set(visibleAttributes(obj, ctx.version).map((a) => a.name))] };
});
