/** Add Attribute (KMIP 1.4 §4.14, Operation 0x0D). 2.0 sends New Attribute and answers only the UID. */
import { singleAttribute } from '../attributes.js';
import { Tag } from '../registry/tags.generated.js';
import { versioned } from '../schema/codec.js';
import { only1x, uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

export const AddAttribute = defineOperation(
  'AddAttribute',
  { uniqueIdentifier: uidOrPlaceholder(), attribute: singleAttribute(Tag.NewAttribute) },
  { uniqueIdentifier: uid(), attribute: versioned(singleAttribute(), only1x) },
);
