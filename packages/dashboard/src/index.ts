export { startDashboard } from './dashboard.js';
export type { Dashboard, DashboardOptions } from './dashboard.js';
export { SPEEDS } from './playback.js';
export { POLL_MS } from './follower.js';
export type * from './protocol.js';
