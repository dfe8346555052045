/**
 * Where the master keeps what, in the cluster database. Paths follow Element's ZooKeeper layout
 * where TR-4843 names it (`/keymanagement/keypairs/default`, §10.4); the rest sit beside it.
 * Each record is JSON; fields are never renamed (add new optional ones instead, or migrate).
 */
import type { KeyPairSubject } from '../model.js';

export const DB_PATHS = {
  clusterInfo: '/cluster/info',
  /** The cluster's TLS client key pair (TR-4843 §10.4 `DBPaths::KeyPairDefault`). */
  keyPair: '/keymanagement/keypairs/default',
  keyServers: '/keymanagement/keyservers',
  keyProviders: '/keymanagement/keyproviders',
  /** Id counters: `{ next }`; ids are never reused, even after a delete. */
  keyServerIds: '/keymanagement/ids/keyserver',
  keyProviderIds: '/keymanagement/ids/keyprovider',
  ear: '/encryption/ear',
} as const;

export const keyServerPath = (id: number): string => `${DB_PATHS.keyServers}/${id}`;
export const keyProviderPath = (id: number): string => `${DB_PATHS.keyProviders}/${id}`;

/** The cluster's identity, made once at the first open. */
export interface ClusterIdentityRecord {
  readonly name: string;
  readonly uuid: string;
  readonly uniqueID: string;
  readonly mvip: string;
  readonly svip: string;
  readonly createdTime: string;
}

/** The private key lives here and nowhere else: never logged, returned or quoted in an error. */
export interface KeyPairRecord {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly subject: KeyPairSubject;
  readonly createdTime: string;
}

export interface KeyServerRecord {
  readonly keyServerID: number;
  readonly kmipKeyServerName: string;
  readonly kmipKeyServerHostnames: readonly string[];
  readonly kmipKeyServerPort: number;
  readonly kmipCaCertificate: string;
  readonly kmipClientCertificate: string;
}

/** The assignment of servers lives here only (`keyServerIDs`, in the order they were added). */
export interface KeyProviderRecord {
  readonly keyProviderID: number;
  readonly keyProviderName: string;
  readonly keyProviderIsActive: boolean;
  readonly keyServerIDs: readonly number[];
  readonly kmipCapabilities: string;
}

export interface IdCounterRecord {
  readonly next: number;
}

/** The cluster-level EAR state; `enabling`/`disabling` exist only in memory while a call runs. */
export type EarRecord =
  | { readonly state: 'disabled' }
  | { readonly state: 'enabled'; readonly keyManagementType: 'internal'; readonly keyCreatedTime: string }
  | {
      readonly state: 'enabled';
      readonly keyManagementType: 'external';
      readonly keyProviderID: number;
      /** Element's key ID (a UUID), carried on the KMIP object as its Name `x-SolidFire-KeyID-<keyID>`. */
      readonly keyID: string;
      /** The KMIP Unique Identifier the key server gave the AK, and which of the provider's servers. */
      readonly kmipUniqueIdentifier: string;
      readonly keyServerID: number;
      readonly keyCreatedTime: string;
    };
