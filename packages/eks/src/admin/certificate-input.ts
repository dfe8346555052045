/**
 * A client certificate an administrator uploads (Vormetric's "Import KMIP Cert", TR-4843 §7.2
 * step 4): PEM text with one CERTIFICATE block, or DER given as base64.
 */
import { X509Certificate } from 'node:crypto';
import { invalidArgument } from './args.js';

export interface UploadedCertificate {
  readonly der: Uint8Array;
  readonly fingerprint: string;
  readonly commonName: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/g;

function derFromPem(method: string, text: string): Uint8Array {
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length !== 1) throw invalidArgument(method, `certificate must hold exactly one PEM CERTIFICATE block, found ${blocks.length}`);
  return derFromBase64(method, blocks[0]![1]!.replace(/\s/g, ''));
}

function derFromBase64(method: string, text: string): Uint8Array {
  const compact = text.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) throw invalidArgument(method, 'certificate is not valid base64');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** The subject CN as X509Certificate prints the subject (one `KEY=value` per line). */
function commonNameOf(cert: X509Certificate): string {
  const line = cert.subject.split('\n').find((l) => l.startsWith('CN='));
  return line === undefined ? '' : line.slice(3);
}

export function readUploadedCertificate(method: string, text: string, format: 'pem' | 'der'): UploadedCertificate {
  const der = format === 'pem' ? derFromPem(method, text) : derFromBase64(method, text);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    throw invalidArgument(method, `certificate is not an X.509 certificate in ${format.toUpperCase()} form`);
  }
  if (cert.ca) throw invalidArgument(method, 'certificate is a CA certificate, not a client certificate');
  return { der: new Uint8Array(cert.raw), fingerprint: cert.fingerprint256, commonName: commonNameOf(cert) };
}
