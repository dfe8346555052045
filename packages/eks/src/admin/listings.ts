/** The JSON shapes of the admin lists, made from the stored records. */
import { enumName, nameValues, Tag } from '@ekmsim/kmip';
import { stateOf, type StoredObject } from '../model/managed-object.js';
import { certificatePem, type KnownCertificate, type Revocation } from '../store/admin-state.js';
import type { CertificateListing, ObjectListing, RevocationListing } from './admin-api.js';

export function objectListing(obj: StoredObject, columns: Readonly<Record<string, string>>): ObjectListing {
  const state = stateOf(obj);
  return {
    uid: obj.uid,
    objectType: enumName(Tag.ObjectType, obj.objectType) ?? String(obj.objectType),
    name: nameValues(obj.attributes)[0] ?? null,
    state: state === undefined ? null : (enumName(Tag.State, state) ?? String(state)),
    owner: obj.owner,
    columns,
  };
}

export function certificateListing(c: KnownCertificate): CertificateListing {
  return {
    fingerprint: c.fingerprint,
    commonName: c.commonName,
    status: c.status,
    host: c.host,
    since: new Date(c.since).toISOString(),
    certificatePem: certificatePem(c.der),
  };
}

export function revocationListing(r: Revocation): RevocationListing {
  return { by: r.by, value: r.value, revokedAt: new Date(r.revokedAt).toISOString() };
}
