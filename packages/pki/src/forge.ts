/**
 * The one door to node-forge. It also types the two forge helpers the published typings leave
 * out, and converts between forge's binary strings and bytes.
 */
import { createRequire } from 'node:module';
import type forge from 'node-forge';

export type { forge };

let loaded: typeof forge | undefined;

/**
 * node-forge, loaded when first used: it is the largest module ekmsim loads, and a storage node's
 * worker (which only checks certificate chains, with Node's X509Certificate) never needs it.
 */
export function forgeLib(): typeof forge {
  loaded ??= createRequire(import.meta.url)('node-forge') as typeof forge;
  return loaded;
}

/** One attribute of a distinguished name, as forge reads it: the value is raw bytes. */
export interface ForgeNameAttribute {
  type: string;
  value: string;
  valueTagClass: number;
  name?: string;
  shortName?: string;
}

/** A certificate extension as forge decodes it (flags for key usages, altNames for SANs). */
export interface ForgeExtension {
  id: string;
  name?: string;
  critical: boolean;
  cA?: boolean;
  altNames?: { type: number; value: string; ip?: string }[];
  subjectKeyIdentifier?: string;
  [flag: string]: unknown;
}

interface ForgeInternals {
  RDNAttributesAsArray(rdn: forge.asn1.Asn1): ForgeNameAttribute[];
  certificateExtensionFromAsn1(ext: forge.asn1.Asn1): ForgeExtension;
}

const internals = (): ForgeInternals => forgeLib().pki as unknown as ForgeInternals;

export function nameAttributes(rdnSequence: forge.asn1.Asn1): ForgeNameAttribute[] {
  return internals().RDNAttributesAsArray(rdnSequence);
}

export function decodeExtension(ext: forge.asn1.Asn1): ForgeExtension {
  return internals().certificateExtensionFromAsn1(ext);
}

/**
 * Attributes as read from a certificate or CSR, made safe to hand back to `setSubject` /
 * `setIssuer`: forge reads UTF8String values as raw bytes but encodes them again on write.
 */
export function reusableAttributes(attrs: readonly ForgeNameAttribute[]): forge.pki.CertificateField[] {
  return attrs.map((a) => ({
    type: a.type,
    valueTagClass: a.valueTagClass,
    value: a.valueTagClass === (forgeLib().asn1.Type.UTF8 as number) ? forgeLib().util.decodeUtf8(a.value) : a.value,
  }));
}

export function toBinary(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

export function fromBinary(binary: string): Uint8Array {
  return new Uint8Array(Buffer.from(binary, 'latin1'));
}

export function asn1FromBytes(der: Uint8Array): forge.asn1.Asn1 {
  return forgeLib().asn1.fromDer(toBinary(der));
}

export function asn1ToBytes(obj: forge.asn1.Asn1): Uint8Array {
  return fromBinary(forgeLib().asn1.toDer(obj).getBytes());
}

/** The children of a constructed ASN.1 node; throws if it is primitive. */
export function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (node === undefined || !Array.isArray(node.value)) throw new TypeError('expected a constructed ASN.1 value');
  return node.value;
}

/** The content bytes of a primitive ASN.1 node; throws if it is constructed. */
export function primitive(node: forge.asn1.Asn1 | undefined): string {
  if (node === undefined || typeof node.value !== 'string') throw new TypeError('expected a primitive ASN.1 value');
  return node.value;
}

export function sha256(): forge.md.MessageDigest {
  return forgeLib().md.sha256.create();
}
