/** Builders and readers for the attributes ekmsim uses most (KMIP 1.4 §3). */
import type { TtlvItem } from '@ekmsim/ttlv';
import { attribute, type Attribute } from '../attributes.js';
import { Enum } from '../registry/enums.generated.js';
import { Tag } from '../registry/tags.generated.js';

const item = {
  enumeration: (value: number): TtlvItem => ({ tag: 0, type: 'Enumeration', value }),
  integer: (value: number): TtlvItem => ({ tag: 0, type: 'Integer', value }),
  text: (value: string): TtlvItem => ({ tag: 0, type: 'TextString', value }),
  dateTime: (value: bigint): TtlvItem => ({ tag: 0, type: 'DateTime', value }),
};

export const attr = {
  /** Name (KMIP 1.4 §3.2): a Name Value and a Name Type. */
  name: (value: string, type: number = Enum.NameType.UninterpretedTextString): Attribute =>
    attribute('Name', {
      tag: Tag.Name,
      type: 'Structure',
      value: [
        { tag: Tag.NameValue, type: 'TextString', value },
        { tag: Tag.NameType, type: 'Enumeration', value: type },
      ],
    }),
  objectType: (v: number): Attribute => attribute('Object Type', item.enumeration(v)),
  cryptographicAlgorithm: (v: number): Attribute => attribute('Cryptographic Algorithm', item.enumeration(v)),
  cryptographicLength: (v: number): Attribute => attribute('Cryptographic Length', item.integer(v)),
  cryptographicUsageMask: (v: number): Attribute => attribute('Cryptographic Usage Mask', item.integer(v)),
  state: (v: number): Attribute => attribute('State', item.enumeration(v)),
  uniqueIdentifier: (v: string): Attribute => attribute('Unique Identifier', item.text(v)),
  date: (name: string, posixSeconds: bigint): Attribute => attribute(name, item.dateTime(posixSeconds)),
  text: (name: string, value: string): Attribute => attribute(name, item.text(value)),
};

export function findAttributes(list: readonly Attribute[] | undefined, name: string): Attribute[] {
  return (list ?? []).filter((a) => a.name === name);
}

/** The Name Values of every Name attribute in `list`. */
export function nameValues(list: readonly Attribute[] | undefined): string[] {
  return findAttributes(list, 'Name').flatMap((a) => {
    if (a.value.type !== 'Structure') return [];
    const v = a.value.value.find((c) => c.tag === Tag.NameValue);
    return v?.type === 'TextString' ? [v.value] : [];
  });
}

/** The value of a single-valued Enumeration, Integer or Interval attribute. */
export function numberAttribute(list: readonly Attribute[] | undefined, name: string): number | undefined {
  const v = findAttributes(list, name)[0]?.value;
  return v?.type === 'Enumeration' || v?.type === 'Integer' || v?.type === 'Interval' ? v.value : undefined;
}

export function textAttribute(list: readonly Attribute[] | undefined, name: string): string | undefined {
  const v = findAttributes(list, name)[0]?.value;
  return v?.type === 'TextString' ? v.value : undefined;
}
