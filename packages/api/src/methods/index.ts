/** The method tables of the two endpoints, in the order the docs list them. */
import type { ApiMethod } from '../method.js';
import { getAsyncResult, listAsyncResults } from './async-results.js';
import { getApi, getClusterInfo } from './cluster.js';
import { addDrives, listDriveHardware, listDrives, removeDrives, secureEraseDrives } from './drives.js';
import { disableEncryptionAtRest, enableEncryptionAtRest, getEncryptionAtRestInfo } from './encryption-at-rest.js';
import { createPublicPrivateKeyPair, getClientCertificateSignRequest } from './key-pair.js';
import {
  addKeyServerToProviderKmip,
  createKeyProviderKmip,
  deleteKeyProviderKmip,
  getKeyProviderKmip,
  listKeyProvidersKmip,
  removeKeyServerFromProviderKmip,
  testKeyProviderKmip,
} from './key-providers.js';
import {
  createKeyServerKmip,
  deleteKeyServerKmip,
  getKeyServerKmip,
  listKeyServersKmip,
  modifyKeyServerKmip,
  testKeyServerKmip,
} from './key-servers.js';
import { getConstants, setConstants } from './constants.js';
import { listEvents } from './events.js';
import { clearClusterFaults, listClusterFaults } from './faults.js';
import { listActiveNodes, listAllNodes } from './nodes.js';
import { listSimActivity } from './sim-activity.js';
import { advanceClock, getClock, pauseClock, resumeClock } from './sim-clock.js';
import { listNetworkFaults, setNetworkFault } from './sim-network.js';
import { readBlocks, readRawMedia, writeBlocks } from './sim-host-io.js';
import { getNodeState, powerCycleCluster, powerCycleNode, powerOffNode, powerOnNode } from './sim-nodes.js';
import { getTheftReport, stealCluster, stealDrive, stealNode } from './sim-theft.js';
import { listSimKeyServers, signClientCertificate, signThirdPartyCertificate, simKeyServerAdmin } from './sim.js';

/** `POST /json-rpc/<version>`. */
export const ELEMENT_METHODS: readonly ApiMethod[] = [
  getApi,
  getClusterInfo,
  createPublicPrivateKeyPair,
  getClientCertificateSignRequest,
  createKeyServerKmip,
  modifyKeyServerKmip,
  deleteKeyServerKmip,
  getKeyServerKmip,
  listKeyServersKmip,
  testKeyServerKmip,
  createKeyProviderKmip,
  deleteKeyProviderKmip,
  addKeyServerToProviderKmip,
  removeKeyServerFromProviderKmip,
  getKeyProviderKmip,
  listKeyProvidersKmip,
  testKeyProviderKmip,
  enableEncryptionAtRest,
  disableEncryptionAtRest,
  getEncryptionAtRestInfo,
  listDrives,
  addDrives,
  removeDrives,
  secureEraseDrives,
  listDriveHardware,
  getAsyncResult,
  listAsyncResults,
  listActiveNodes,
  listAllNodes,
  listClusterFaults,
  clearClusterFaults,
  listEvents,
  getConstants,
  setConstants,
];

/** `POST /sim/json-rpc/1.0`. */
export const SIM_METHODS: readonly ApiMethod[] = [
  listSimKeyServers,
  signClientCertificate,
  signThirdPartyCertificate,
  simKeyServerAdmin,
  powerOffNode,
  powerOnNode,
  powerCycleNode,
  powerCycleCluster,
  getNodeState,
  writeBlocks,
  readBlocks,
  readRawMedia,
  advanceClock,
  getClock,
  pauseClock,
  resumeClock,
  setNetworkFault,
  listNetworkFaults,
  stealDrive,
  stealNode,
  stealCluster,
  getTheftReport,
  listSimActivity,
];
