/** Modify Attribute (KMIP 1.4 §4.15, Operation 0x0E). 2.0 may name the Current Attribute to replace. */
import { singleAttribute } from '../attributes.js';
import { Tag } from '../registry/tags.generated.js';
import { versioned } from '../schema/codec.js';
import { only1x, only2x, uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

export const ModifyAttribute = defineOperation(
  'ModifyAttribute',
  {
    uniqueIdentifier: uidOrPlaceholder(),
    currentAttribute: versioned(singleAttribute(Tag.CurrentAttribute), only2x),
    attribute: singleAttribute(Tag.NewAttribute),
  },
  { uniqueIdentifier: uid(), attribute: versioned(singleAttribute(), only1x) },
);
