/** The KMIP conversations the master has with a key server, on a session `contactKeyServer` opened. */
import type { KmipClient } from '@ekmsim/kmip-client';
import { UnusableAnswerError } from './failure.js';

/** TestKeyServerKmip: after the DiscoverVersions probe, a Query proves the server serves requests. */
export async function queryServer(client: KmipClient): Promise<void> {
  await client.query();
}

/** The KMIP Name Element gives an AK; a key server lists it under this name (TR-4843 §8.4 screenshot). */
export function authenticationKeyName(keyID: string): string {
  return `x-SolidFire-KeyID-${keyID}`;
}

/**
 * Creates the cluster's authentication key on the server: Create AES-256 with usage
 * Encrypt|Decrypt and Element's name, Activate, then Get to make sure the key can be fetched
 * (nodes will fetch it the same way). Resolves with the KMIP Unique Identifier. The key material
 * read back is checked and wiped; it is never returned, logged or kept.
 */
export async function createAuthenticationKey(client: KmipClient, keyID: string): Promise<string> {
  const uid = await client.create({ algorithm: 'AES', length: 256, usageMask: ['Encrypt', 'Decrypt'], name: authenticationKeyName(keyID) });
  await client.activate(uid);
  const got = await client.get(uid);
  const length = got.key?.material.length;
  got.key?.material.fill(0);
  if (length !== 32) {
    throw new UnusableAnswerError(`Get of the new authentication key ${uid} did not return a 256-bit symmetric key`);
  }
  return uid;
}
