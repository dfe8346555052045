export { openDurableSqlite, DurableSqliteError } from './open.js';
export type { DurableSqliteOptions } from './open.js';
