/**
 * Discover Versions (KMIP 1.4 §4.26): the versions both sides speak, in this server's order of
 * preference (newest first); an empty request lists every version the server speaks.
 */
import { DiscoverVersions, SUPPORTED_VERSIONS } from '@ekmsim/kmip';
import { defineHandler } from './context.js';

export const discoverVersionsHandler = defineHandler(DiscoverVersions, (req) => {
  const asked = req.protocolVersions;
  if (asked === undefined || asked.length === 0) return { protocolVersions: [...SUPPORTED_VERSIONS] };
  return { protocolVersions: SUPPORTED_VERSIONS.filter((s) => asked.some((v) => v.major === s.major && v.minor === s.minor)) };
});
