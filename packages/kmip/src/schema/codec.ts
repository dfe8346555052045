/**
 * Declare each KMIP structure once; the decoder and the encoder both read the declaration
 * (the asn1-schema habit). A structure is an object literal of field codecs in wire order:
 *
 *   const Get = struct(Tag.RequestPayload, {
 *     uniqueIdentifier: optional(text(Tag.UniqueIdentifier)),
 *     keyFormatType: optional(enumeration(Tag.KeyFormatType)),
 *   });
 *
 * and its TypeScript type follows from the declaration (`Infer<typeof Get>`).
 */
import type { ItemOf, ItemTypeName, TtlvItem } from '@ekmsim/ttlv';
import { KmipResultError } from '../errors.js';
import { describeTag, tagExistsIn } from '../registry/names.js';
import { versionCode, type ProtocolVersion } from '../version.js';

export interface CodecContext {
  readonly version: ProtocolVersion;
}

/** One TTLV item ⇄ one value. */
export interface ValueCodec<T> {
  readonly tag: number;
  fromItem(item: TtlvItem, ctx: CodecContext): T;
  toItem(value: T, ctx: CodecContext): TtlvItem;
}

/** A field of a structure: picks its items out of the structure's children. */
export interface FieldCodec<T, Opt extends boolean = boolean> {
  readonly optional: Opt;
  read(children: readonly TtlvItem[], ctx: CodecContext, owner: number): T;
  write(value: T, ctx: CodecContext): TtlvItem[];
}

type AnyField = FieldCodec<any, boolean>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Shape = Record<string, AnyField>;
type FieldValue<F> = F extends FieldCodec<infer T, boolean> ? T : never;
type OptKeys<S extends Shape> = { [K in keyof S]: S[K] extends FieldCodec<unknown, true> ? K : never }[keyof S];
type ReqKeys<S extends Shape> = Exclude<keyof S, OptKeys<S>>;
export type Infer<S extends Shape> = { [K in ReqKeys<S>]: FieldValue<S[K]> } & { [K in OptKeys<S>]?: Exclude<FieldValue<S[K]>, undefined> };
export type InferCodec<C> = C extends ValueCodec<infer T> ? T : never;

export function invalid(message: string): KmipResultError {
  return new KmipResultError('InvalidMessage', message);
}

function expectType<T extends ItemTypeName>(item: TtlvItem, type: T): ItemOf<T> {
  if (item.type !== type) throw invalid(`${describeTag(item.tag)}: expected ${type}, found ${item.type}`);
  return item as ItemOf<T>;
}

function primitive<T, N extends ItemTypeName>(type: N, make: (tag: number, v: T) => ItemOf<N>, get: (i: ItemOf<N>) => T) {
  return (tag: number): ValueCodec<T> => ({
    tag,
    fromItem: (item) => get(expectType(item, type)),
    toItem: (value) => make(tag, value),
  });
}

export const text = primitive<string, 'TextString'>('TextString', (tag, value) => ({ tag, type: 'TextString', value }), (i) => i.value);
export const bytes = primitive<Uint8Array, 'ByteString'>('ByteString', (tag, value) => ({ tag, type: 'ByteString', value }), (i) => i.value);
export const integer = primitive<number, 'Integer'>('Integer', (tag, value) => ({ tag, type: 'Integer', value }), (i) => i.value);
export const longInteger = primitive<bigint, 'LongInteger'>('LongInteger', (tag, value) => ({ tag, type: 'LongInteger', value }), (i) => i.value);
export const bigInteger = primitive<bigint, 'BigInteger'>('BigInteger', (tag, value) => ({ tag, type: 'BigInteger', value }), (i) => i.value);
export const enumeration = primitive<number, 'Enumeration'>('Enumeration', (tag, value) => ({ tag, type: 'Enumeration', value }), (i) => i.value);
export const boolean = primitive<boolean, 'Boolean'>('Boolean', (tag, value) => ({ tag, type: 'Boolean', value }), (i) => i.value);
export const dateTime = primitive<bigint, 'DateTime'>('DateTime', (tag, value) => ({ tag, type: 'DateTime', value }), (i) => i.value);
export const interval = primitive<number, 'Interval'>('Interval', (tag, value) => ({ tag, type: 'Interval', value }), (i) => i.value);

