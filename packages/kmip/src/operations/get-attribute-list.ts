/** Get Attribute List (KMIP 1.4 §4.13, Operation 0x0C): the names of an object's attributes. */
import { attributeNames } from '../attributes.js';
import { uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

export const GetAttributeList = defineOperation(
  'GetAttributeList',
  { uniqueIdentifier: uidOrPlaceholder() },
  { uniqueIdentifier: uid(), attributeNames: attributeNames() },
);
