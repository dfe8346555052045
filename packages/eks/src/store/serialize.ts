/**
 * How a record's TTLV is kept on disk: the object as its encoded TTLV, the attributes as one
 * Structure of KMIP 1.x Attribute{Attribute Name, Attribute Index, Attribute Value} items, a
 * form that holds every version's attributes. Nothing goes through JSON.
 */
import { attribute, Tag } from '@ekmsim/kmip';
import { decodeTtlv, encodeTtlv, type TtlvItem } from '@ekmsim/ttlv';
import { KeyServerError } from '../errors.js';
import { stored, type StoredAttribute } from '../model/managed-object.js';

export function encodeAttributes(list: readonly StoredAttribute[]): Uint8Array {
  const items: TtlvItem[] = list.map((a) => ({
    tag: Tag.Attribute,
    type: 'Structure',
    value: [
      { tag: Tag.AttributeName, type: 'TextString', value: a.name },
      { tag: Tag.AttributeIndex, type: 'Integer', value: a.index },
      { ...a.value, tag: Tag.AttributeValue },
    ],
  }));
  return encodeTtlv({ tag: Tag.Attributes, type: 'Structure', value: items });
}

export function decodeAttributes(bytes: Uint8Array): StoredAttribute[] {
  const top = decodeTtlv(bytes);
  if (top.type !== 'Structure') throw new KeyServerError('STORE', 'stored attributes are not a Structure');
  return top.value.map((item) => {
    const [name, index, value] = item.type === 'Structure' ? item.value : [];
    if (name?.type !== 'TextString' || index?.type !== 'Integer' || value === undefined) throw new KeyServerError('STORE', 'malformed stored attribute');
    return stored(attribute(name.value, value), index.value);
  });
}

export function encodeObject(object: TtlvItem | undefined): Uint8Array | null {
  return object === undefined ? null : encodeTtlv(object);
}

export function decodeObject(bytes: Uint8Array | null): TtlvItem | undefined {
  return bytes === null ? undefined : decodeTtlv(bytes);
}
