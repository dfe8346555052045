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
  FaultSeverity,
  FaultType,
  FaultTypes,
  ClusterFault,
  ListClusterFaultsParams,
  ClusterEvent,
  ListEventsFilter,
  ClusterConstants,
} from './model.js';
export { openMaster, DEFAULT_SHAMIR_THRESHOLD } from './open-master.js';
export { createEarMachine, retryDelayMs, RETRY_FIRST_MS, RETRY_MAX_MS } from './ear/ear.machine.js';
export type { EarSteps, EarMachine, EarMachineInput, EarMachineContext, EarMachineEvent } from './ear/ear.machine.js';
export type { EarStep } from './db/layout.js';
export { ASYNC_RESULT_TYPES } from './service/async-results.js';
export type { MasterOptions } from './open-master.js';
export type { MasterActivity, ShareActivity } from './nodes/master-activity.js';
export type { KmipSettings } from './kmip/contact.js';
export type { ClusterIdentityOptions } from './service/cluster-info.js';
export { DEFAULT_ORGANIZATIONAL_UNIT } from './service/key-pair.js';
export { DEFAULT_KMIP_PORT } from './service/endpoint.js';
export { authenticationKeyName } from './kmip/operations.js';
export { createElementLogs, MASTER_INFO_LOG, MASTER_ERROR_LOG, KMIP_INFO_LOG } from './logs/element-logs.js';
export { KMIP_CMD_FLAGS, KMIP_TRACE_COMPONENT } from './kmip/kmip-trace.js';
export { EVENT_TYPES } from './events/event-log.js';
export type { EventType } from './events/event-log.js';
export { FAULT_EVALUATION_INTERVAL_MS } from './faults/fault-evaluator.js';
export {
  CERTIFICATE_WARNING_DAYS,
  CERTIFICATE_ERROR_DAYS,
  CERTIFICATE_CRITICAL_DAYS,
  KMIP_CERTIFICATE_FAULT,
} from './faults/certificate-faults.js';
export { KMIP_SERVER_FAULT } from './faults/key-server-faults.js';
export { DRIVE_FAILED_FAULT } from './faults/drive-faults.js';
export { SLICE_SERVICE_UNHEALTHY, METADATA_LOCK_GRACE_MS, SLICE_RECOVERY_MS } from './faults/slice-faults.js';
export { NODE_PROBE_TIMEOUT_MS } from './faults/key-server-probes.js';
export { DEFAULT_CONSTANTS } from './service/constants.js';
export type { ElementLogs, ElementLogsOptions } from './logs/element-logs.js';
export { CLUSTER_DB_FILE, CLUSTER_DB_SCHEMA_VERSION, ClusterDbError } from './db/database.js';
export { DB_PATHS } from './db/layout.js';
