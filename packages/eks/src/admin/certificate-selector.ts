/**
 * How an administrator names a client certificate: by its SHA-256 fingerprint (any case, with
 * or without colons) or by its subject CN.
 */
import { argsObject, invalidArgument, textArg } from './args.js';

export type Selector = { readonly by: 'fingerprint'; readonly value: string } | { readonly by: 'commonName'; readonly value: string };

/** `AB:CD:…` upper case, or undefined when `text` is not 32 bytes of hex. */
export function normalizeFingerprint(text: string): string | undefined {
  const hex = text.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

export function certificateSelector(method: string, args: unknown): Selector {
  const a = argsObject(method, args, ['fingerprint', 'commonName']);
  const given = ['fingerprint', 'commonName'].filter((k) => a[k] !== undefined);
  if (given.length !== 1) throw invalidArgument(method, 'give exactly one of fingerprint and commonName');
  if (a.fingerprint !== undefined) {
    const fp = normalizeFingerprint(textArg(method, a, 'fingerprint', 128));
    if (fp === undefined) throw invalidArgument(method, 'fingerprint must be a SHA-256 fingerprint: 64 hexadecimal digits, colons allowed');
    return { by: 'fingerprint', value: fp };
  }
  return { by: 'commonName', value: textArg(method, a, 'commonName') };
}

export function selects(selector: Selector, cert: { readonly fingerprint: string; readonly commonName: string }): boolean {
  return selector.by === 'fingerprint' ? cert.fingerprint === selector.value : cert.commonName === selector.value;
}

export function describeSelector(s: Selector): string {
  return s.by === 'fingerprint' ? `fingerprint ${s.value}` : `CN ${JSON.stringify(s.value)}`;
}
