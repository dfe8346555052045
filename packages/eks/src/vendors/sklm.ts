/**
 * IBM Security Key Lifecycle Manager (TR-4843 §8; IBM OS 3.0.1.0, §2.2). A client certificate
 * that chains to a truststore CA (§8.4 steps 1–3, the server's `tls.caPem`) is still not
 * trusted by itself: every request is answered Operation Failed / Invalid Message with
 * "CTGKS0070E Server does not trust the client certificate." and the certificate shows as
 * pending (§8.4 step 4, "Pending Client Device Communication Certificates") until the
 * administrator accepts and trusts it. Symmetric keys get SKLM's "KEY-<uuid>" identifiers,
 * and the object list has the columns of the §8.4 Search view.
 */
import { Enum, KmipResultError, nameValues, enumName, Tag } from '@ekmsim/kmip';
import type { VendorAdmin } from '../admin/admin-api.js';
import { certificateSelector, describeSelector, selects } from '../admin/certificate-selector.js';
import { certificateListing } from '../admin/listings.js';
import { KeyServerAdminError } from '../errors.js';
import type { StoredObject } from '../model/managed-object.js';
import { operationProfile } from '../operations/registry.js';
import type { PeerCertificate } from '../server/peer-identity.js';
import { ALL_OBJECT_TYPES } from './object-types.js';
import { personality, type VendorEnv } from './personality.js';

/** TR-4843 §8.4, the error Element reports from TestKeyServerKmip / AddKeyServerToProviderKmip. */
export const SKLM_UNTRUSTED_MESSAGE = 'CTGKS0070E Server does not trust the client certificate.';

/** TR-4843 §8.4: the Device Group of the keys Element creates. */
export const SKLM_DEVICE_GROUP = 'GENERIC';

/** Records a certificate never seen before as pending (what the SKLM UI lists for acceptance). */
function notePending(peer: PeerCertificate, env: VendorEnv): void {
  if (env.admin().certificate(peer.fingerprint) !== undefined) return;
  env.admin().changeCertificates({ fingerprint: peer.fingerprint, commonName: peer.commonName, der: peer.der, status: 'pending', host: null, since: env.clock.now() });
  env.logger.log('info', 'client certificate pending acceptance', { client: peer.commonName, fingerprint: peer.fingerprint });
}

function refusal(peer: PeerCertificate, env: VendorEnv): KmipResultError | undefined {
  if (env.admin().certificate(peer.fingerprint)?.status === 'trusted') return undefined;
  notePending(peer, env);
  return new KmipResultError('InvalidMessage', SKLM_UNTRUSTED_MESSAGE);
}

/** SKLM writes object types as SYMMETRIC_KEY, PRIVATE_KEY, … */
function objectsType(objectType: number): string {
  const name = enumName(Tag.ObjectType, objectType) ?? String(objectType);
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The columns of TR-4843 §8.4's object table (Client Name is empty there: Element registers no client). */
function columns(obj: StoredObject): Record<string, string> {
  return {
    'Name attribute': nameValues(obj.attributes)[0] ?? '',
    'Device Group': SKLM_DEVICE_GROUP,
    'Client Name': '',
    'Objects Type': objectsType(obj.objectType),
    UUID: obj.uid,
  };
}

function trustAdmin(env: VendorEnv): VendorAdmin {
  return {
    acceptCertificate(args) {
      const selector = certificateSelector('acceptCertificate', args);
      const matching = env.admin().certificates().filter((c) => selects(selector, c));
      if (matching.length === 0) throw new KeyServerAdminError('NOT_FOUND', `acceptCertificate: no pending certificate with ${describeSelector(selector)}`);
      const pending = matching.filter((c) => c.status === 'pending');
      if (pending.length === 0) throw new KeyServerAdminError('CONFLICT', `acceptCertificate: the certificate with ${describeSelector(selector)} is trusted already`);
      const accepted = pending.map((c) => ({ ...c, status: 'trusted' as const, since: env.clock.now() }));
      for (const c of accepted) env.admin().changeCertificates(c);
      env.logger.log('info', 'client certificate accepted and trusted', { fingerprints: accepted.map((c) => c.fingerprint).join(',') });
      return accepted.map(certificateListing);
    },
    untrustCertificate(args) {
      const selector = certificateSelector('untrustCertificate', args);
      const gone = env.admin().certificates().filter((c) => selects(selector, c));
      if (gone.length === 0) throw new KeyServerAdminError('NOT_FOUND', `untrustCertificate: no certificate with ${describeSelector(selector)}`);
      env.admin().changeCertificates(undefined, gone.map((c) => c.fingerprint));
      env.trustChanged();
      return gone.map(certificateListing);
    },
  };
}

export const sklm = personality({
  name: 'sklm',
  profile: operationProfile({
    objectTypes: ALL_OBJECT_TYPES,
    identity: { vendorIdentification: 'IBM', serverName: 'IBM Security Key Lifecycle Manager', productName: 'IBM Security Key Lifecycle Manager', serverVersion: '3.0.1.0' },
    uniqueIdentifier: (objectType, uuid) => (objectType === Enum.ObjectType.SymmetricKey ? `KEY-${uuid}` : uuid),
  }),
  admit(peer, env) {
    notePending(peer, env);
    return undefined;
  },
  refusal,
  columns,
  admin: trustAdmin,
});
