export { startKeyServer } from './server/start.js';
export type { KeyServer, KeyServerOptions, KeyServerTls } from './server/start.js';
export { KeyServerError, KeyServerErrorCode } from './errors.js';
export { VENDOR_IDENTIFICATION } from './operations/query.js';
export { STORE_FILE, SCHEMA_VERSION } from './store/database.js';
