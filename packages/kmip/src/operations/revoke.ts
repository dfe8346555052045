/** Revoke (KMIP 1.4 §4.20, Operation 0x13): → Deactivated, or Compromised for a key compromise. */
import { Tag } from '../registry/tags.generated.js';
import { dateTime, enumeration, optional, required, struct, text } from '../schema/codec.js';
import { uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

/** Revocation Reason (KMIP 1.4 §3.31). */
export const revocationReason = struct(Tag.RevocationReason, {
  code: required(enumeration(Tag.RevocationReasonCode)),
  message: optional(text(Tag.RevocationMessage)),
});

export const Revoke = defineOperation(
  'Revoke',
  {
    uniqueIdentifier: uidOrPlaceholder(),
    revocationReason: required(revocationReason),
    compromiseOccurrenceDate: optional(dateTime(Tag.CompromiseOccurrenceDate)),
  },
  { uniqueIdentifier: uid() },
);
