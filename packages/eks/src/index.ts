export { startKeyServer } from './server/start.js';
export type { KeyServer, KeyServerOptions, KeyServerTls } from './server/start.js';
export type { MemberAddress } from './server/member.js';
export { VENDOR_NAMES, isVendorName } from './vendors/names.js';
export type { VendorName } from './vendors/names.js';
export { KEYSECURE_OPERATIONS, KEYSECURE_OBJECT_TYPES } from './vendors/keysecure.js';
export { SKLM_UNTRUSTED_MESSAGE, SKLM_DEVICE_GROUP } from './vendors/sklm.js';
export type {
  KeyServerAdmin,
  KeyServerStatus,
  MemberStatus,
  MemberArgs,
  ObjectListing,
  CertificateSelector,
  CertificateListing,
  RevocationListing,
  CertificatesReport,
  SourceAllowList,
  LocalUsers,
  ImportCertificateArgs,
  ClientBundleArgs,
  ClientBundle,
  VendorAdminMethod,
} from './admin/admin-api.js';
export { VENDOR_ADMIN_METHODS } from './admin/admin-api.js';
export { KeyServerError, KeyServerErrorCode, KeyServerAdminError, KeyServerAdminErrorCode } from './errors.js';
export { VENDOR_IDENTIFICATION } from './operations/query.js';
export { STORE_FILE, SCHEMA_VERSION } from './store/database.js';
