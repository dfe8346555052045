/**
 * Attributes in one form for every protocol version. KMIP 1.x wraps each attribute in
 * Attribute{Attribute Name, Attribute Index?, Attribute Value} (1.4 §2.1.1); KMIP 2.0 writes it
 * directly under its own tag inside an Attributes structure; a vendor ("x-…") attribute there is
 * an Attribute{Vendor Identification, Attribute Name, Attribute Value} (2.0 §2.1.1–2.1.2). Here an attribute is its 1.x name, an optional index, and
 * its value as a TTLV item carrying the attribute's own tag (Attribute Value for custom ones).
 */
import type { TtlvItem } from '@ekmsim/ttlv';
import { ATTRIBUTE_NAME_TAGS } from './registry/attribute-names.generated.js';
import { Tag } from './registry/tags.generated.js';
import { describeTag } from './registry/names.js';
import { invalid, type CodecContext, type FieldCodec } from './schema/codec.js';
import { usesAttributesStructure } from './version.js';

export interface Attribute {
  readonly name: string;
  readonly index?: number;
  readonly value: TtlvItem;
}

const TAG_TO_ATTRIBUTE_NAME = new Map<number, string>(Object.entries(ATTRIBUTE_NAME_TAGS).map(([n, t]) => [t, n]));

/** The tag an attribute's value carries: its own for standard attributes, Attribute Value otherwise. */
export function attributeTag(name: string): number {
  return ATTRIBUTE_NAME_TAGS[name] ?? Tag.AttributeValue;
}

export function attributeNameOfTag(tag: number): string | undefined {
  return TAG_TO_ATTRIBUTE_NAME.get(tag);
}

export function isCustomAttributeName(name: string): boolean {
  return ATTRIBUTE_NAME_TAGS[name] === undefined;
}

/** Builds an attribute from its name and value item (the item's tag is replaced). */
export function attribute(name: string, value: TtlvItem, index?: number): Attribute {
  const item = { ...value, tag: attributeTag(name) } as TtlvItem;
  return index === undefined ? { name, value: item } : { name, index, value: item };
}

// ---- KMIP 1.x: Attribute structures -------------------------------------------------------

function fromAttributeStructure(item: TtlvItem): Attribute {
  if (item.type !== 'Structure') throw invalid(`Attribute: expected Structure, found ${item.type}`);
  let name: string | undefined;
  let index: number | undefined;
  let value: TtlvItem | undefined;
  for (const c of item.value) {
    if (c.tag === Tag.AttributeName && c.type === 'TextString') name = c.value;
    else if (c.tag === Tag.AttributeIndex && c.type === 'Integer') index = c.value;
    else if (c.tag === Tag.AttributeValue) value = c;
    else throw invalid(`Attribute: unexpected ${describeTag(c.tag)} (${c.type})`);
  }
  if (name === undefined) throw invalid('Attribute: missing Attribute Name');
  if (value === undefined) throw invalid(`Attribute ${JSON.stringify(name)}: missing Attribute Value`);
  return attribute(name, value, index);
}

function toAttributeStructure(a: Attribute): TtlvItem {
  const children: TtlvItem[] = [{ tag: Tag.AttributeName, type: 'TextString', value: a.name }];
  if (a.index !== undefined) children.push({ tag: Tag.AttributeIndex, type: 'Integer', value: a.index });
  children.push({ ...a.value, tag: Tag.AttributeValue });
  return { tag: Tag.Attribute, type: 'Structure', value: children };
}

// ---- KMIP 2.0: directly tagged items -------------------------------------------------------

function fromTaggedItem(item: TtlvItem): Attribute {
  if (item.tag === Tag.Attribute) {
    if (item.type !== 'Structure') throw invalid('vendor Attribute: expected Structure');
    const vendor = item.value.find((c) => c.tag === Tag.VendorIdentification);
    const name = item.value.find((c) => c.tag === Tag.AttributeName);
    const value = item.value.find((c) => c.tag === Tag.AttributeValue);
    if (vendor?.type !== 'TextString' || name?.type !== 'TextString' || value === undefined) {
      throw invalid('vendor Attribute: needs Vendor Identification, Attribute Name and Attribute Value');
    }
    return { name: `${vendor.value}-${name.value}`, value };
  }
  const name = attributeNameOfTag(item.tag);
  if (name === undefined) throw invalid(`Attributes: ${describeTag(item.tag)} is not an attribute`);
  return { name, value: item };
}

function toTaggedItem(a: Attribute): TtlvItem {
  if (!isCustomAttributeName(a.name)) return a.value;
  const dash = a.name.indexOf('-');
  const vendor = dash > 0 ? a.name.slice(0, dash) : 'x';
  const name = dash > 0 ? a.name.slice(dash + 1) : a.name;
  return {
    tag: Tag.Attribute,
    type: 'Structure',
    value: [
      { tag: Tag.VendorIdentification, type: 'TextString', value: vendor },
      { tag: Tag.AttributeName, type: 'TextString', value: name },
      { ...a.value, tag: Tag.AttributeValue },
    ],
  };
}

function attributesStructure(tag: number, list: readonly Attribute[]): TtlvItem {
  return { tag, type: 'Structure', value: list.map(toTaggedItem) };
}

function readAttributesStructure(item: TtlvItem): Attribute[] {
  if (item.type !== 'Structure') throw invalid(`${describeTag(item.tag)}: expected Structure`);
  return item.value.map(fromTaggedItem);
}

