/**
 * Get Attributes (KMIP 1.4 §4.12): every attribute, or those named (names the object lacks are
 * skipped). A destroyed object still answers, with State Destroyed: the attributes outlive the
 * key material (the optional OASIS test's reading; PyKMIP answers Item Not Found instead).
 */
import { GetAttributes } from '@ekmsim/kmip';
import { defineHandler } from './context.js';
import { visibleAttributes } from './visible-attributes.js';

export const getAttributesHandler = defineHandler(GetAttributes, (req, ctx) => {
  const obj = ctx.owned(req.uniqueIdentifier);
  ctx.actedOn(obj.uid);
  const all = visibleAttributes(obj, ctx.version);
  const wanted = req.attributeNames === undefined ? undefined : new Set(req.attributeNames);
  return { uniqueIdentifier: obj.uid, attributes: wanted === undefined ? all : all.filter((a) => wanted.has(a.name)) };
});
