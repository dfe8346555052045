/** Check (KMIP 1.4 §4.10, Operation 0x09): would this use of the object be allowed? */
import { Tag } from '../registry/tags.generated.js';
import { integer, interval, longInteger, optional } from '../schema/codec.js';
import { uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

const fields = {
  usageLimitsCount: optional(longInteger(Tag.UsageLimitsCount)),
  cryptographicUsageMask: optional(integer(Tag.CryptographicUsageMask)),
  leaseTime: optional(interval(Tag.LeaseTime)),
};

export const Check = defineOperation('Check', { uniqueIdentifier: uidOrPlaceholder(), ...fields }, { uniqueIdentifier: uid(), ...fields });
