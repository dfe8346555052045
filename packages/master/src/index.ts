export { ElementApiError, ElementErrorName } from './element-error.js';
export type {
  KeyServerKmip,
  KeyProviderKmip,
  KeyPairSubject,
  EncryptionAtRestState,
  ClusterInfo,
  EncryptionKeyInfo,
  EncryptionAtRestInfo,
  CreateKeyServerParams,
  ModifyKeyServerParams,
  ListKeyServersFilter,
  ListKeyProvidersFilter,
  Master,
  DriveStatusName,
  DriveInfo,
  DriveHardwareInfo,
  ClusterDriveHardware,
  NodeInfo,
  AsyncResultView,
  AsyncResultSummary,
  SimNodeView,
  NodeFabric,
} from './model.js';
export { openMaster, DEFAULT_SHAMIR_THRESHOLD } from './open-master.js';
export { createEarMachine, retryDelayMs, RETRY_FIRST_MS, RETRY_MAX_MS } from './ear/ear.machine.js';
export type { EarSteps, EarMachine, EarMachineInput, EarMachineContext, EarMachineEvent } from './ear/ear.machine.js';
export type { EarStep } from './db/layout.js';
export { ASYNC_RESULT_TYPES } from './service/async-results.js';
export type { MasterOptions } from './open-master.js';
export type { KmipSettings } from './kmip/contact.js';
export type { ClusterIdentityOptions } from './service/cluster-info.js';
export { DEFAULT_ORGANIZATIONAL_UNIT } from './service/key-pair.js';
export { DEFAULT_KMIP_PORT } from './service/endpoint.js';
export { authenticationKeyName } from './kmip/operations.js';
export { createElementLogs, MASTER_INFO_LOG, MASTER_ERROR_LOG } from './logs/element-logs.js';
export type { ElementLogs, ElementLogsOptions } from './logs/element-logs.js';
export { CLUSTER_DB_FILE, CLUSTER_DB_SCHEMA_VERSION, ClusterDbError } from './db/database.js';
export { DB_PATHS } from './db/layout.js';
