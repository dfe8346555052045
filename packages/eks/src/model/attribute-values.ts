/** The value types of the attributes a client commonly gives (KMIP 1.4 §3), checked on the way in. */
import { KmipResultError, Tag, type Attribute } from '@ekmsim/kmip';
import type { ItemTypeName } from '@ekmsim/ttlv';

const EXPECTED: Readonly<Record<string, ItemTypeName>> = {
  'Object Type': 'Enumeration',
  'Cryptographic Algorithm': 'Enumeration',
  'Cryptographic Length': 'Integer',
  'Cryptographic Usage Mask': 'Integer',
  'Activation Date': 'DateTime',
  'Deactivation Date': 'DateTime',
  'Process Start Date': 'DateTime',
  'Protect Stop Date': 'DateTime',
  'Object Group': 'TextString',
  'Contact Information': 'TextString',
  'Operation Policy Name': 'TextString',
  Description: 'TextString',
  Comment: 'TextString',
  Name: 'Structure',
  Link: 'Structure',
  'Application Specific Information': 'Structure',
  Sensitive: 'Boolean',
  Extractable: 'Boolean',
};

export function checkAttributeValue(a: Attribute): void {
  const expected = EXPECTED[a.name];
  if (expected !== undefined && a.value.type !== expected) {
    throw new KmipResultError('InvalidAttributeValue', `attribute ${JSON.stringify(a.name)} must be a ${expected}, not a ${a.value.type}`);
  }
  if (a.name === 'Name') {
    const value = a.value.type === 'Structure' ? a.value.value.find((c) => c.tag === Tag.NameValue) : undefined;
    if (value?.type !== 'TextString') throw new KmipResultError('InvalidAttributeValue', 'attribute "Name" needs a Name Value text');
  }
}