// ---- Field codecs used by the operation payloads -------------------------------------------

/**
 * Attributes listed in a payload: 1.x repeats Attribute structures in place (Locate request,
 * GetAttributes response); 2.0 puts them in one Attributes structure.
 */
export function attributeList(): FieldCodec<Attribute[] | undefined, true> {
  return {
    optional: true,
    read(children, ctx) {
      if (usesAttributesStructure(ctx.version)) {
        const s = children.find((c) => c.tag === Tag.Attributes);
        return s === undefined ? undefined : readAttributesStructure(s);
      }
      const found = children.filter((c) => c.tag === Tag.Attribute);
      return found.length === 0 ? undefined : found.map(fromAttributeStructure);
    },
    write(list, ctx) {
      if (list === undefined) return [];
      return usesAttributesStructure(ctx.version) ? [attributesStructure(Tag.Attributes, list)] : list.map(toAttributeStructure);
    },
  };
}

/**
 * A template of attributes for a new object: 1.x Template-Attribute (`tag1x`: Template
 * Attribute, Common/Private/Public Key Template Attribute); 2.0 an Attributes-shaped structure
 * (`tag2x`: Attributes, Common/Private/Public Key Attributes).
 */
export function templateAttribute(tag1x: number, tag2x: number): FieldCodec<Attribute[] | undefined, true> {
  return {
    optional: true,
    read(children, ctx) {
      if (usesAttributesStructure(ctx.version)) {
        const s = children.find((c) => c.tag === tag2x);
        return s === undefined ? undefined : readAttributesStructure(s);
      }
      const t = children.find((c) => c.tag === tag1x);
      if (t === undefined) return undefined;
      if (t.type !== 'Structure') throw invalid(`${describeTag(tag1x)}: expected Structure`);
      // A Template-Attribute may also name registered Templates (deprecated); those are not expanded.
      return t.value.filter((c) => c.tag === Tag.Attribute).map(fromAttributeStructure);
    },
    write(list, ctx) {
      if (list === undefined) return [];
      if (usesAttributesStructure(ctx.version)) return [attributesStructure(tag2x, list)];
      return [{ tag: tag1x, type: 'Structure', value: list.map(toAttributeStructure) }];
    },
  };
}

/** One attribute to add or set: 1.x an Attribute structure; 2.0 New Attribute{item}. */
export function singleAttribute(tag2x: number = Tag.NewAttribute): FieldCodec<Attribute | undefined, true> {
  return {
    optional: true,
    read(children, ctx) {
      if (usesAttributesStructure(ctx.version)) {
        const s = children.find((c) => c.tag === tag2x);
        if (s === undefined) return undefined;
        if (s.type !== 'Structure' || s.value.length !== 1) throw invalid(`${describeTag(tag2x)}: expected one attribute`);
        return fromTaggedItem(s.value[0]!);
      }
      const a = children.find((c) => c.tag === Tag.Attribute);
      return a === undefined ? undefined : fromAttributeStructure(a);
    },
    write(a, ctx) {
      if (a === undefined) return [];
      if (usesAttributesStructure(ctx.version)) return [{ tag: tag2x, type: 'Structure', value: [toTaggedItem(a)] }];
      return [toAttributeStructure(a)];
    },
  };
}

/** Attribute names: 1.x Attribute Name texts; 2.0 Attribute References (tag enumeration or vendor structure). */
export function attributeNames(): FieldCodec<string[] | undefined, true> {
  return {
    optional: true,
    read(children, ctx: CodecContext) {
      if (!usesAttributesStructure(ctx.version)) {
        const found = children.filter((c) => c.tag === Tag.AttributeName);
        return found.length === 0 ? undefined : found.map((c) => (c.type === 'TextString' ? c.value : fail('Attribute Name: expected Text String')));
      }
      const found = children.filter((c) => c.tag === Tag.AttributeReference);
      return found.length === 0 ? undefined : found.map(readReference);
    },
    write(names, ctx) {
      if (names === undefined) return [];
      if (!usesAttributesStructure(ctx.version)) return names.map((value) => ({ tag: Tag.AttributeName, type: 'TextString', value }));
      return names.map(writeReference);
    },
  };
}

function fail(message: string): never {
  throw invalid(message);
}

function readReference(item: TtlvItem): string {
  if (item.type === 'Enumeration') return attributeNameOfTag(item.value) ?? fail(`Attribute Reference: ${describeTag(item.value)} is not an attribute`);
  if (item.type === 'Structure') {
    const vendor = item.value.find((c) => c.tag === Tag.VendorIdentification);
    const name = item.value.find((c) => c.tag === Tag.AttributeName);
    if (vendor?.type === 'TextString' && name?.type === 'TextString') return `${vendor.value}-${name.value}`;
  }
  return fail('Attribute Reference: expected a tag Enumeration or a Vendor Identification and Attribute Name');
}

function writeReference(name: string): TtlvItem {
  if (!isCustomAttributeName(name)) return { tag: Tag.AttributeReference, type: 'Enumeration', value: attributeTag(name) };
  const dash = name.indexOf('-');
  return {
    tag: Tag.AttributeReference,
    type: 'Structure',
    value: [
      { tag: Tag.VendorIdentification, type: 'TextString', value: dash > 0 ? name.slice(0, dash) : 'x' },
      { tag: Tag.AttributeName, type: 'TextString', value: dash > 0 ? name.slice(dash + 1) : name },
    ],
  };
}
