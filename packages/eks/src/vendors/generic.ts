/** The plain KMIP server: every implemented operation and object type, no vendor quirk. */
import { operationProfile } from '../operations/registry.js';
import { VENDOR_IDENTIFICATION } from '../operations/query.js';
import { ALL_OBJECT_TYPES } from './object-types.js';
import { personality } from './personality.js';

export const generic = personality({
  name: 'generic',
  profile: operationProfile({
    objectTypes: ALL_OBJECT_TYPES,
    identity: { vendorIdentification: VENDOR_IDENTIFICATION, serverName: 'ekmsim mock key server', productName: 'ekmsim', serverVersion: '0.1.0' },
  }),
});
