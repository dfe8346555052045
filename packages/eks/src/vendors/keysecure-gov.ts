/**
 * SafeNet Assured Technologies KeySecure for Government (TR-4843 §5; SafeNet AT OS 8.12.0,
 * §2.1): the KeySecure server, which serves no KMIP request until it is licensed for KMIP
 * (§5 step 1, "properly set up and licensed to support KMIP"). The TLS session is accepted and
 * every request is answered Operation Failed / Permission Denied naming the missing licence, so
 * an unlicensed server is told apart from a stopped one (connection refused).
 */
import { KmipResultError } from '@ekmsim/kmip';
import { argsObject, boolArg } from '../admin/args.js';
import { localUserAdmin, missingOuUser } from './local-users.js';
import { keySecureLike } from './keysecure.js';

export const keysecureGov = keySecureLike(
  'keysecure-gov',
  {
    vendorIdentification: 'SafeNet Assured Technologies',
    serverName: 'SafeNet AT KeySecure for Government',
    productName: 'SafeNet AT KeySecure',
    serverVersion: '8.12.0',
  },
  {
    refusal(peer, env) {
      const settings = env.admin().settings;
      if (!settings.kmipLicensed) return new KmipResultError('PermissionDenied', 'this KeySecure is not licensed for KMIP');
      return missingOuUser(peer, settings);
    },
    admin: (env) => ({
      ...localUserAdmin(env),
      setKmipLicense(args) {
        const licensed = boolArg('setKmipLicense', argsObject('setKmipLicense', args, ['licensed']), 'licensed');
        env.admin().update('kmipLicensed', licensed);
        return { licensed };
      },
    }),
  },
);
