/** Hardware encryption at rest (SED authentication keys): enable, disable, state. */
import { EMPTY_RESULT, defineMethod } from '../method.js';

/*
 * EnableEncryptionAtRest and DisableEncryptionAtRest are in the method list of a captured
 * GetAPI on /json-rpc/7.0, so they are served from 7.0 on; `keyProviderID` came with EKM in
 * 11.7 (the Python SDK refuses it below 11.7). GetEncryptionAtRestInfo is in the 12.3 SDK and
 * not in the 12.0 docs' GetAPI list, so it is served from 12.3 on.
 */

export const enableEncryptionAtRest = defineMethod({
  name: 'EnableEncryptionAtRest',
  since: '7.0',
  params: [
    {
      name: 'keyProviderID',
      type: 'integer',
      since: '11.7',
      description: 'Key provider to obtain the authentication key from; without it the key is internal (Shamir-split across nodes)',
    },
  ],
  changesState: true,
  result: '`{}` (asynchronous: `encryptionAtRestState` goes `enabling` → `enabled`)',
  errors: ['xAPINotPermitted', 'xNoOnlineKeyProviderWithThatID', 'xKeyProviderUnavailable', 'xKeyProviderConfigurationError', 'xKeyProviderFailed'],
  description: 'Starts setting an authentication key on every self-encrypting drive (`xAPINotPermitted` when already enabled).',
  run: async (ctx, p) => {
    await ctx.master.enableEncryptionAtRest(p.keyProviderID === undefined ? {} : { keyProviderID: p.keyProviderID });
    return EMPTY_RESULT;
  },
  audit: (p) => ({ keyProviderID: p.keyProviderID ?? 'internal' }),
});

export const disableEncryptionAtRest = defineMethod({
  name: 'DisableEncryptionAtRest',
  since: '7.0',
  params: [],
  changesState: true,
  result: '`{}` (asynchronous: `encryptionAtRestState` goes `disabling` → `disabled`)',
  errors: ['xAPINotPermitted'],
  description: 'Starts removing the authentication key from every drive (`xAPINotPermitted` when not enabled).',
  run: async (ctx) => {
    await ctx.master.disableEncryptionAtRest();
    return EMPTY_RESULT;
  },
});

export const getEncryptionAtRestInfo = defineMethod({
  name: 'GetEncryptionAtRestInfo',
  since: '12.3',
  params: [],
  changesState: false,
  result: '`state`: string, `authenticationKeyInfo`?: EncryptionKeyInfo',
  errors: [],
  description: 'Hardware encryption-at-rest state and, when enabled, where the authentication key comes from.',
  run: (ctx) => ({ ...ctx.master.getEncryptionAtRestInfo() }),
});
