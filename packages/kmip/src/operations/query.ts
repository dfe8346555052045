/** Query (KMIP 1.4 §4.25, Operation 0x18): what the server supports. */
import { Tag } from '../registry/tags.generated.js';
import { enumeration, optional, raw, repeated, text } from '../schema/codec.js';
import { defineOperation } from './operation.js';

export const Query = defineOperation(
  'Query',
  { queryFunctions: repeated(enumeration(Tag.QueryFunction)) },
  {
    operations: repeated(enumeration(Tag.Operation)),
    objectTypes: repeated(enumeration(Tag.ObjectType)),
    vendorIdentification: optional(text(Tag.VendorIdentification)),
    serverInformation: optional(raw(Tag.ServerInformation)),
    applicationNamespaces: repeated(text(Tag.ApplicationNamespace)),
    extensionInformation: repeated(raw(Tag.ExtensionInformation)),
    attestationTypes: repeated(enumeration(Tag.AttestationType)),
    rngParameters: repeated(raw(Tag.RNGParameters)),
    profileInformation: repeated(raw(Tag.ProfileInformation)),
    validationInformation: repeated(raw(Tag.ValidationInformation)),
    capabilityInformation: repeated(raw(Tag.CapabilityInformation)),
    clientRegistrationMethods: repeated(enumeration(Tag.ClientRegistrationMethod)),
  },
);
