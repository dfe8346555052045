/**
 * The key server's administrator surface: what the vendor's web UI or CLI lets an administrator
 * do, as one TypeScript object (`server.admin`). Arguments are single JSON objects and results
 * are JSON values, so a control API or a CLI can pass them straight through. Every method checks
 * its arguments and throws a KeyServerAdminError (INVALID_ARGUMENT, NOT_FOUND, CONFLICT,
 * NOT_SUPPORTED, LISTEN, CLOSED) that changes nothing; a method of another vendor's feature
 * throws NOT_SUPPORTED. Settings, users, hosts, certificates and revocations are durable.
 */
import type { VendorName } from '../vendors/names.js';

export interface MemberStatus {
  /** 0 for the server's own host:port, then the additional members in order. */
  readonly index: number;
  readonly host: string;
  readonly port: number;
  readonly listening: boolean;
}

export interface KeyServerStatus {
  readonly vendor: VendorName;
  readonly members: readonly MemberStatus[];
  /** Managed objects in the store, of every client. */
  readonly objects: number;
  readonly settings: {
    readonly localUsers: readonly string[];
    readonly userForOuRequired: boolean;
    readonly kmipLicensed: boolean;
    readonly hosts: readonly string[];
    readonly sourceAllowList: readonly string[] | null;
  };
  /** The admin methods this vendor supports. */
  readonly operations: readonly string[];
}

export interface MemberArgs {
  /** A member's index (see MemberStatus); every member when left out. */
  readonly member?: number;
}

export interface ObjectListing {
  /** The KMIP Unique Identifier. */
  readonly uid: string;
  /** Object Type by its KMIP name (`SymmetricKey`). */
  readonly objectType: string;
  /** The first Name attribute's value, or null. */
  readonly name: string | null;
  /** State by its KMIP name (`PreActive`, `Active`, …); null for a KMIP 1.x Template. */
  readonly state: string | null;
  /** The client certificate CN that made or registered it. */
  readonly owner: string;
  /** The vendor's own columns (SKLM: Device Group, UUID, …); empty for the others. */
  readonly columns: Readonly<Record<string, string>>;
}

/** One client certificate, chosen by its SHA-256 fingerprint or by its subject CN. */
export type CertificateSelector = { readonly fingerprint: string } | { readonly commonName: string };

export interface CertificateListing {
  /** SHA-256 of the DER, `AB:CD:…`. */
  readonly fingerprint: string;
  readonly commonName: string;
  /** pending / trusted (SKLM), imported (Vormetric). */
  readonly status: 'pending' | 'trusted' | 'imported';
  /** The Vormetric host it was imported for. */
  readonly host: string | null;
  /** ISO 8601, on the server's Clock. */
  readonly since: string;
  readonly certificatePem: string;
}

export interface RevocationListing {
  readonly by: 'fingerprint' | 'commonName';
  readonly value: string;
  /** ISO 8601, on the server's Clock. */
  readonly revokedAt: string;
}

export interface CertificatesReport {
  readonly certificates: readonly CertificateListing[];
  readonly revocations: readonly RevocationListing[];
}

export interface SourceAllowList {
  /** IPv4/IPv6 addresses and CIDR blocks; null lets every source in. */
  readonly sources: readonly string[] | null;
}

export interface LocalUsers {
  readonly users: readonly string[];
  /** Whether a client is served only when a local user is named like its certificate's OU. */
  readonly userForOuRequired: boolean;
}

export interface ImportCertificateArgs {
  /** The registered Vormetric host it belongs to. */
  readonly host: string;
  /** PEM text, or the DER bytes in base64. */
  readonly certificate: string;
  readonly format: 'pem' | 'der';
}

export interface ClientBundleArgs {
  readonly commonName: string;
  /** Element's default is SolidFire. */
  readonly organizationalUnit?: string;
  readonly organization?: string;
  /** Validity in days (default 365). */
  readonly days?: number;
}

