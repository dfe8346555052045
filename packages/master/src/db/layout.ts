/**
 * Where the master keeps what, in the cluster database. Paths follow Element's ZooKeeper layout
 * where TR-4843 names it (`/keymanagement/keypairs/default`, §10.4); the rest sit beside it.
 * Each record is JSON; fields are never renamed (add new optional ones instead, or migrate).
 */
import type { ClusterConstants, ClusterFault, KeyPairSubject } from '../model.js';

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
  /** The master's X25519 box key pair (wire sealed boxes); the private half never leaves this record. */
  masterBoxKey: '/cluster/boxkeypair',
  /** Storage nodes, by nodeID (the node says its ID when it joins). */
  nodes: '/nodes',
  /** Cluster drives, by driveID (assigned here, increasing, never reused). */
  drives: '/drives',
  driveIds: '/ids/drive',
  /** Element's async results (AddDrives, RemoveDrives, SecureEraseDrives), by handle. */
  asyncResults: '/asyncresults',
  asyncResultIds: '/ids/asyncresult',
  /** Cluster faults, by clusterFaultID (current and resolved, until ClearClusterFaults). */
  faults: '/faults',
  faultIds: '/ids/fault',
  /** GetConstants / SetConstants. */
  constants: '/cluster/constants',
} as const;

export const keyServerPath = (id: number): string => `${DB_PATHS.keyServers}/${id}`;
export const keyProviderPath = (id: number): string => `${DB_PATHS.keyProviders}/${id}`;
export const nodePath = (id: number): string => `${DB_PATHS.nodes}/${id}`;
export const drivePath = (id: number): string => `${DB_PATHS.drives}/${id}`;
export const asyncResultPath = (id: number): string => `${DB_PATHS.asyncResults}/${id}`;
export const faultPath = (id: number): string => `${DB_PATHS.faults}/${id}`;

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

/** The master's sealed-box identity (`master`); the private key is PKCS#8 DER base64. */
export interface MasterBoxKeyRecord {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** A storage node, registered at its first join; addresses and names are fabricated from its ID. */
export interface NodeRecord {
  readonly nodeID: number;
  readonly name: string;
  readonly uuid: string;
  /** Its X25519 sealed-box key (base64), as it said in its last join. */
  readonly publicKey: string;
  readonly mip: string;
  readonly sip: string;
  readonly cip: string;
  readonly createdTime: string;
}

export type DriveRecordStatus = 'available' | 'active' | 'erasing';

/** A cluster drive: which node and serial it is, and its place in the cluster. */
export interface DriveRecord {
  readonly driveID: number;
  readonly nodeID: number;
  readonly serial: string;
  readonly slot: number;
  readonly capacity: number;
  readonly status: DriveRecordStatus;
  readonly type: 'volume' | 'block';
  /** ListDriveHardware's `uuid`. */
  readonly uuid: string;
}

/** One async result (GetAsyncResult / ListAsyncResults). */
export interface AsyncResultRecord {
  readonly asyncResultID: number;
  readonly resultType: string;
  readonly status: 'running' | 'complete';
  readonly createTime: string;
  readonly lastUpdateTime: string;
  /** ListAsyncResults' `data`: what the operation was asked to do. */
  readonly data: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly name: string; readonly message: string };
}

/** Version of `/encryption/ear`'s record. Version 1 (no `version` field) had no generations or transitions. */
export const EAR_RECORD_VERSION = 2;

/** The key a transition moves the drives to: a new generation, internal (Shamir) or external (KMIP). */
export type EarTarget =
  | { readonly generation: number; readonly mode: 'internal'; readonly threshold: number }
  | {
      readonly generation: number;
      readonly mode: 'external';
      readonly keyProviderID: number;
      readonly keyID: string;
      readonly kmipUniqueIdentifier: string;
      readonly keyServerID: number;
    };

export type EarStep = 'distribute' | 'apply' | 'commit';

/** An EAR change in progress; the EAR machine resumes it at `step` after a restart. */
export interface EarTransition {
  readonly kind: 'enable' | 'convert' | 'disable';
  /** null: back to the factory MSID (disable). */
  readonly target: EarTarget | null;
  readonly step: EarStep;
  /** The nodes that hold the target's records (set when distribute ends; every node for disable). */
  readonly members: readonly number[];
  /** When the call started it (the new key's creation time). */
  readonly startedTime: string;
}

/** What the cluster's drives are keyed with, once committed. */
export type EarKeys =
  | { readonly state: 'disabled' }
  | { readonly state: 'enabled'; readonly keyManagementType: 'internal'; readonly generation: number; readonly threshold: number; readonly keyCreatedTime: string }
  | {
      readonly state: 'enabled';
      readonly keyManagementType: 'external';
      readonly generation: number;
      readonly keyProviderID: number;
      /** Element's key ID (a UUID), carried on the KMIP object as its Name `x-SolidFire-KeyID-<keyID>`. */
      readonly keyID: string;
      /** The KMIP Unique Identifier the key server gave the AK, and which of the provider's servers. */
      readonly kmipUniqueIdentifier: string;
      readonly keyServerID: number;
      readonly keyCreatedTime: string;
    };

/**
 * The cluster-level EAR record: the committed keys, the next generation number, and the
 * transition in progress if any (`enabling`/`disabling` to the API).
 */
export type EarRecord = EarKeys & {
  readonly version: typeof EAR_RECORD_VERSION;
  readonly nextGeneration: number;
  readonly transition: EarTransition | null;
};

/**
 * A cluster fault: Element's fields plus `cause`, which names what it is about
 * (`kmipServerFault/1/connection`, `driveFailed/7`, …) so an evaluation finds the fault it raised
 * before. A resolved fault is never raised again; its cause gets a new fault.
 */
export type FaultRecord = Omit<ClusterFault, 'driveID' | 'nodeHardwareFaultID' | 'externalSource' | 'networkInterface'> & {
  readonly cause: string;
  /** The master's clock when a recovery began (sliceServiceUnhealthy: drives re-added); internal. */
  readonly recoveringSince?: number;
};

export type ConstantsRecord = ClusterConstants;
