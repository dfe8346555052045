/** The Element objects the master keeps and the API returns, with their wire field names. */
import type { ClockReading } from '@ekmsim/core';
import type { DistinguishedName } from '@ekmsim/pki';
import type { Channel, MASTER_TO_NODE, NodeState, Params, Result } from '@ekmsim/wire';

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

/** ListDrives' drive status values. */
export type DriveStatusName = 'available' | 'active' | 'erasing' | 'failed' | 'removing';

/** ListDrives' drive object (SDK `DriveInfo`). */
export interface DriveInfo {
  readonly driveID: number;
  readonly nodeID: number;
  readonly status: DriveStatusName;
  readonly type: 'volume' | 'block' | 'unknown';
  readonly capacity: number;
  readonly usableCapacity: number;
  readonly segmentFileSize: number;
  readonly serial: string;
  readonly slot: number;
  readonly chassisSlot: string;
  readonly attributes: Record<string, never>;
  readonly driveFailureDetail?: string;
  /** `none` when no EAR failure. */
  readonly driveSecurityFaultReason: string;
  /** With external keys: the provider and key (a UUID) the drive's PIN comes from. */
  readonly keyProviderID?: number;
  readonly keyID?: string;
}

/** One drive of ListDriveHardware (the fields EAR needs and the SDK parses). */
export interface DriveHardwareInfo {
  readonly driveID: number;
  readonly nodeID: number;
  readonly slot: number;
  readonly serial: string;
  readonly product: string;
  readonly vendor: string;
  readonly version: string;
  readonly size: number;
  readonly name: string;
  readonly path: string;
  readonly uuid: string;
  readonly securitySupported: boolean;
  readonly securityEnabled: boolean;
  readonly securityLocked: boolean;
  readonly securityFrozen: boolean;
  readonly securityAtMaximum: boolean;
  readonly driveEncryptionCapability: 'fips' | 'sed' | 'none';
  readonly driveType: 'Block' | 'Slice';
}

/** ListDriveHardware (cluster form, `force: true`). */
export interface ClusterDriveHardware {
  readonly nodes: readonly { readonly nodeID: number; readonly result: { readonly driveHardware: readonly DriveHardwareInfo[] } }[];
}

/** ListActiveNodes / ListAllNodes node object. */
export interface NodeInfo {
  readonly nodeID: number;
  readonly name: string;
  readonly associatedMasterServiceID: number;
  readonly associatedFServiceID: number;
  readonly fibreChannelTargetPortGroup: null;
  readonly attributes: Record<string, never>;
  readonly chassisName: string;
  readonly customProtectionDomainName: string;
  readonly nodeSlot: string;
  readonly maintenanceMode: 'Disabled';
  readonly mip: string;
  readonly mipi: string;
  readonly sip: string;
  readonly sipi: string;
  readonly cip: string;
  readonly cipi: string;
  readonly platformInfo: {
    readonly chassisType: string;
    readonly cpuModel: string;
    readonly nodeMemoryGB: number;
    readonly nodeType: string;
    readonly platformConfigVersion: string;
  };
  readonly role: 'Storage';
  readonly softwareVersion: string;
  readonly uuid: string;
  readonly virtualNetworks: readonly never[];
}

/** GetAsyncResult's result (`result` on success, `error` on failure, `details` while running). */
export interface AsyncResultView {
  readonly status: 'running' | 'complete';
  readonly resultType: string;
  readonly createTime: string;
  readonly lastUpdateTime: string;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string; readonly name: string };
  readonly details?: Record<string, unknown>;
}

/** ListAsyncResults' entries. */
export interface AsyncResultSummary {
  readonly asyncResultID: number;
  readonly completed: boolean;
  readonly success: boolean;
  readonly resultType: string;
  readonly createTime: string;
  readonly lastUpdateTime: string;
  readonly data: Record<string, unknown>;
}

/** ListClusterFaults' `severity`. */
export type FaultSeverity = 'warning' | 'error' | 'critical' | 'bestPractice';

/** ListClusterFaults' `type`: what the fault is about. */
export type FaultType = 'node' | 'drive' | 'cluster' | 'service' | 'volume';

/** ListClusterFaults' and ClearClusterFaults' `faultTypes`: unresolved, resolved, or both. */
export type FaultTypes = 'current' | 'resolved' | 'all';

/** A cluster fault (ListClusterFaults), Element's fields; IDs that do not apply are 0, lists []. */
export interface ClusterFault {
  readonly clusterFaultID: number;
  readonly code: string;
  readonly severity: FaultSeverity;
  readonly type: FaultType;
  readonly details: string;
  /** Fault-specific facts, or null. */
  readonly data: Readonly<Record<string, unknown>> | null;
  /** When it was detected (ISO 8601, microseconds). */
  readonly date: string;
  readonly resolved: boolean;
  /** `""` while unresolved. */
  readonly resolvedDate: string;
  readonly nodeID: number;
  /** The first of driveIDs, or 0. */
  readonly driveID: number;
  readonly driveIDs: readonly number[];
  readonly serviceID: number;
  readonly nodeHardwareFaultID: number;
  readonly externalSource: string;
  readonly networkInterface: string;
}

export interface ListClusterFaultsParams {
  /** Include faults of severity `bestPractice` (default: not). */
  readonly bestPractices?: boolean;
  /** Default `all`, as Element's. */
  readonly faultTypes?: FaultTypes;
}

