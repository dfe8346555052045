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
} from './model.js';
export { openMaster } from './open-master.js';
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
