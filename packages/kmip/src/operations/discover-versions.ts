/** Discover Versions (KMIP 1.4 §4.26, Operation 0x1E): the client's versions in, the common ones out. */
import { protocolVersion } from '../message/header.js';
import { repeated } from '../schema/codec.js';
import { defineOperation } from './operation.js';

export const DiscoverVersions = defineOperation(
  'DiscoverVersions',
  { protocolVersions: repeated(protocolVersion) },
  { protocolVersions: repeated(protocolVersion) },
);
