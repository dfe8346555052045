/**
 * KeySecure's local users as its KMIP server uses them (TR-4843 §4.1 step 5): by default a
 * client is served only if a local user is named like its certificate's OU (Element's default
 * OU is SolidFire); a Key Server setting turns the requirement off.
 */
import { KmipResultError } from '@ekmsim/kmip';
import type { LocalUsers, VendorAdmin } from '../admin/admin-api.js';
import { argsObject, boolArg, textArg } from '../admin/args.js';
import { KeyServerAdminError } from '../errors.js';
import type { PeerCertificate } from '../server/peer-identity.js';
import type { AdminSettings } from '../store/admin-state.js';
import type { VendorEnv } from './personality.js';

/**
 * Authentication Not Successful names the missing user: the certificate was fine, the login
 * KeySecure derives from it was not (TR-4843 §4.1: "a user with the same name be created").
 */
export function missingOuUser(peer: PeerCertificate, settings: AdminSettings): KmipResultError | undefined {
  if (!settings.userForOuRequired) return undefined;
  const ous = peer.organizationalUnits;
  if (ous.some((ou) => settings.localUsers.includes(ou))) return undefined;
  const message =
    ous.length === 0
      ? 'authentication failed: the client certificate has no OU, and a local user named like the OU is required'
      : `authentication failed: no local user ${JSON.stringify(ous[0])} exists for the client certificate's OU`;
  return new KmipResultError('AuthenticationNotSuccessful', message);
}

function report(env: VendorEnv): LocalUsers {
  const s = env.admin().settings;
  return { users: s.localUsers, userForOuRequired: s.userForOuRequired };
}

const USER_NAME_MAX = 64;

export function localUserAdmin(env: VendorEnv): VendorAdmin {
  return {
    listLocalUsers: () => report(env),
    addLocalUser(args) {
      const name = textArg('addLocalUser', argsObject('addLocalUser', args, ['name']), 'name', USER_NAME_MAX);
      const { localUsers } = env.admin().settings;
      if (localUsers.includes(name)) throw new KeyServerAdminError('CONFLICT', `addLocalUser: a local user ${JSON.stringify(name)} exists already`);
      env.admin().update('localUsers', [...localUsers, name]);
      return report(env);
    },
    removeLocalUser(args) {
      const name = textArg('removeLocalUser', argsObject('removeLocalUser', args, ['name']), 'name', USER_NAME_MAX);
      const { localUsers } = env.admin().settings;
      if (!localUsers.includes(name)) throw new KeyServerAdminError('NOT_FOUND', `removeLocalUser: no local user ${JSON.stringify(name)}`);
      env.admin().update('localUsers', localUsers.filter((u) => u !== name));
      return report(env);
    },
    setUserForOuRequired(args) {
      env.admin().update('userForOuRequired', boolArg('setUserForOuRequired', argsObject('setUserForOuRequired', args, ['required']), 'required'));
      return report(env);
    },
  };
}
