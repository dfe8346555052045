/** Every vendor personality by name. */
import { generic } from './generic.js';
import { hytrust } from './hytrust.js';
import { keysecureGov } from './keysecure-gov.js';
import { keysecure } from './keysecure.js';
import type { VendorName } from './names.js';
import type { Personality } from './personality.js';
import { sklm } from './sklm.js';
import { vormetric } from './vormetric.js';

export const PERSONALITIES: Readonly<Record<VendorName, Personality>> = {
  generic,
  keysecure,
  'keysecure-gov': keysecureGov,
  hytrust,
  vormetric,
  sklm,
};
