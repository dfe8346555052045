/**
 * The control API's door to a mock key server's administrator surface (`SimKeyServerAdmin`):
 * an action by its KeyServerAdmin method name and its one JSON argument, passed through; what
 * the key server refuses comes back under the control API's exception names and changed
 * nothing. After a stop, start or service restart, the members' host names follow their
 * listeners, so a stopped member refuses connections on the simulated network too.
 *
 * `issueClientBundle` is not reachable from here: its answer holds a private key, and no reply
 * of the simulator carries one. Element makes its own key pair and has its CSR signed
 * (SignClientCertificate), which is how the cluster gets a HyTrust-issued certificate.
 */
import { KeyServerAdminError, KeyServerAdminErrorCode, type KeyServerAdmin } from '@ekmsim/eks';
import { ElementApiError, ElementErrorName } from '@ekmsim/master';
import { SIM_ERROR_NAMES, SIM_KEY_SERVER_ACTIONS, type SimKeyServerAction } from '@ekmsim/api';
import type { KeyServerSite } from './key-server-site.js';

/** Actions that change which members listen. */
const LISTENER_ACTIONS: ReadonlySet<SimKeyServerAction> = new Set(['stop', 'start', 'restartService']);

const ERROR_NAMES: Record<KeyServerAdminErrorCode, string> = {
  [KeyServerAdminErrorCode.INVALID_ARGUMENT]: ElementErrorName.xInvalidParameter,
  [KeyServerAdminErrorCode.NOT_FOUND]: SIM_ERROR_NAMES.keyServerObjectNotFound,
  [KeyServerAdminErrorCode.CONFLICT]: SIM_ERROR_NAMES.keyServerConflict,
  [KeyServerAdminErrorCode.NOT_SUPPORTED]: SIM_ERROR_NAMES.notSupportedByVendor,
  [KeyServerAdminErrorCode.LISTEN]: SIM_ERROR_NAMES.keyServerUnavailable,
  [KeyServerAdminErrorCode.CLOSED]: SIM_ERROR_NAMES.keyServerUnavailable,
};

function isAction(text: string): text is SimKeyServerAction {
  return (SIM_KEY_SERVER_ACTIONS as readonly string[]).includes(text);
}

export async function runKeyServerAdmin(site: KeyServerSite, action: string, args: Readonly<Record<string, unknown>> | undefined): Promise<unknown> {
  if (!isAction(action)) {
    throw new ElementApiError(ElementErrorName.xInvalidParameter, `action must be one of ${SIM_KEY_SERVER_ACTIONS.join(', ')}, not ${JSON.stringify(action)}`);
  }
  const admin: KeyServerAdmin = site.admin;
  // Passed through by name: each admin method checks its own argument.
  const call = (): unknown => (admin[action] as (this: KeyServerAdmin, a?: unknown) => unknown).call(admin, args);
  let result: unknown;
  try {
    result = await call();
  } catch (e) {
    if (e instanceof KeyServerAdminError) {
      throw new ElementApiError(ERROR_NAMES[e.code], `key server ${site.name} (${site.vendor}): ${e.message}`, { cause: e });
    }
    throw e;
  } finally {
    if (LISTENER_ACTIONS.has(action)) await site.syncMembers();
  }
  return result;
}
