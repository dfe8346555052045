import type { TtlvDictionary } from '@ekmsim/ttlv';
import { Enum } from './enums.generated.js';
import { Tag, TAG_VERSIONS } from './tags.generated.js';

const tagToName = new Map<number, string>();
for (const [name, tag] of Object.entries(Tag)) tagToName.set(tag, name);

const enumsByTag = new Map<number, { byValue: Map<number, string>; byName: Map<string, number> }>();
for (const [tagName, values] of Object.entries(Enum)) {
  const tag = (Tag as Record<string, number>)[tagName];
  if (tag === undefined) continue;
  const byValue = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const [name, value] of Object.entries(values as Record<string, number>)) {
    const spelled = name.startsWith('_') ? name.slice(1) : name;
    if (!byValue.has(value)) byValue.set(value, spelled);
    byName.set(spelled, value);
  }
  enumsByTag.set(tag, { byValue, byName });
}

export function tagName(tag: number): string | undefined {
  return tagToName.get(tag);
}

/** Whether `tag` exists in protocol version `code` (major*10+minor); vendor tags always do. */
export function tagExistsIn(tag: number, code: number): boolean {
  const range = TAG_VERSIONS[tag];
  if (range === undefined) return (tag & 0xff0000) === 0x540000;
  return code >= range[0] && code <= range[1];
}

export function enumName(tag: number, value: number): string | undefined {
  return enumsByTag.get(tag)?.byValue.get(value);
}

/** The KMIP dictionary for the TTLV JSON form and for error messages. */
export const kmipDictionary: TtlvDictionary = {
  tagName,
  tagByName: (name) => (Tag as Record<string, number>)[name],
  enumName,
  enumByName: (tag, name) => enumsByTag.get(tag)?.byName.get(name),
};

/** A tag as people read it: its name, or hex when unknown. */
export function describeTag(tag: number): string {
  return tagName(tag) ?? `0x${tag.toString(16).toUpperCase().padStart(6, '0')}`;
}
