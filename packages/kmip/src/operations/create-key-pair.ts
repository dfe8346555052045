/** Create Key Pair (KMIP 1.4 §4.2, Operation 0x02). */
import { templateAttribute } from '../attributes.js';
import { Tag } from '../registry/tags.generated.js';
import { required, text, versioned } from '../schema/codec.js';
import { only1x } from './common.js';
import { defineOperation } from './operation.js';

export const CreateKeyPair = defineOperation(
  'CreateKeyPair',
  {
    commonAttributes: templateAttribute(Tag.CommonTemplateAttribute, Tag.CommonAttributes),
    privateKeyAttributes: templateAttribute(Tag.PrivateKeyTemplateAttribute, Tag.PrivateKeyAttributes),
    publicKeyAttributes: templateAttribute(Tag.PublicKeyTemplateAttribute, Tag.PublicKeyAttributes),
  },
  {
    privateKeyUniqueIdentifier: required(text(Tag.PrivateKeyUniqueIdentifier)),
    publicKeyUniqueIdentifier: required(text(Tag.PublicKeyUniqueIdentifier)),
    privateKeyAttributes: versioned(templateAttribute(Tag.PrivateKeyTemplateAttribute, Tag.PrivateKeyAttributes), only1x),
    publicKeyAttributes: versioned(templateAttribute(Tag.PublicKeyTemplateAttribute, Tag.PublicKeyAttributes), only1x),
  },
);
