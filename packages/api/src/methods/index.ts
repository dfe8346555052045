/** The method tables of the two endpoints, in the order the docs list them. */
import type { ApiMethod } from '../method.js';
import { getApi, getClusterInfo } from './cluster.js';
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
import { listSimKeyServers, signClientCertificate } from './sim.js';

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
];

/** `POST /sim/json-rpc/1.0`. */
export const SIM_METHODS: readonly ApiMethod[] = [listSimKeyServers, signClientCertificate];
