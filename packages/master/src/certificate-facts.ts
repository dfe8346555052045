/**
 * What the certificate checks need to know about a certificate that does not change with time:
 * its parsed fields, whether it belongs to a key pair, whether a CA issued it. Each costs
 * milliseconds (parsing, a private key read, a signature check) and the fault evaluation asks
 * after every state-changing call and every node report, and every key server contact checks its
 * client certificate against the key pair, about the same few certificates: they are read once
 * and remembered (the most recent few dozen texts).
 */
import { certificateMatchesKey, parseCertificate, verifyIssuedBy, type CertificateInfo } from '@ekmsim/pki';

const REMEMBERED = 64;

class Remembered<T> {
  readonly #values = new Map<string, T>();

  get(key: string, read: () => T): T {
    const known = this.#values.get(key);
    if (known !== undefined) return known;
    const value = read();
    if (this.#values.size >= REMEMBERED) this.#values.delete(this.#values.keys().next().value as string);
    this.#values.set(key, value);
    return value;
  }
}

export type ParsedCertificate = { readonly ok: true; readonly info: CertificateInfo } | { readonly ok: false; readonly why: string };

const parsed = new Remembered<ParsedCertificate>();
const matches = new Remembered<boolean>();
const issued = new Remembered<boolean>();

export function parsedCertificate(pem: string): ParsedCertificate {
  return parsed.get(pem, () => {
    try {
      return { ok: true, info: parseCertificate(pem) };
    } catch (e) {
      return { ok: false, why: e instanceof Error ? e.message : String(e) };
    }
  });
}

export function belongsToKey(certPem: string, keyPem: string): boolean {
  return matches.get(`${certPem}\n${keyPem}`, () => certificateMatchesKey(certPem, keyPem));
}

export function issuedBy(certPem: string, caPem: string): boolean {
  return issued.get(`${certPem}\n${caPem}`, () => {
    try {
      verifyIssuedBy(certPem, caPem);
      return true;
    } catch {
      return false;
    }
  });
}
