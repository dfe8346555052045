export { startSimulation, DEFAULT_CLUSTER } from './simulation.js';
export type { Simulation, SimulationOptions, ClusterSpec } from './simulation.js';
export { KEY_SERVER_VENDORS, KEY_SERVER_HOSTNAMES } from './key-server-site.js';
export type { KeyServerSpec, KeyServerVendor } from './key-server-site.js';
export { simControl } from './sim-control.js';
export type { SimControlParts } from './sim-control.js';
