/** Locate (KMIP 1.4 §4.9, Operation 0x08): identifiers of the objects matching every attribute given. */
import { attributeList } from '../attributes.js';
import { Tag } from '../registry/tags.generated.js';
import { enumeration, integer, optional, repeated, text, versioned } from '../schema/codec.js';
import { from13 } from './common.js';
import { defineOperation } from './operation.js';

export const Locate = defineOperation(
  'Locate',
  {
    maximumItems: optional(integer(Tag.MaximumItems)),
    offsetItems: versioned(optional(integer(Tag.OffsetItems)), from13),
    storageStatusMask: optional(integer(Tag.StorageStatusMask)),
    objectGroupMember: optional(enumeration(Tag.ObjectGroupMember)),
    attributes: attributeList(),
  },
  {
    locatedItems: versioned(optional(integer(Tag.LocatedItems)), from13),
    uniqueIdentifiers: repeated(text(Tag.UniqueIdentifier)),
  },
);
