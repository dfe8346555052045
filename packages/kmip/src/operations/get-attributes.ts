/** Get Attributes (KMIP 1.4 §4.12, Operation 0x0B): all attributes, or the named ones. */
import { attributeList, attributeNames } from '../attributes.js';
import { uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

export const GetAttributes = defineOperation(
  'GetAttributes',
  { uniqueIdentifier: uidOrPlaceholder(), attributeNames: attributeNames() },
  { uniqueIdentifier: uid(), attributes: attributeList() },
);
