/**
 * The API's HTTPS certificate, as a real cluster has one: self-signed, made at first start and
 * kept. An RSA-2048 server certificate for localhost / 127.0.0.1 / ::1 issued by itself;
 * `api-tls.pem` holds the certificate, `api-tls.key` (mode 0600) the key. Both are written to a temporary name and renamed, key first, so a crash
 * leaves either nothing usable (and a fresh pair is made) or a complete pair. An operator may
 * replace the pair with their own; a pair that does not fit together is refused, never overwritten.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger, Rng } from '@ekmsim/core';
import { certificateMatchesKey, createSelfSignedServerCertificate, freshKeyPairs, parseCertificate, type KeyPairSource } from '@ekmsim/pki';
import { ApiServerError } from './server-error.js';

export const TLS_CERT_FILE = 'api-tls.pem';
export const TLS_KEY_FILE = 'api-tls.key';

export interface TlsIdentity {
  /** Certificate chain PEM (server certificate first). */
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 fingerprint of the server certificate, `AB:CD:…`. */
  readonly fingerprintSha256: string;
  /** True when this start made the pair. */
  readonly created: boolean;
}

const SANS = ['localhost', '127.0.0.1', '::1'];
/** Ten years: nobody renews a simulator's certificate, and clients do not verify it anyway. */
const DAYS = 3650;

export interface TlsIdentityEnvironment {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  /** Where a new pair's RSA key pair comes from (made when asked for by default). */
  readonly keyPairs?: KeyPairSource;
}

export async function loadOrCreateTlsIdentity(dataDir: string, env: TlsIdentityEnvironment): Promise<TlsIdentity> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const certPath = join(dataDir, TLS_CERT_FILE);
  const keyPath = join(dataDir, TLS_KEY_FILE);
  const [certPem, keyPem] = await Promise.all([readOptional(certPath), readOptional(keyPath)]);
  if (certPem !== undefined && keyPem !== undefined) return { ...check(certPem, keyPem, certPath), created: false };

  const keyPair = await (env.keyPairs ?? freshKeyPairs).take();
  const made = await createSelfSignedServerCertificate({ commonName: 'localhost', organizationalUnit: 'SolidFire', sans: SANS, days: DAYS, clock: env.clock, rng: env.rng, keyPair });
  await writeAtomic(keyPath, made.keyPem, 0o600);
  await writeAtomic(certPath, made.certPem, 0o644);
  const { fingerprintSha256 } = parseCertificate(made.certPem);
  env.logger.log('info', `created a self-signed API certificate (SHA-256 ${fingerprintSha256})`, { component: 'API', file: certPath });
  return { certPem: made.certPem, keyPem: made.keyPem, fingerprintSha256, created: true };
}

/**
 * Installs a pair the caller already has (an operator's own; the scenario runner's, made once for
 * all its simulations), as if it had been put there by hand: checked first, key written first.
 */
export async function installTlsIdentity(dataDir: string, pair: { readonly certPem: string; readonly keyPem: string }): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const certPath = join(dataDir, TLS_CERT_FILE);
  check(pair.certPem, pair.keyPem, certPath);
  await writeAtomic(join(dataDir, TLS_KEY_FILE), pair.keyPem, 0o600);
  await writeAtomic(certPath, pair.certPem, 0o644);
}

function check(certPem: string, keyPem: string, certPath: string): Omit<TlsIdentity, 'created'> {
  const first = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\r?\n?/.exec(certPem)?.[0];
  try {
    if (first === undefined) throw new Error('no certificate in the file');
    if (!certificateMatchesKey(first, keyPem)) throw new Error('the key does not belong to the certificate');
    return { certPem, keyPem, fingerprintSha256: parseCertificate(first).fingerprintSha256 };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ApiServerError('TLS_IDENTITY', `${certPath} and ${TLS_KEY_FILE} cannot be used: ${why}; remove both to have a new pair made`, { cause: e });
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, text, { mode, flush: true });
  await rename(tmp, path);
}
