/**
 * What the API log says about a call's parameters. Certificates are named by subject and
 * SHA-256 fingerprint, never copied; nothing the API receives is a private key, but the log
 * stays free of bodies anyway so it can be shared.
 */
import { formatDistinguishedName, parseCertificate, parseCsr } from '@ekmsim/pki';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** `CN=kms CA sha256=AB:CD:…` for each certificate in `pem`; `unreadable` when there is none. */
export function describeCertificates(pem: string): string {
  const blocks = [...pem.matchAll(PEM_BLOCK)].filter((m) => m[1] === 'CERTIFICATE');
  if (blocks.length === 0) return 'unreadable';
  return blocks.map((m) => describeOne(m[0])).join('; ');
}

function describeOne(block: string): string {
  try {
    const info = parseCertificate(block);
    return `${formatDistinguishedName(info.subject) || '(empty subject)'} sha256=${info.fingerprintSha256}`;
  } catch {
    return 'unreadable';
  }
}

/** `C=US, OU=SolidFire, CN=cluster1` for a CSR, without its body. */
export function describeCsr(pem: string): string {
  try {
    return formatDistinguishedName(parseCsr(pem).subject) || '(empty subject)';
  } catch {
    return 'unreadable';
  }
}