/** An event (ListEvents): Element's fields. */
export interface ClusterEvent {
  readonly eventID: number;
  readonly eventInfoType: string;
  readonly message: string;
  /** Extra facts (never a secret), or `""`. */
  readonly details: Readonly<Record<string, unknown>> | '';
  readonly nodeID: number;
  readonly serviceID: number;
  /** The first of driveIDs, or 0. */
  readonly driveID: number;
  readonly driveIDs: readonly number[];
  /** Always 0, as on Element. */
  readonly severity: number;
  readonly timeOfReport: string;
  readonly timeOfPublish: string;
}

/** ListEvents' filters; every given one must hold. Times are ISO 8601 strings. */
export interface ListEventsFilter {
  readonly maxEvents?: number;
  readonly startEventID?: number;
  readonly endEventID?: number;
  readonly eventType?: string;
  readonly serviceID?: number;
  readonly nodeID?: number;
  readonly driveID?: number;
  readonly startReportTime?: string;
  readonly endReportTime?: string;
  readonly startPublishTime?: string;
  readonly endPublishTime?: string;
}

/** The cluster's tunable constants (GetConstants / SetConstants). */
export interface ClusterConstants {
  /** Cryptsoft KMIP command flags (TR-4843 §10.3): 161 = LOG | DEBUG | VERBOSE writes sf-kmip.info. */
  readonly cKmipCmdExtraFlags: number;
}

/** A node as the simulator sees it: online or not, and what it last reported. */
export interface SimNodeView {
  readonly nodeID: number;
  readonly online: boolean;
  /** Last state the node reported (null until it first joins). Never holds a share or key. */
  readonly state: NodeState | null;
}

/**
 * The master's side of its storage nodes: the simulation hands it each node's channel (a worker
 * port or a WebSocket) and routes the simulator's host I/O through it.
 */
export interface NodeFabric {
  /** Runs the master–node protocol over `channel` until it closes (the node says who it is in `join`). */
  accept(channel: Channel, options?: { readonly tap?: (direction: 'in' | 'out', text: string) => void }): void;
  /** Every node of the cluster (joined at least once), online or not. */
  listNodes(): SimNodeView[];
  /** Calls an online node; ElementApiError `xSimNodeOffline`/`xSimNodeDoesNotExist` otherwise. */
  call<M extends keyof typeof MASTER_TO_NODE>(nodeID: number, method: M, params: Params<typeof MASTER_TO_NODE, M>): Promise<Result<typeof MASTER_TO_NODE, M>>;
  /** The node and serial of a cluster drive ID; ElementApiError `xDriveIDDoesNotExist` when unknown. */
  locateDrive(driveID: number): { readonly nodeID: number; readonly serial: string };
  /** Resolves once every known node is online and has reported phase `ready` (tests, benchmarks). */
  whenAllReady(): Promise<void>;
  /** Tells every online node the simulation clock's new reading (the `clock` event): after a jump, a pause or a resume. */
  broadcastClock(reading: ClockReading): void;
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
  listDrives(): DriveInfo[];
  /** Available drives become active (objects or plain IDs, as real clusters accept). */
  addDrives(drives: readonly { readonly driveID: number; readonly type?: string }[]): Promise<{ asyncHandle: number }>;
  removeDrives(driveIDs: readonly number[]): Promise<{ asyncHandle: number }>;
  /** Available drives only; `erasing` meanwhile; a new media key on each. */
  secureEraseDrives(driveIDs: readonly number[]): Promise<{ asyncHandle: number }>;
  /** Without keepResult, a completed result is purged on read. */
  getAsyncResult(asyncHandle: number, keepResult: boolean): Promise<AsyncResultView>;
  listAsyncResults(asyncResultTypes?: readonly string[]): AsyncResultSummary[];
  listDriveHardware(): ClusterDriveHardware;
  listActiveNodes(): NodeInfo[];
  listAllNodes(): { nodes: NodeInfo[]; pendingNodes: never[]; pendingActiveNodes: never[] };
  /** Faults as the last evaluation left them (evaluated every 30 s of the master's clock). */
  listClusterFaults(params: ListClusterFaultsParams): ClusterFault[];
  /** Forgets faults of the given kind (a cleared fault whose cause remains comes back, with a new ID). */
  clearClusterFaults(faultTypes: FaultTypes): Promise<void>;
  /** Oldest first; `maxEvents` keeps the first ones. Unknown eventType or a bad time: xInvalidParameter. */
  listEvents(filter: ListEventsFilter): ClusterEvent[];
  getConstants(): ClusterConstants;
  /** Sets the named constants (unknown names or bad values: xInvalidParameter, nothing changes); returns them all. */
  setConstants(values: Readonly<Record<string, unknown>>): Promise<ClusterConstants>;
  /**
   * Evaluates the cluster faults now (key servers probed from the master and every online node)
   * and resolves when the faults are recorded. The simulator's and tests' hook; not an Element method.
   */
  evaluateClusterFaults(): Promise<void>;
  /** Resolves once no fault evaluation is running or due to run (the simulator's AdvanceClock waits on it). */
  clusterFaultsSettled(): Promise<void>;
  /** The storage nodes (simulation wiring and the simulator's control API; not an Element method). */
  readonly nodes: NodeFabric;
  /**
   * Writes a consistent copy of the cluster database into `dataDir` (empty or new), where
   * another master can open it: the simulator's theft of a whole cluster. Not an Element method.
   */
  copyDatabaseTo(dataDir: string): Promise<void>;
  close(): Promise<void>;
}
