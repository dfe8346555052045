/**
 * Gemalto SafeNet KeySecure (TR-4843 §4; SafeNet OS 8.10.1, §2.1). It serves exactly the
 * operations and managed object types §4.2 lists (no Check; no split keys, opaque objects or
 * PGP keys), and Query says so; a client is served only if a local user is named like its
 * certificate's OU, unless that requirement is turned off (§4.1 step 5, local-users.ts).
 */
import { Enum } from '@ekmsim/kmip';
import { operationProfile } from '../operations/registry.js';
import type { ServerIdentity } from '../operations/profile.js';
import { localUserAdmin, missingOuUser } from './local-users.js';
import { personality, type Personality } from './personality.js';

const O = Enum.Operation;
const T = Enum.ObjectType;

/** TR-4843 §4.2, "Clients can submit the following requests" (Query is always served). */
export const KEYSECURE_OPERATIONS: readonly number[] = [
  O.Activate,
  O.AddAttribute,
  O.Create,
  O.CreateKeyPair,
  O.DeleteAttribute,
  O.Destroy,
  O.DiscoverVersions,
  O.Get,
  O.GetAttributes,
  O.GetAttributeList,
  O.Locate,
  O.ModifyAttribute,
  O.Register,
  O.Revoke,
];

/** TR-4843 §4.2: certificates, private keys, public keys, templates, secret data, symmetric keys. */
export const KEYSECURE_OBJECT_TYPES: readonly number[] = [T.Certificate, T.SymmetricKey, T.PublicKey, T.PrivateKey, T.Template, T.SecretData];

/** KeySecure with another name and licence rule (KeySecure for Government reuses it). */
export function keySecureLike(name: 'keysecure' | 'keysecure-gov', identity: ServerIdentity, extra: Partial<Personality> = {}): Personality {
  return personality({
    name,
    profile: operationProfile({ operations: KEYSECURE_OPERATIONS, objectTypes: KEYSECURE_OBJECT_TYPES, identity }),
    refusal: (peer, env) => missingOuUser(peer, env.admin().settings),
    admin: localUserAdmin,
    ...extra,
  });
}

export const keysecure = keySecureLike('keysecure', {
  vendorIdentification: 'Gemalto SafeNet',
  serverName: 'SafeNet KeySecure',
  productName: 'SafeNet KeySecure',
  serverVersion: '8.10.1',
});
