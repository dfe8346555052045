import { createHash, X509Certificate } from 'node:crypto';
import { wrapPki } from './errors.js';
import { asn1FromBytes, children, decodeExtension, forgeLib, type forge, nameAttributes, primitive, type ForgeExtension } from './forge.js';
import { fromForgeAttributes, type DistinguishedName } from './names.js';
import { readPem } from './pem.js';

/** What ekmsim needs to know about a certificate, whatever its key type. */
export interface CertificateInfo {
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** Upper-case hex without leading zero bytes, as `openssl x509 -serial` prints it. */
  readonly serialHex: string;
  /** Milliseconds since the epoch (certificates hold whole seconds). */
  readonly notBefore: number;
  readonly notAfter: number;
  /** DNS names and IP addresses (text form) from subjectAltName; other SAN types are left out. */
  readonly sans: readonly string[];
  /** Extended key usages by name (`serverAuth`, `clientAuth`, …), unknown ones as dotted OIDs. */
  readonly ekus: readonly string[];
  /** basicConstraints CA:TRUE. */
  readonly isCa: boolean;
  /** SHA-256 of the DER, `AB:CD:…`, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly fingerprintSha256: string;
}

/** Parses a certificate PEM (one block; CRLF tolerated) into CertificateInfo. */
export function parseCertificate(pem: string): CertificateInfo {
  const { der } = readPem(pem, 'CERTIFICATE');
  // Node (OpenSSL) decides whether this is a certificate at all; forge's ASN.1 then reads the
  // fields without needing an RSA key, so EC-keyed vendor CAs parse too.
  wrapPki('BAD_CERTIFICATE', 'the PEM body is not an X.509 certificate', () => new X509Certificate(der));
  return wrapPki('BAD_CERTIFICATE', 'the certificate could not be read', () => readFields(der));
}

function readFields(der: Uint8Array): CertificateInfo {
  const tbs = children(children(asn1FromBytes(der))[0]);
  // TBSCertificate: [0] version (optional), serial, signature alg, issuer, validity, subject, spki, …
  const first = tbs[0];
  const at = first !== undefined && first.tagClass === forgeLib().asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const field = (i: number): forge.asn1.Asn1 => {
    const node = tbs[at + i];
    if (node === undefined) throw new TypeError('truncated TBSCertificate');
    return node;
  };
  const validity = children(field(3));
  const extensions = readExtensions(tbs);
  const san = extensions.find((e) => e.name === 'subjectAltName');
  const eku = extensions.find((e) => e.name === 'extKeyUsage');
  return {
    subject: fromForgeAttributes(nameAttributes(field(4))),
    issuer: fromForgeAttributes(nameAttributes(field(2))),
    serialHex: serialHex(primitive(field(0))),
    notBefore: readTime(validity[0]),
    notAfter: readTime(validity[1]),
    sans: (san?.altNames ?? []).flatMap((n) => (n.type === 2 ? [n.value] : n.type === 7 && n.ip !== undefined ? [n.ip] : [])),
    ekus: eku === undefined ? [] : Object.keys(eku).filter((k) => eku[k] === true && k !== 'critical'),
    isCa: extensions.some((e) => e.name === 'basicConstraints' && e.cA === true),
    fingerprintSha256: fingerprint(der),
  };
}

function readExtensions(tbs: forge.asn1.Asn1[]): ForgeExtension[] {
  const wrapper = tbs.find((n) => n.tagClass === forgeLib().asn1.Class.CONTEXT_SPECIFIC && (n.type as number) === 3);
  if (wrapper === undefined) return [];
  return children(children(wrapper)[0]).map(decodeExtension);
}

function readTime(node: forge.asn1.Asn1 | undefined): number {
  const text = primitive(node);
  const date = node?.type === forgeLib().asn1.Type.UTCTIME ? forgeLib().asn1.utcTimeToDate(text) : forgeLib().asn1.generalizedTimeToDate(text);
  return date.getTime();
}

function serialHex(content: string): string {
  const hex = forgeLib().util.bytesToHex(content).toUpperCase().replace(/^(00)+(?=..)/, '');
  return hex === '' ? '00' : hex;
}

function fingerprint(der: Uint8Array): string {
  return (createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g) ?? []).join(':');
}
