/** Human-readable lines for each `ekmsim kmip` result. Key material is never printed here. */
import { enumName, formatVersion, nameValues, numberAttribute, Tag, textAttribute, type Attribute, type ProtocolVersion } from '@ekmsim/kmip';
import { attributesToJson } from '@ekmsim/kmip-client';
import type { TtlvItem } from '@ekmsim/ttlv';
import type { KmipCliOperation } from './kmip-args.js';

type Result = Record<string, unknown>;

const enumText = (tag: number, v: number | undefined): string => (v === undefined ? '-' : (enumName(tag, v) ?? `0x${v.toString(16)}`));

function keyBlockLines(object: TtlvItem): string[] {
  const find = (item: TtlvItem, tag: number): TtlvItem | undefined =>
    item.tag === tag ? item : item.type === 'Structure' ? item.value.map((c) => find(c, tag)).find((x) => x !== undefined) : undefined;
  const alg = find(object, Tag.CryptographicAlgorithm);
  const len = find(object, Tag.CryptographicLength);
  const material = find(object, Tag.KeyMaterial);
  return [
    `algorithm: ${alg?.type === 'Enumeration' ? enumText(Tag.CryptographicAlgorithm, alg.value) : '-'}`,
    `length: ${len?.type === 'Integer' ? len.value : '-'}`,
    `key material: ${material?.type === 'ByteString' ? `${material.value.length} bytes (not shown)` : '-'}`,
  ];
}

export function formatResult(operation: KmipCliOperation, r: Result): string[] {
  switch (operation) {
    case 'discover':
      return ((r.protocolVersions as ProtocolVersion[] | undefined) ?? []).map(formatVersion);
    case 'query':
      return [
        `vendor: ${(r.vendorIdentification as string | undefined) ?? '-'}`,
        `operations: ${((r.operations as number[] | undefined) ?? []).map((o) => enumText(Tag.Operation, o)).join(' ')}`,
        `object types: ${((r.objectTypes as number[] | undefined) ?? []).map((o) => enumText(Tag.ObjectType, o)).join(' ')}`,
      ];
    case 'locate':
      return (r.uniqueIdentifiers as string[] | undefined) ?? [];
    case 'get':
      return [`uid: ${r.uniqueIdentifier as string}`, `object type: ${enumText(Tag.ObjectType, r.objectType as number)}`, ...keyBlockLines(r.object as TtlvItem)];
    case 'get-attributes': {
      const list = (r.attributes as Attribute[] | undefined) ?? [];
      const lines = [`uid: ${r.uniqueIdentifier as string}`];
      const names = nameValues(list);
      if (names.length > 0) lines.push(`names: ${names.join(', ')}`);
      const state = numberAttribute(list, 'State');
      if (state !== undefined) lines.push(`state: ${enumText(Tag.State, state)}`);
      const id = textAttribute(list, 'Unique Identifier');
      if (id === undefined) lines.push('(no Unique Identifier attribute)');
      for (const [k, v] of Object.entries(attributesToJson(list))) lines.push(`${k}: ${JSON.stringify(v)}`);
      return lines;
    }
    default:
      return [r.uniqueIdentifier as string];
  }
}
