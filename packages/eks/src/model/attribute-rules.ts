/**
 * Who may set which attribute (KMIP 1.4 §3 "Modifiable by server/client" rows, simplified):
 * - server-only: the server sets them; a client may not give, add, modify or delete them;
 * - fixed: a client may give them when the object is made, never change them afterwards;
 * - everything else (Name, Object Group, Contact Information, custom "x-"/"y-" ones, …) is the client's.
 * Multi-instance attributes may appear several times, with an Attribute Index each.
 */
import { isCustomAttributeName } from '@ekmsim/kmip';

const SERVER_ONLY = new Set([
  'Unique Identifier',
  'State',
  'Initial Date',
  'Last Change Date',
  'Destroy Date',
  'Compromise Date',
  'Compromise Occurrence Date',
  'Revocation Reason',
  'Digest',
  'Key Format Type',
  'Original Creation Date',
  'Always Sensitive',
  'Never Extractable',
  'Fresh',
  'Key Value Present',
  'Digital Signature Algorithm',
  'Lease Time',
  'Usage Limits',
  'Short Unique Identifier',
]);

const FIXED = new Set([
  'Object Type',
  'Cryptographic Algorithm',
  'Cryptographic Length',
  'Cryptographic Usage Mask',
  'Cryptographic Domain Parameters',
  'Activation Date',
  'Opaque Data Type',
]);

const MULTI_INSTANCE = new Set([
  'Name',
  'Object Group',
  'Link',
  'Application Specific Information',
  'Alternative Name',
  'Key Value Location',
  'Cryptographic Parameters',
  'Custom Attribute',
]);

/** Set by the server only (certificate fields are read from the certificate). */
export function isServerOnly(name: string): boolean {
  return SERVER_ONLY.has(name) || name.startsWith('Certificate ') || name.startsWith('X.509 ');
}

/** Not changeable by a client once the object exists. */
export function isReadOnly(name: string): boolean {
  return isServerOnly(name) || FIXED.has(name);
}

export function isMultiInstance(name: string): boolean {
  return MULTI_INSTANCE.has(name) || isCustomAttributeName(name);
}

/** A client-defined attribute name (KMIP 1.4 §3.1: "x-" for clients, "y-" for servers). */
export function isWellFormedCustomName(name: string): boolean {
  return name.startsWith('x-') || name.startsWith('y-');
}
