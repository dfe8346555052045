/**
 * Request payloads for the typed operations, built from plain options. Enumerations are
 * accepted by value or by their registry name (`'AES'`, `'SymmetricKey'`).
 */
import {
  attr,
  Enum,
  symmetricKeyObject,
  type Attribute,
  type CreateKeyPair,
  type Locate,
  type ProtocolVersion,
  type Register,
  type RequestOf,
} from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';

export type AlgorithmName = keyof typeof Enum.CryptographicAlgorithm;
export type ObjectTypeName = keyof typeof Enum.ObjectType;
export type UsageName = keyof typeof Enum.CryptographicUsageMask;
export type RevocationReasonName = keyof typeof Enum.RevocationReasonCode;
export type QueryFunctionName = keyof typeof Enum.QueryFunction;

/** A bit mask, or the names of its bits. */
export type UsageMask = number | readonly UsageName[];

export function enumValue<T extends Readonly<Record<string, number>>>(table: T, value: keyof T | number, what: string): number {
  if (typeof value === 'number') return value;
  const v = table[value];
  if (v === undefined) throw new RangeError(`unknown ${what}: ${String(value)}`);
  return v;
}

export function usageMask(mask: UsageMask): number {
  if (typeof mask === 'number') return mask;
  return mask.reduce((m, name) => m | enumValue(Enum.CryptographicUsageMask, name, 'usage'), 0);
}

const ENCRYPT_DECRYPT = Enum.CryptographicUsageMask.Encrypt | Enum.CryptographicUsageMask.Decrypt;

export interface CreateOptions {
  /** Default AES. */
  readonly algorithm?: AlgorithmName | number;
  /** Bits; default 256. */
  readonly length?: number;
  readonly name?: string;
  /** Default Encrypt | Decrypt. */
  readonly usageMask?: UsageMask;
  /** More attributes, sent after the ones above. */
  readonly attributes?: readonly Attribute[];
}

export function createAttributes(o: CreateOptions): Attribute[] {
  return [
    attr.cryptographicAlgorithm(enumValue(Enum.CryptographicAlgorithm, o.algorithm ?? 'AES', 'algorithm')),
    attr.cryptographicLength(o.length ?? 256),
    attr.cryptographicUsageMask(usageMask(o.usageMask ?? ENCRYPT_DECRYPT)),
    ...(o.name === undefined ? [] : [attr.name(o.name)]),
    ...(o.attributes ?? []),
  ];
}

export interface CreateKeyPairOptions {
  /** Default RSA. */
  readonly algorithm?: AlgorithmName | number;
  /** Default 2048. */
  readonly length?: number;
  readonly privateKeyName?: string;
  readonly publicKeyName?: string;
  /** Default Sign. */
  readonly privateKeyUsageMask?: UsageMask;
  /** Default Verify. */
  readonly publicKeyUsageMask?: UsageMask;
  readonly commonAttributes?: readonly Attribute[];
  readonly privateKeyAttributes?: readonly Attribute[];
  readonly publicKeyAttributes?: readonly Attribute[];
}

export function createKeyPairRequest(o: CreateKeyPairOptions): RequestOf<typeof CreateKeyPair> {
  const named = (name: string | undefined): Attribute[] => (name === undefined ? [] : [attr.name(name)]);
  return {
    commonAttributes: [
      attr.cryptographicAlgorithm(enumValue(Enum.CryptographicAlgorithm, o.algorithm ?? 'RSA', 'algorithm')),
      attr.cryptographicLength(o.length ?? 2048),
      ...(o.commonAttributes ?? []),
    ],
    privateKeyAttributes: [
      attr.cryptographicUsageMask(usageMask(o.privateKeyUsageMask ?? ['Sign'])),
      ...named(o.privateKeyName),
      ...(o.privateKeyAttributes ?? []),
    ],
    publicKeyAttributes: [
      attr.cryptographicUsageMask(usageMask(o.publicKeyUsageMask ?? ['Verify'])),
      ...named(o.publicKeyName),
      ...(o.publicKeyAttributes ?? []),
    ],
  };
}

export interface RegisterOptions {
  /** A symmetric key to register as a Raw Symmetric Key object (algorithm default AES, length from the material). */
  readonly key?: { readonly material: Uint8Array; readonly algorithm?: AlgorithmName | number; readonly length?: number };
  /** Any other managed object, as TTLV, with its Object Type. */
  readonly object?: TtlvItem;
  readonly objectType?: ObjectTypeName | number;
  readonly name?: string;
  /** Default Encrypt | Decrypt for a key; none otherwise. */
  readonly usageMask?: UsageMask;
  readonly attributes?: readonly Attribute[];
}

export function registerRequest(o: RegisterOptions, version: ProtocolVersion): RequestOf<typeof Register> {
  if ((o.key === undefined) === (o.object === undefined)) throw new TypeError('register: give either `key` or `object`');
  const mask = o.usageMask ?? (o.key !== undefined ? ENCRYPT_DECRYPT : undefined);
  const attributes = [
    ...(mask === undefined ? [] : [attr.cryptographicUsageMask(usageMask(mask))]),
    ...(o.name === undefined ? [] : [attr.name(o.name)]),
    ...(o.attributes ?? []),
  ];
  if (o.key !== undefined) {
    const algorithm = enumValue(Enum.CryptographicAlgorithm, o.key.algorithm ?? 'AES', 'algorithm');
    const length = o.key.length ?? o.key.material.length * 8;
    const object = symmetricKeyObject({ material: o.key.material, algorithm, length }, version);
    return { objectType: Enum.ObjectType.SymmetricKey, attributes, object };
  }
  if (o.objectType === undefined) throw new TypeError('register: an `object` needs its `objectType`');
  return { objectType: enumValue(Enum.ObjectType, o.objectType, 'object type'), attributes, object: o.object! };
}

export interface LocateOptions {
  readonly name?: string;
  readonly objectType?: ObjectTypeName | number;
  readonly attributes?: readonly Attribute[];
  readonly maximumItems?: number;
  /** KMIP 1.3+: ignored by the encoder in older versions. */
  readonly offsetItems?: number;
}

export function locateRequest(o: LocateOptions): RequestOf<typeof Locate> {
  const attributes = [
    ...(o.objectType === undefined ? [] : [attr.objectType(enumValue(Enum.ObjectType, o.objectType, 'object type'))]),
    ...(o.name === undefined ? [] : [attr.name(o.name)]),
    ...(o.attributes ?? []),
  ];
  return {
    ...(o.maximumItems === undefined ? {} : { maximumItems: o.maximumItems }),
    ...(o.offsetItems === undefined ? {} : { offsetItems: o.offsetItems }),
    ...(attributes.length === 0 ? {} : { attributes }),
  };
}
