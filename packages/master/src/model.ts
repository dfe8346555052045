/** The Element objects the master keeps and the API returns, with their wire field names. */
import type { DistinguishedName } from '@ekmsim/pki';

/** KeyServerKmip (Element API reference; wrappers `kmipKeyServer` / `kmipKeyServers`). */
export interface KeyServerKmip {
  readonly keyServerID: number;
  readonly kmipKeyServerName: string;
  readonly kmipKeyServerHostnames: readonly string[];
  readonly kmipKeyServerPort: number;
  readonly kmipCaCertificate: string;
  readonly kmipClientCertificate: string;
  readonly keyProviderID: number | null;
  readonly kmipAssignedProviderIsActive: boolean | null;
}

/** KeyProviderKmip (wrappers `kmipKeyProvider` / `kmipKeyProviders`). */
export interface KeyProviderKmip {
  readonly keyProviderID: number;
  readonly keyProviderName: string;
  readonly keyProviderIsActive: boolean;
  readonly keyServerIDs: readonly number[];
  readonly kmipCapabilities: string;
}

/** Subject of the cluster's TLS client key pair (CreatePublicPrivateKeyPair's parameters). */
export type KeyPairSubject = DistinguishedName;

export type EncryptionAtRestState = 'disabled' | 'enabling' | 'enabled' | 'disabling';

/** GetClusterInfo's `clusterInfo`. */
export interface ClusterInfo {
  readonly attributes: Record<string, never>;
  readonly defaultProtectionScheme: 'doubleHelix';
  readonly enabledProtectionSchemes: readonly string[];
  readonly supportedProtectionSchemes: readonly string[];
  readonly encryptionAtRestState: EncryptionAtRestState;
  readonly softwareEncryptionAtRestState: 'disabled' | 'enabled';
  readonly ensemble: readonly string[];
  readonly mvip: string;
  readonly mvipInterface: string;
  readonly mvipNodeID: number;
  readonly mvipVlanTag: string;
  readonly name: string;
  readonly repCount: number;
  readonly svip: string;
  readonly svipInterface: string;
  readonly svipNodeID: number;
  readonly svipVlanTag: string;
  readonly uniqueID: string;
  readonly uuid: string;
}

/** EncryptionKeyInfo (GetEncryptionAtRestInfo's `authenticationKeyInfo`). */
export interface EncryptionKeyInfo {
  readonly keyManagementType: 'internal' | 'external';
  readonly keyProviderID?: number;
  readonly keyID?: string;
  readonly keyCreatedTime?: string;
}

export interface EncryptionAtRestInfo {
  readonly state: EncryptionAtRestState;
  readonly authenticationKeyInfo?: EncryptionKeyInfo;
}

export interface CreateKeyServerParams {
  readonly kmipCaCertificate: string;
  readonly kmipClientCertificate: string;
  readonly kmipKeyServerHostnames: readonly string[];
  readonly kmipKeyServerName: string;
  readonly kmipKeyServerPort?: number;
}

export interface ModifyKeyServerParams {
  readonly keyServerID: number;
  readonly kmipCaCertificate?: string;
  readonly kmipClientCertificate?: string;
  readonly kmipKeyServerHostnames?: readonly string[];
  readonly kmipKeyServerName?: string;
  readonly kmipKeyServerPort?: number;
}

export interface ListKeyServersFilter {
  readonly keyProviderID?: number;
  readonly kmipAssignedProviderIsActive?: boolean;
  readonly kmipHasProviderAssigned?: boolean;
}

export interface ListKeyProvidersFilter {
  readonly keyProviderIsActive?: boolean;
  readonly kmipKeyProviderHasServerAssigned?: boolean;
}

/**
 * What the cluster master offers the API layer. Every method either succeeds or throws an
 * ElementApiError with the exception name the real cluster uses; any other throw is a bug.
 * Methods that change state commit to the cluster database before they resolve.
 */
export interface Master {
  getClusterInfo(): ClusterInfo;
  createPublicPrivateKeyPair(subject: KeyPairSubject): Promise<void>;
  getClientCertificateSignRequest(): string;
  createKeyServerKmip(params: CreateKeyServerParams): Promise<KeyServerKmip>;
  modifyKeyServerKmip(params: ModifyKeyServerParams): Promise<KeyServerKmip>;
  deleteKeyServerKmip(keyServerID: number): Promise<void>;
  getKeyServerKmip(keyServerID: number): KeyServerKmip;
  listKeyServersKmip(filter: ListKeyServersFilter): KeyServerKmip[];
  testKeyServerKmip(keyServerID: number): Promise<void>;
  createKeyProviderKmip(keyProviderName: string): Promise<KeyProviderKmip>;
  deleteKeyProviderKmip(keyProviderID: number): Promise<void>;
  addKeyServerToProviderKmip(keyProviderID: number, keyServerID: number): Promise<void>;
  removeKeyServerFromProviderKmip(keyServerID: number): Promise<void>;
  getKeyProviderKmip(keyProviderID: number): KeyProviderKmip;
  listKeyProvidersKmip(filter: ListKeyProvidersFilter): KeyProviderKmip[];
  testKeyProviderKmip(keyProviderID: number): Promise<void>;
  /** Without a provider: internal keys. With one: the AK is created on its key server. */
  enableEncryptionAtRest(params: { readonly keyProviderID?: number }): Promise<void>;
  disableEncryptionAtRest(): Promise<void>;
  getEncryptionAtRestInfo(): EncryptionAtRestInfo;
  close(): Promise<void>;
}
