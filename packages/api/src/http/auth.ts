/**
 * HTTP Basic authentication (RFC 7617) against the one cluster admin account. Both halves are
 * compared through SHA-256 digests with timingSafeEqual, so neither the length nor the content
 * of the configured credentials shows in response times.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export type AuthVerdict = { readonly ok: true; readonly username: string } | { readonly ok: false; readonly username?: string };

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function basicAuthChecker(credentials: Credentials): (header: string | undefined) => AuthVerdict {
  const user = digest(credentials.username);
  const pass = digest(credentials.password);
  return (header) => {
    const m = header === undefined ? null : /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (m === null) return { ok: false };
    const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false };
    const username = decoded.slice(0, colon);
    // Both comparisons always run (no short circuit).
    const userOk = timingSafeEqual(digest(username), user);
    const passOk = timingSafeEqual(digest(decoded.slice(colon + 1)), pass);
    return userOk && passOk ? { ok: true, username } : { ok: false, username };
  };
}
