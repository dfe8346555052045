/** KMIP key providers (KeyProviderKmip) and the assignment of key servers to them. */
import { EMPTY_RESULT, defineMethod } from '../method.js';

const keyProviderID = { name: 'keyProviderID', type: 'integer', required: true, description: 'ID of the key provider' } as const;
const keyServerID = { name: 'keyServerID', type: 'integer', required: true, description: 'ID of the key server' } as const;
const UNKNOWN_PROVIDER = 'xNoOnlineKeyProviderWithThatID';
const UNKNOWN_SERVER = 'xKeyServerIDDoesNotExist';

export const createKeyProviderKmip = defineMethod({
  name: 'CreateKeyProviderKmip',
  since: '11.7',
  params: [{ name: 'keyProviderName', type: 'string', required: true, description: 'Display name (need not be unique)' }],
  changesState: true,
  result: '`kmipKeyProvider`: KeyProviderKmip (inactive, `keyServerIDs` empty)',
  errors: ['xInvalidParameter'],
  description: 'Creates a key provider with no key servers.',
  run: async (ctx, p) => ({ kmipKeyProvider: await ctx.master.createKeyProviderKmip(p.keyProviderName) }),
  audit: (p) => ({ name: p.keyProviderName }),
});

export const deleteKeyProviderKmip = defineMethod({
  name: 'DeleteKeyProviderKmip',
  since: '11.7',
  params: [keyProviderID],
  changesState: true,
  result: '`{}`',
  errors: [UNKNOWN_PROVIDER, 'xKeyProviderActive'],
  description: 'Deletes an inactive key provider.',
  run: async (ctx, p) => {
    await ctx.master.deleteKeyProviderKmip(p.keyProviderID);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ keyProviderID: p.keyProviderID }),
});

export const addKeyServerToProviderKmip = defineMethod({
  name: 'AddKeyServerToProviderKmip',
  since: '11.7',
  params: [keyProviderID, keyServerID],
  changesState: true,
  result: '`{}`',
  errors: [UNKNOWN_PROVIDER, UNKNOWN_SERVER, 'xKeyServerHasProviderAssigned', 'xKeyServerUnavailable', 'xKeyServerSslError', 'xKeyServerAuthFailed', 'xKeyServerInvalidAuth', 'xKeyServerFailed'],
  description: 'Assigns a key server to a provider (a no-op if it already is); the server is contacted to verify it and to synchronise keys.',
  run: async (ctx, p) => {
    await ctx.master.addKeyServerToProviderKmip(p.keyProviderID, p.keyServerID);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ keyProviderID: p.keyProviderID, keyServerID: p.keyServerID }),
});

export const removeKeyServerFromProviderKmip = defineMethod({
  name: 'RemoveKeyServerFromProviderKmip',
  since: '11.7',
  params: [keyServerID],
  changesState: true,
  result: '`{}`',
  errors: [UNKNOWN_SERVER, 'xKeyServerLastForActiveProvider'],
  description: 'Unassigns a key server from its provider (a no-op if it has none).',
  run: async (ctx, p) => {
    await ctx.master.removeKeyServerFromProviderKmip(p.keyServerID);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ keyServerID: p.keyServerID }),
});

export const getKeyProviderKmip = defineMethod({
  name: 'GetKeyProviderKmip',
  since: '11.7',
  params: [keyProviderID],
  changesState: false,
  result: '`kmipKeyProvider`: KeyProviderKmip',
  errors: [UNKNOWN_PROVIDER],
  description: 'One key provider.',
  run: (ctx, p) => ({ kmipKeyProvider: ctx.master.getKeyProviderKmip(p.keyProviderID) }),
});

export const listKeyProvidersKmip = defineMethod({
  name: 'ListKeyProvidersKmip',
  since: '11.7',
  params: [
    { name: 'keyProviderIsActive', type: 'boolean', description: 'Only (in)active providers' },
    { name: 'kmipKeyProviderHasServerAssigned', type: 'boolean', description: 'Only providers that do (not) have a key server' },
  ],
  changesState: false,
  result: '`kmipKeyProviders`: KeyProviderKmip[]',
  errors: [],
  description: 'Key providers, filtered by every filter given (AND).',
  run: (ctx, p) => ({ kmipKeyProviders: ctx.master.listKeyProvidersKmip(p) }),
});

export const testKeyProviderKmip = defineMethod({
  name: 'TestKeyProviderKmip',
  since: '11.7',
  params: [keyProviderID],
  changesState: false,
  result: '`{}`',
  errors: [UNKNOWN_PROVIDER, 'xKeyProviderUnavailable', 'xKeyProviderConfigurationError', 'xKeyProviderFailed'],
  description: 'Tests the provider\'s key servers; success is an empty result.',
  run: async (ctx, p) => {
    await ctx.master.testKeyProviderKmip(p.keyProviderID);
    return EMPTY_RESULT;
  },
});
