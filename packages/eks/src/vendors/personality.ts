/**
 * A vendor personality: everything in which one vendor's key server differs from the plain
 * KMIP server, in one object per vendor (one file each, beside this one). The server asks it
 * three questions: whether to keep a connection once TLS and the CA chain passed (`admit`),
 * whether to serve a request (`refusal`), and what its object list shows (`columns`); and it
 * adds the vendor's own admin methods (`admin`).
 */
import type { Clock, Logger, Rng } from '@ekmsim/core';
import type { KmipResultError } from '@ekmsim/kmip';
import type { CertAndKey } from '@ekmsim/pki';
import type { VendorAdmin } from '../admin/admin-api.js';
import type { StoredObject } from '../model/managed-object.js';
import type { OperationProfile } from '../operations/profile.js';
import type { PeerCertificate } from '../server/peer-identity.js';
import type { AdminState } from '../store/admin-state.js';
import type { VendorName } from './names.js';

/** What a personality reads and changes. */
export interface VendorEnv {
  /** The administrator's durable state (a new object after restartService). */
  admin(): AdminState;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  /** The CA certificate and key the server signs client certificates with (HyTrust). */
  readonly issuingCa: CertAndKey | undefined;
  /** Judges every live connection again after a change of trust; the refused ones drop. */
  trustChanged(): void;
}

export interface Personality {
  readonly name: VendorName;
  readonly profile: OperationProfile;
  /** Whether it runs as several members sharing one store (HyTrust KeyControl's cluster). */
  readonly multiMember: boolean;
  /** Whether it signs client certificates itself, so needs `tls.caKeyPem`. */
  readonly issuesClientCertificates: boolean;
  /** After TLS and the CA chain: why the connection is closed at once (no KMIP), or undefined. */
  admit(peer: PeerCertificate, env: VendorEnv): string | undefined;
  /** Before each request: the failure that answers it, or undefined to serve it. */
  refusal(peer: PeerCertificate, env: VendorEnv): KmipResultError | undefined;
  /** The vendor's own columns in the admin object list. */
  columns(obj: StoredObject): Readonly<Record<string, string>>;
  /** The vendor's own admin methods. */
  admin(env: VendorEnv): VendorAdmin;
}

/** A personality with the plain server's answers wherever `p` says nothing. */
export function personality(p: Pick<Personality, 'name' | 'profile'> & Partial<Personality>): Personality {
  return {
    multiMember: false,
    issuesClientCertificates: false,
    admit: () => undefined,
    refusal: () => undefined,
    columns: () => ({}),
    admin: () => ({}),
    ...p,
  };
}
