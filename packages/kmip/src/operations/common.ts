/** Fields several operations share. */
import type { TtlvItem } from '@ekmsim/ttlv';
import { Tag } from '../registry/tags.generated.js';
import { describeTag } from '../registry/names.js';
import { invalid, optional, required, text, type FieldCodec } from '../schema/codec.js';
import { usesAttributesStructure, type ProtocolVersion } from '../version.js';

/** Unique Identifier, omitted in a request to mean the batch's ID Placeholder (KMIP 1.4 §3.1). */
export const uidOrPlaceholder = (): FieldCodec<string | undefined, true> => optional(text(Tag.UniqueIdentifier));
export const uid = (): FieldCodec<string, false> => required(text(Tag.UniqueIdentifier));

export const only1x = (v: ProtocolVersion): boolean => !usesAttributesStructure(v);
export const only2x = (v: ProtocolVersion): boolean => usesAttributesStructure(v);
export const from13 = (v: ProtocolVersion): boolean => v.major > 1 || v.minor >= 3;

/** Managed object structures by tag (KMIP 1.4 §2.2). */
export const OBJECT_TAGS: readonly number[] = [
  Tag.Certificate,
  Tag.SymmetricKey,
  Tag.PublicKey,
  Tag.PrivateKey,
  Tag.SplitKey,
  Tag.Template,
  Tag.SecretData,
  Tag.OpaqueObject,
  Tag.PGPKey,
];

/** The managed object in a Get response or a Register request, kept as TTLV. */
export function managedObject(): FieldCodec<TtlvItem, false> {
  return {
    optional: false,
    read(children, _ctx, owner) {
      const found = children.filter((c) => OBJECT_TAGS.includes(c.tag));
      if (found.length !== 1) throw invalid(`${describeTag(owner)}: expected one managed object, found ${found.length}`);
      const obj = found[0]!;
      if (obj.type !== 'Structure') throw invalid(`${describeTag(obj.tag)}: expected Structure`);
      return obj;
    },
    write: (value) => [value],
  };
}
