/**
 * Working through a provider: its servers are tried in the order they were added until one
 * succeeds (`every` tries them all, so a test logs each server's outcome). If none does, the provider's exception follows from its servers' (TR-4843 §10.2):
 *
 * | servers' failures                                               | provider exception             |
 * |-----------------------------------------------------------------|--------------------------------|
 * | no servers at all                                               | xKeyProviderConfigurationError |
 * | any xKeyServerAuthFailed / xKeyServerInvalidAuth (config error) | xKeyProviderConfigurationError |
 * | else any xKeyServerFailed                                       | xKeyProviderFailed             |
 * | else (all xKeyServerUnavailable / xKeyServerSslError)           | xKeyProviderUnavailable        |
 *
 * A configuration error wins because only the administrator can fix it; a server failure next,
 * because the server was reached and misbehaved; unreachable servers may come back by themselves.
 */
import { DB_PATHS, keyServerPath, type KeyPairRecord, type KeyProviderRecord, type KeyServerRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import { contactKeyServer } from '../kmip/contact.js';
import type { KmipClient } from '@ekmsim/kmip-client';
import type { ServiceContext } from './context.js';

const CONFIGURATION = new Set<string>([ElementErrorName.xKeyServerAuthFailed, ElementErrorName.xKeyServerInvalidAuth]);
const SERVER_LEVEL = new Set<string>([
  ElementErrorName.xKeyServerUnavailable,
  ElementErrorName.xKeyServerSslError,
  ElementErrorName.xKeyServerAuthFailed,
  ElementErrorName.xKeyServerInvalidAuth,
  ElementErrorName.xKeyServerFailed,
]);

export interface ProviderResult<T> {
  readonly server: KeyServerRecord;
  readonly value: T;
}

export async function throughProvider<T>(
  ctx: ServiceContext,
  provider: KeyProviderRecord,
  purpose: string,
  work: (client: KmipClient) => Promise<T>,
  every = false,
): Promise<ProviderResult<T>> {
  const who = `Key provider ${provider.keyProviderID} (${provider.keyProviderName})`;
  if (provider.keyServerIDs.length === 0) {
    ctx.logger.log('error', `${who} ${purpose} failed: it has no key servers`, { component: 'KS' });
    throw new ElementApiError(ElementErrorName.xKeyProviderConfigurationError, `${who} has no key servers; assign one with AddKeyServerToProviderKmip`);
  }
  const failures: ElementApiError[] = [];
  let first: ProviderResult<T> | undefined;
  for (const id of provider.keyServerIDs) {
    const server = ctx.db.get<KeyServerRecord>(keyServerPath(id));
    if (server === undefined) continue; // cannot happen: assigned servers cannot be deleted
    try {
      const value = await contactKeyServer(ctx, server, ctx.db.get<KeyPairRecord>(DB_PATHS.keyPair), `${purpose} for key provider ${provider.keyProviderID}`, work);
      first ??= { server, value };
      if (!every) break;
    } catch (e) {
      if (!(e instanceof ElementApiError) || !SERVER_LEVEL.has(e.elementName)) throw e;
      failures.push(e);
    }
  }
  if (first !== undefined) return first;
  const name = failures.some((f) => CONFIGURATION.has(f.elementName))
    ? ElementErrorName.xKeyProviderConfigurationError
    : failures.some((f) => f.elementName === ElementErrorName.xKeyServerFailed)
      ? ElementErrorName.xKeyProviderFailed
      : ElementErrorName.xKeyProviderUnavailable;
  ctx.logger.log('error', `${who} ${purpose} failed: ${name}`, { component: 'KS', servers: provider.keyServerIDs.join(',') });
  throw new ElementApiError(name, `${who}: no key server succeeded: ${failures.map((f) => `${f.elementName}: ${f.message}`).join('; ')}`, {
    cause: failures[0],
  });
}
