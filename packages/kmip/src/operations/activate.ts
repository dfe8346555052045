/** Activate (KMIP 1.4 §4.19, Operation 0x12): Pre-Active → Active. */
import { uid, uidOrPlaceholder } from './common.js';
import { defineOperation } from './operation.js';

export const Activate = defineOperation('Activate', { uniqueIdentifier: uidOrPlaceholder() }, { uniqueIdentifier: uid() });
