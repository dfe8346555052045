/** Host names and port of a key server: their form, and that no other server has the same ones. */
import type { ClusterDb } from '../db/cluster-db.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import { keyServers } from './lookup.js';

export const DEFAULT_KMIP_PORT = 5696;

export function checkEndpoint(db: ClusterDb, hostnames: readonly string[], port: number, exceptID?: number): void {
  if (hostnames.length === 0) {
    throw new ElementApiError(ElementErrorName.xInvalidParameter, 'kmipKeyServerHostnames: at least one host name or IP address is required');
  }
  const bad = hostnames.find((h) => h.trim() === '' || /\s/.test(h));
  if (bad !== undefined) {
    throw new ElementApiError(ElementErrorName.xInvalidParameter, `kmipKeyServerHostnames: ${JSON.stringify(bad)} is not a host name or IP address`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ElementApiError(ElementErrorName.xInvalidParameter, `kmipKeyServerPort: ${port} is not a TCP port (1-65535)`);
  }
  const wanted = nameSet(hostnames);
  const twin = keyServers(db).find(
    (s) => s.keyServerID !== exceptID && s.kmipKeyServerPort === port && sameSet(nameSet(s.kmipKeyServerHostnames), wanted),
  );
  if (twin !== undefined) {
    throw new ElementApiError(
      ElementErrorName.xKeyServerFailedKeyAlreadyExists,
      `Key server ${twin.keyServerID} (${twin.kmipKeyServerName}) already has host names ${twin.kmipKeyServerHostnames.join(', ')} and port ${port}`,
    );
  }
}

/** Host names compare case-insensitively (DNS), as a set: order and repeats do not matter. */
function nameSet(hostnames: readonly string[]): Set<string> {
  return new Set(hostnames.map((h) => h.toLowerCase()));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
