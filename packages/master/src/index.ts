export { ElementApiError } from './element-error.js';
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
