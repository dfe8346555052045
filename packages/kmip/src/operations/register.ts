/** Register (KMIP 1.4 §4.3, Operation 0x03): a managed object the client brings. */
import { templateAttribute } from '../attributes.js';
import { Tag } from '../registry/tags.generated.js';
import { enumeration, required, versioned } from '../schema/codec.js';
import { managedObject, only1x, uid } from './common.js';
import { defineOperation } from './operation.js';

export const Register = defineOperation(
  'Register',
  {
    objectType: required(enumeration(Tag.ObjectType)),
    attributes: templateAttribute(Tag.TemplateAttribute, Tag.Attributes),
    object: managedObject(),
  },
  {
    uniqueIdentifier: uid(),
    attributes: versioned(templateAttribute(Tag.TemplateAttribute, Tag.Attributes), only1x),
  },
);
