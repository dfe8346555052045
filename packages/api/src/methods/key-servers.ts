/** KMIP key servers (KeyServerKmip): create, modify, delete, get, list, test. */
import type { LogFields } from '@ekmsim/core';
import { describeCertificates } from '../audit.js';
import { EMPTY_RESULT, defineMethod } from '../method.js';

const keyServerID = { name: 'keyServerID', type: 'integer', required: true, description: 'ID of the key server' } as const;
const UNKNOWN_SERVER = 'xKeyServerIDDoesNotExist';

/** Log fields for the parameters that describe a key server; certificates by subject and fingerprint. */
function describeServer(p: {
  readonly keyServerID?: number;
  readonly kmipKeyServerName?: string;
  readonly kmipKeyServerHostnames?: readonly string[];
  readonly kmipKeyServerPort?: number;
  readonly kmipCaCertificate?: string;
  readonly kmipClientCertificate?: string;
}): LogFields {
  return {
    keyServerID: p.keyServerID,
    name: p.kmipKeyServerName,
    hostnames: p.kmipKeyServerHostnames?.join(','),
    port: p.kmipKeyServerPort,
    caCertificate: p.kmipCaCertificate === undefined ? undefined : describeCertificates(p.kmipCaCertificate),
    clientCertificate: p.kmipClientCertificate === undefined ? undefined : describeCertificates(p.kmipClientCertificate),
  };
}

export const createKeyServerKmip = defineMethod({
  name: 'CreateKeyServerKmip',
  since: '11.7',
  params: [
    { name: 'kmipCaCertificate', type: 'string', required: true, description: 'PEM of the key server\'s root CA (several PEMs concatenated if needed)' },
    { name: 'kmipClientCertificate', type: 'string', required: true, description: 'PEM of the cluster\'s client certificate (its CSR, signed)' },
    { name: 'kmipKeyServerHostnames', type: 'string[]', required: true, description: 'Host names or IP addresses; several only for a clustered key server' },
    { name: 'kmipKeyServerName', type: 'string', required: true, description: 'Display name (need not be unique)' },
    { name: 'kmipKeyServerPort', type: 'integer', default: 5696, description: 'KMIP port' },
  ],
  changesState: true,
  result: '`kmipKeyServer`: KeyServerKmip (`keyProviderID` and `kmipAssignedProviderIsActive` null)',
  errors: ['xKeyServerInvalidAuth', 'xSslKeysDoNotExist', 'xKeyServerFailedKeyAlreadyExists', 'xInvalidParameter'],
  description: 'Creates a key server without contacting it.',
  run: async (ctx, p) => ({ kmipKeyServer: await ctx.master.createKeyServerKmip(p) }),
  audit: describeServer,
});

export const modifyKeyServerKmip = defineMethod({
  name: 'ModifyKeyServerKmip',
  since: '11.7',
  params: [
    keyServerID,
    { name: 'kmipCaCertificate', type: 'string', description: 'Replacement root CA PEM' },
    { name: 'kmipClientCertificate', type: 'string', description: 'Replacement client certificate PEM' },
    { name: 'kmipKeyServerHostnames', type: 'string[]', description: 'Replacement host names' },
    { name: 'kmipKeyServerName', type: 'string', description: 'Replacement display name' },
    { name: 'kmipKeyServerPort', type: 'integer', description: 'Replacement port' },
  ],
  changesState: true,
  result: '`kmipKeyServer`: KeyServerKmip',
  errors: [UNKNOWN_SERVER, 'xKeyServerInvalidAuth', 'xSslKeysDoNotExist', 'xKeyServerFailedKeyAlreadyExists', 'xKeyServerUnavailable', 'xKeyServerSslError', 'xKeyServerAuthFailed', 'xKeyServerFailed', 'xInvalidParameter'],
  description: 'Replaces the given fields; only `keyServerID` is a no-op. A server of an active provider is contacted to verify the change.',
  run: async (ctx, p) => ({ kmipKeyServer: await ctx.master.modifyKeyServerKmip(p) }),
  audit: describeServer,
});

export const deleteKeyServerKmip = defineMethod({
  name: 'DeleteKeyServerKmip',
  since: '11.7',
  params: [keyServerID],
  changesState: true,
  result: '`{}`',
  errors: [UNKNOWN_SERVER, 'xKeyServerHasProviderAssigned'],
  description: 'Deletes a key server that no provider uses (remove it from its provider first).',
  run: async (ctx, p) => {
    await ctx.master.deleteKeyServerKmip(p.keyServerID);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ keyServerID: p.keyServerID }),
});

export const getKeyServerKmip = defineMethod({
  name: 'GetKeyServerKmip',
  since: '11.7',
  params: [keyServerID],
  changesState: false,
  result: '`kmipKeyServer`: KeyServerKmip',
  errors: [UNKNOWN_SERVER],
  description: 'One key server.',
  run: (ctx, p) => ({ kmipKeyServer: ctx.master.getKeyServerKmip(p.keyServerID) }),
});

export const listKeyServersKmip = defineMethod({
  name: 'ListKeyServersKmip',
  since: '11.7',
  params: [
    { name: 'keyProviderID', type: 'integer', description: 'Only servers assigned to this provider' },
    { name: 'kmipAssignedProviderIsActive', type: 'boolean', description: 'Only servers whose provider is (not) active' },
    { name: 'kmipHasProviderAssigned', type: 'boolean', description: 'Only servers that do (not) have a provider' },
  ],
  changesState: false,
  result: '`kmipKeyServers`: KeyServerKmip[]',
  errors: [],
  description: 'Key servers, filtered by every filter given (AND).',
  run: (ctx, p) => ({ kmipKeyServers: ctx.master.listKeyServersKmip(p) }),
});

export const testKeyServerKmip = defineMethod({
  name: 'TestKeyServerKmip',
  since: '11.7',
  params: [keyServerID],
  changesState: false,
  result: '`{}`',
  errors: [UNKNOWN_SERVER, 'xKeyServerUnavailable', 'xKeyServerSslError', 'xKeyServerAuthFailed', 'xKeyServerInvalidAuth', 'xKeyServerFailed'],
  description: 'Connects to the key server over mutual TLS and KMIP; success is an empty result.',
  run: async (ctx, p) => {
    await ctx.master.testKeyServerKmip(p.keyServerID);
    return EMPTY_RESULT;
  },
});
