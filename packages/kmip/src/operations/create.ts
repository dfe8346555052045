/** Create (KMIP 1.4 §4.1, Operation 0x01): a new symmetric key or secret from attributes. */
import { templateAttribute } from '../attributes.js';
import { Tag } from '../registry/tags.generated.js';
import { enumeration, required, versioned } from '../schema/codec.js';
import { only1x, uid } from './common.js';
import { defineOperation } from './operation.js';

export const Create = defineOperation(
  'Create',
  {
    objectType: required(enumeration(Tag.ObjectType)),
    attributes: templateAttribute(Tag.TemplateAttribute, Tag.Attributes),
  },
  {
    objectType: required(enumeration(Tag.ObjectType)),
    uniqueIdentifier: uid(),
    // 1.x servers may echo attributes they set implicitly; 2.0 dropped the field.
    attributes: versioned(templateAttribute(Tag.TemplateAttribute, Tag.Attributes), only1x),
  },
);
