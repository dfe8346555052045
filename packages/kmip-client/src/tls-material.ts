/**
 * What a TLS connection is made from, read once per set of credentials: OpenSSL's secure context
 * (the CA bundle, the certificate chain and the private key parsed) and the CA certificates our
 * own checks judge the server by. A client that contacts the same key server again and again —
 * the master's probe at every fault evaluation, each node's unlock — would otherwise parse the
 * same PEM texts at every connection. The most recent few dozen sets are kept.
 */
import type { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { parseCaCertificates } from './server-certificate.js';

const REMEMBERED = 32;

export interface TlsCredentialTexts {
  readonly ca: string | readonly string[];
  readonly cert: string;
  readonly key: string;
  readonly minVersion: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion | undefined;
  readonly ciphers?: string | undefined;
}

const cas = new Map<string, X509Certificate[]>();
const contexts = new Map<string, tls.SecureContext>();

/** The configured CA certificates, parsed; throws when they cannot be read. */
export function trustedCas(ca: string | readonly string[]): X509Certificate[] {
  return remember(cas, JSON.stringify(ca), () => parseCaCertificates(ca));
}

/** node:tls's secure context for these credentials; throws as tls.connect would for a bad key or certificate. */
export function secureContextFor(c: TlsCredentialTexts): tls.SecureContext {
  const key = JSON.stringify([c.ca, c.cert, c.key, c.minVersion, c.maxVersion ?? null, c.ciphers ?? null]);
  return remember(contexts, key, () =>
    tls.createSecureContext({
      ca: typeof c.ca === 'string' ? c.ca : [...c.ca],
      cert: c.cert,
      key: c.key,
      minVersion: c.minVersion,
      ...(c.maxVersion === undefined ? {} : { maxVersion: c.maxVersion }),
      ...(c.ciphers === undefined ? {} : { ciphers: c.ciphers }),
    }),
  );
}

function remember<T>(store: Map<string, T>, key: string, read: () => T): T {
  const known = store.get(key);
  if (known !== undefined) return known;
  const value = read();
  if (store.size >= REMEMBERED) store.delete(store.keys().next().value as string);
  store.set(key, value);
  return value;
}
