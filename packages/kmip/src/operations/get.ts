/** Get (KMIP 1.4 §4.11, Operation 0x0A): the managed object itself. */
import { Tag } from '../registry/tags.generated.js';
import { enumeration, optional, raw, required } from '../schema/codec.js';
import { managedObject, uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

export const Get = defineOperation(
  'Get',
  {
    uniqueIdentifier: uidOrPlaceholder(),
    keyFormatType: optional(enumeration(Tag.KeyFormatType)),
    keyWrapType: optional(enumeration(Tag.KeyWrapType)),
    keyCompressionType: optional(enumeration(Tag.KeyCompressionType)),
    keyWrappingSpecification: optional(raw(Tag.KeyWrappingSpecification)),
  },
  {
    objectType: required(enumeration(Tag.ObjectType)),
    uniqueIdentifier: uid(),
    object: managedObject(),
  },
);
