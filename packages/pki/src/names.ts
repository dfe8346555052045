import { PkiError } from './errors.js';
import { forgeLib, type forge, type ForgeNameAttribute } from './forge.js';

/** The subject (or issuer) fields ekmsim reads and writes. Other attributes are ignored on read. */
export interface DistinguishedName {
  readonly commonName?: string;
  readonly organization?: string;
  readonly organizationalUnit?: string;
  readonly locality?: string;
  readonly state?: string;
  readonly country?: string;
  readonly emailAddress?: string;
}

type Field = keyof DistinguishedName;

/** ASN.1 universal string tags (X.680), as forge numbers them. */
const Tag = { UTF8: 12, PRINTABLESTRING: 19, IA5STRING: 22, BMPSTRING: 30 } as const;

/** In the order `openssl req` writes them; OIDs as in RFC 5280 / PKCS#9. */
const FIELDS: readonly { field: Field; oid: string; short: string; tag: number }[] = [
  { field: 'country', oid: '2.5.4.6', short: 'C', tag: Tag.PRINTABLESTRING },
  { field: 'state', oid: '2.5.4.8', short: 'ST', tag: Tag.UTF8 },
  { field: 'locality', oid: '2.5.4.7', short: 'L', tag: Tag.UTF8 },
  { field: 'organization', oid: '2.5.4.10', short: 'O', tag: Tag.UTF8 },
  { field: 'organizationalUnit', oid: '2.5.4.11', short: 'OU', tag: Tag.UTF8 },
  { field: 'commonName', oid: '2.5.4.3', short: 'CN', tag: Tag.UTF8 },
  { field: 'emailAddress', oid: '1.2.840.113549.1.9.1', short: 'emailAddress', tag: Tag.IA5STRING },
];

/** forge attributes for a name, after checking every field that is set. */
export function toForgeAttributes(dn: DistinguishedName): forge.pki.CertificateField[] {
  const attrs: forge.pki.CertificateField[] = [];
  for (const { field, oid, tag } of FIELDS) {
    const value = dn[field];
    if (value === undefined) continue;
    checkField(field, value);
    attrs.push({ type: oid, value, valueTagClass: tag });
  }
  if (attrs.length === 0) throw new PkiError('INVALID_ARGUMENT', 'a subject needs at least one field, usually commonName');
  return attrs;
}

/** The known fields of a name as forge reads it; the first of repeated attributes wins. */
export function fromForgeAttributes(attrs: readonly ForgeNameAttribute[]): DistinguishedName {
  const out: Partial<Record<Field, string>> = {};
  for (const a of attrs) {
    const spec = FIELDS.find((f) => f.oid === a.type);
    if (spec !== undefined && out[spec.field] === undefined) out[spec.field] = decodeValue(a);
  }
  return out;
}

/** `C=US, O=NetApp, OU=SolidFire, CN=cluster1`, in the order above, for messages and logs. */
export function formatDistinguishedName(dn: DistinguishedName): string {
  return FIELDS.filter((f) => dn[f.field] !== undefined)
    .map((f) => `${f.short}=${dn[f.field] ?? ''}`)
    .join(', ');
}

function checkField(field: Field, value: string): void {
  if (value.trim() === '') throw new PkiError('INVALID_ARGUMENT', `subject ${field} is empty`);
  if (field === 'country' && !/^[A-Za-z]{2}$/.test(value)) {
    throw new PkiError('INVALID_ARGUMENT', 'subject country must be a two-letter code such as US');
  }
  if (field === 'emailAddress' && !/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(value)) {
    throw new PkiError('INVALID_ARGUMENT', 'subject emailAddress must be an ASCII address like name@example.com');
  }
  if (value.length > 64 && field !== 'emailAddress') {
    throw new PkiError('INVALID_ARGUMENT', `subject ${field} is longer than 64 characters (RFC 5280 upper bound)`);
  }
}

function decodeValue(a: ForgeNameAttribute): string {
  if (a.valueTagClass === Tag.UTF8) return forgeLib().util.decodeUtf8(a.value);
  if (a.valueTagClass === Tag.BMPSTRING) return Buffer.from(a.value, 'latin1').swap16().toString('utf16le');
  return a.value;
}