/** A client certificate and its private key, and the CA certificate to trust the server with. */
export interface ClientBundle {
  readonly certPem: string;
  readonly keyPem: string;
  readonly caPem: string;
}

export interface KeyServerAdmin {
  readonly vendor: VendorName;

  // Every vendor
  status(): KeyServerStatus;
  /** Stops the KMIP listener (of one member, or all): the port is kept, live connections drop. */
  stop(args?: MemberArgs): Promise<readonly MemberStatus[]>;
  /** Listens again on the same port (one member, or all). */
  start(args?: MemberArgs): Promise<readonly MemberStatus[]>;
  /** Restarts the KMIP service: every connection drops, the store is closed and reopened from disk, the listeners come back. */
  restartService(): Promise<readonly MemberStatus[]>;
  listObjects(): readonly ObjectListing[];
  /** Removes a managed object (of any client) outright: a client then finds nothing under its uid. */
  deleteKey(args: { readonly uid: string }): ObjectListing;
  listCertificates(): CertificatesReport;
  /** Refuses every connection with this certificate (or any certificate with this CN) from now on; live ones drop. */
  revokeCertificate(args: CertificateSelector): RevocationListing;
  /** Lifts a revocation made by revokeCertificate with the same selector. */
  reinstateCertificate(args: CertificateSelector): RevocationListing;
  getSourceAllowList(): SourceAllowList;
  /** Only these sources may connect (others are closed before TLS); null lets every source in. Live connections from other sources drop. */
  setSourceAllowList(args: SourceAllowList): SourceAllowList;

  // Vendors that trust client certificates one by one (SKLM, Vormetric)
  /** Removes the certificate from the vendor's trust (SKLM: trusted or pending; Vormetric: imported). */
  untrustCertificate(args: CertificateSelector): readonly CertificateListing[];

  // SKLM
  /** "Accept and Trust" a pending client certificate. */
  acceptCertificate(args: CertificateSelector): readonly CertificateListing[];

  // KeySecure, KeySecure for Government
  listLocalUsers(): LocalUsers;
  addLocalUser(args: { readonly name: string }): LocalUsers;
  removeLocalUser(args: { readonly name: string }): LocalUsers;
  setUserForOuRequired(args: { readonly required: boolean }): LocalUsers;

  // KeySecure for Government
  setKmipLicense(args: { readonly licensed: boolean }): { readonly licensed: boolean };

  // Vormetric DSM
  listHosts(): { readonly hosts: readonly string[] };
  registerHost(args: { readonly host: string }): { readonly hosts: readonly string[] };
  /** Removes the host and the certificate imported for it. */
  unregisterHost(args: { readonly host: string }): { readonly hosts: readonly string[] };
  /** Imports the host's KMIP client certificate (replacing the one imported before). */
  importCertificate(args: ImportCertificateArgs): CertificateListing;

  // HyTrust KeyControl
  /** A client certificate and key signed by the KeyControl's CA, with that CA certificate. */
  issueClientBundle(args: ClientBundleArgs): Promise<ClientBundle>;
}

/** The methods only some vendors have. */
export type VendorAdminMethod =
  | 'untrustCertificate'
  | 'acceptCertificate'
  | 'listLocalUsers'
  | 'addLocalUser'
  | 'removeLocalUser'
  | 'setUserForOuRequired'
  | 'setKmipLicense'
  | 'listHosts'
  | 'registerHost'
  | 'unregisterHost'
  | 'importCertificate'
  | 'issueClientBundle';

export const VENDOR_ADMIN_METHODS: readonly VendorAdminMethod[] = [
  'untrustCertificate',
  'acceptCertificate',
  'listLocalUsers',
  'addLocalUser',
  'removeLocalUser',
  'setUserForOuRequired',
  'setKmipLicense',
  'listHosts',
  'registerHost',
  'unregisterHost',
  'importCertificate',
  'issueClientBundle',
];

export type VendorAdmin = Partial<Pick<KeyServerAdmin, VendorAdminMethod>>;
