/**
 * The TTLV item model (KMIP 1.4 §9.1, KMIP 2.0 §10): Tag | Type | Length | Value.
 * 64-bit quantities are bigints so that any decoded item re-encodes byte for byte.
 */

/** Item type codes (KMIP 1.4 §9.1.1.2, 2.0 §10.1.2). */
export const ItemType = {
  Structure: 0x01,
  Integer: 0x02,
  LongInteger: 0x03,
  BigInteger: 0x04,
  Enumeration: 0x05,
  Boolean: 0x06,
  TextString: 0x07,
  ByteString: 0x08,
  DateTime: 0x09,
  Interval: 0x0a,
  DateTimeExtended: 0x0b,
} as const;

export type ItemTypeName = keyof typeof ItemType;

export type TtlvItem =
  | { readonly tag: number; readonly type: 'Structure'; readonly value: readonly TtlvItem[] }
  /** Signed 32-bit. */
  | { readonly tag: number; readonly type: 'Integer'; readonly value: number }
  /** Signed 64-bit. */
  | { readonly tag: number; readonly type: 'LongInteger'; readonly value: bigint }
  /** Signed, two's complement, encoded in a multiple of 8 bytes. */
  | { readonly tag: number; readonly type: 'BigInteger'; readonly value: bigint }
  /** Unsigned 32-bit. */
  | { readonly tag: number; readonly type: 'Enumeration'; readonly value: number }
  | { readonly tag: number; readonly type: 'Boolean'; readonly value: boolean }
  | { readonly tag: number; readonly type: 'TextString'; readonly value: string }
  | { readonly tag: number; readonly type: 'ByteString'; readonly value: Uint8Array }
  /** Signed 64-bit POSIX seconds. */
  | { readonly tag: number; readonly type: 'DateTime'; readonly value: bigint }
  /** Unsigned 32-bit seconds. */
  | { readonly tag: number; readonly type: 'Interval'; readonly value: number }
  /** Signed 64-bit POSIX microseconds (KMIP 2.x). */
  | { readonly tag: number; readonly type: 'DateTimeExtended'; readonly value: bigint };

export type ItemOf<T extends ItemTypeName> = Extract<TtlvItem, { type: T }>;

/** Builders, so call sites read as the structure they make. */
export const ttlv = {
  structure: (tag: number, value: readonly TtlvItem[]): ItemOf<'Structure'> => ({ tag, type: 'Structure', value }),
  integer: (tag: number, value: number): ItemOf<'Integer'> => ({ tag, type: 'Integer', value }),
  longInteger: (tag: number, value: bigint): ItemOf<'LongInteger'> => ({ tag, type: 'LongInteger', value }),
  bigInteger: (tag: number, value: bigint): ItemOf<'BigInteger'> => ({ tag, type: 'BigInteger', value }),
  enumeration: (tag: number, value: number): ItemOf<'Enumeration'> => ({ tag, type: 'Enumeration', value }),
  boolean: (tag: number, value: boolean): ItemOf<'Boolean'> => ({ tag, type: 'Boolean', value }),
  textString: (tag: number, value: string): ItemOf<'TextString'> => ({ tag, type: 'TextString', value }),
  byteString: (tag: number, value: Uint8Array): ItemOf<'ByteString'> => ({ tag, type: 'ByteString', value }),
  dateTime: (tag: number, value: bigint): ItemOf<'DateTime'> => ({ tag, type: 'DateTime', value }),
  interval: (tag: number, value: number): ItemOf<'Interval'> => ({ tag, type: 'Interval', value }),
  dateTimeExtended: (tag: number, value: bigint): ItemOf<'DateTimeExtended'> => ({ tag, type: 'DateTimeExtended', value }),
} as const;

const typeNamesByCode: readonly (ItemTypeName | undefined)[] = (() => {
  const names: (ItemTypeName | undefined)[] = [];
  for (const [name, code] of Object.entries(ItemType)) names[code] = name as ItemTypeName;
  return names;
})();

/** The type name for a wire type code, or undefined for a code KMIP does not define. */
export function itemTypeName(code: number): ItemTypeName | undefined {
  return typeNamesByCode[code];
}

/** A tag as KMIP documents write it: `0x` and six upper-case hex digits (`0x42006A`). */
export function formatTag(tag: number): string {
  return '0x' + tag.toString(16).toUpperCase().padStart(6, '0');
}
