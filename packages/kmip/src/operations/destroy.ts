/** Destroy (KMIP 1.4 §4.21, Operation 0x14): removes the key material; the object stays, Destroyed. */
import { uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

export const Destroy = defineOperation('Destroy', { uniqueIdentifier: uidOrPlaceholder() }, { uniqueIdentifier: uid() });
