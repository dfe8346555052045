/**
 * Delete Attribute (KMIP 1.4 §4.16, Operation 0x0F). 1.x names the attribute and an index;
 * 2.0 gives the Current Attribute (name and value) or an Attribute Reference.
 */
import { attributeNames, singleAttribute } from '../attributes.js';
import { Tag } from '../registry/tags.generated.js';
import { integer, optional, text, versioned } from '../schema/codec.js';
import { only1x, only2x, uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

export const DeleteAttribute = defineOperation(
  'DeleteAttribute',
  {
    uniqueIdentifier: uidOrPlaceholder(),
    attributeName: versioned(optional(text(Tag.AttributeName)), only1x),
    attributeIndex: versioned(optional(integer(Tag.AttributeIndex)), only1x),
    currentAttribute: versioned(singleAttribute(Tag.CurrentAttribute), only2x),
    attributeReferences: versioned(attributeNames(), only2x),
  },
  { uniqueIdentifier: uid(), attribute: versioned(singleAttribute(), only1x) },
);