/** Any item with this tag, kept as TTLV (for values whose shape depends on something else). */
export function raw(tag: number): ValueCodec<TtlvItem> {
  return { tag, fromItem: (item) => item, toItem: (value) => ({ ...value, tag }) };
}

export function struct<S extends Shape>(tag: number, shape: S): ValueCodec<Infer<S>> & { readonly shape: S } {
  const entries = Object.entries(shape);
  return {
    tag,
    shape,
    fromItem(item, ctx) {
      const children = expectType(item, 'Structure').value;
      const out: Record<string, unknown> = {};
      for (const [key, field] of entries) {
        const v: unknown = field.read(children, ctx, tag);
        if (v !== undefined) out[key] = v;
      }
      return out as Infer<S>;
    },
    toItem(value, ctx) {
      const children: TtlvItem[] = [];
      const v = value as Record<string, unknown>;
      for (const [key, field] of entries) children.push(...field.write(v[key], ctx));
      return { tag, type: 'Structure', value: children };
    },
  };
}

function present(c: ValueCodec<unknown>, children: readonly TtlvItem[]): TtlvItem[] {
  return children.filter((i) => i.tag === c.tag);
}

function writable(c: ValueCodec<unknown>, ctx: CodecContext): boolean {
  // A reply carries only the tags its protocol version defines.
  return tagExistsIn(c.tag, versionCode(ctx.version));
}

export function required<T>(c: ValueCodec<T>): FieldCodec<T, false> {
  return {
    optional: false,
    read(children, ctx, owner) {
      const found = present(c, children);
      if (found.length === 0) throw invalid(`${describeTag(owner)}: missing ${describeTag(c.tag)}`);
      if (found.length > 1) throw invalid(`${describeTag(owner)}: ${describeTag(c.tag)} given ${found.length} times`);
      return c.fromItem(found[0]!, ctx);
    },
    write: (value, ctx) => [c.toItem(value, ctx)],
  };
}

export function optional<T>(c: ValueCodec<T>): FieldCodec<T | undefined, true> {
  return {
    optional: true,
    read(children, ctx, owner) {
      const found = present(c, children);
      if (found.length > 1) throw invalid(`${describeTag(owner)}: ${describeTag(c.tag)} given ${found.length} times`);
      return found.length === 0 ? undefined : c.fromItem(found[0]!, ctx);
    },
    write: (value, ctx) => (value === undefined || !writable(c, ctx) ? [] : [c.toItem(value, ctx)]),
  };
}

/** Zero or more items with the same tag; decodes to an array (absent → empty, left out on encode). */
export function repeated<T>(c: ValueCodec<T>): FieldCodec<T[] | undefined, true> {
  return {
    optional: true,
    read: (children, ctx) => {
      const found = present(c, children);
      return found.length === 0 ? undefined : found.map((i) => c.fromItem(i, ctx));
    },
    write: (value, ctx) => (value === undefined || !writable(c, ctx) ? [] : value.map((v) => c.toItem(v, ctx))),
  };
}

/** A field that only exists from (or until) some protocol version; elsewhere it is ignored. */
export function versioned<T>(field: FieldCodec<T | undefined, true>, when: (v: ProtocolVersion) => boolean): FieldCodec<T | undefined, true> {
  return {
    optional: true,
    read: (children, ctx, owner) => (when(ctx.version) ? field.read(children, ctx, owner) : undefined),
    write: (value, ctx) => (when(ctx.version) ? field.write(value, ctx) : []),
  };
}
