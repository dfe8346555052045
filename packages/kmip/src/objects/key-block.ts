/** Key Block (KMIP 1.4 §2.1.3) of a symmetric key, and the Symmetric Key object around it (§2.2.2). */
import type { TtlvItem } from '@ekmsim/ttlv';
import { Enum } from '../registry/enums.generated.js';
import { Tag } from '../registry/tags.generated.js';
import { bytes, enumeration, integer, optional, raw, required, struct, type Infer } from '../schema/codec.js';
import type { ProtocolVersion } from '../version.js';

/** Key Value of an unwrapped key: Key Material plus (1.x) attributes. */
const keyValue = struct(Tag.KeyValue, {
  keyMaterial: required(bytes(Tag.KeyMaterial)),
});

export const keyBlock = struct(Tag.KeyBlock, {
  keyFormatType: required(enumeration(Tag.KeyFormatType)),
  keyCompressionType: optional(enumeration(Tag.KeyCompressionType)),
  keyValue: required(keyValue),
  cryptographicAlgorithm: optional(enumeration(Tag.CryptographicAlgorithm)),
  cryptographicLength: optional(integer(Tag.CryptographicLength)),
  keyWrappingData: optional(raw(Tag.KeyWrappingData)),
});
export type KeyBlock = Infer<typeof keyBlock.shape>;

const symmetricKey = struct(Tag.SymmetricKey, { keyBlock: required(keyBlock) });

export interface SymmetricKeyMaterial {
  readonly material: Uint8Array;
  readonly algorithm: number;
  readonly length: number;
}

/** A Raw-format Symmetric Key object. */
export function symmetricKeyObject(key: SymmetricKeyMaterial, version: ProtocolVersion): TtlvItem {
  return symmetricKey.toItem(
    {
      keyBlock: {
        keyFormatType: Enum.KeyFormatType.Raw,
        keyValue: { keyMaterial: key.material },
        cryptographicAlgorithm: key.algorithm,
        cryptographicLength: key.length,
      },
    },
    { version },
  );
}

/** Reads the key material out of a Symmetric Key object (as returned by Get). */
export function readSymmetricKey(obj: TtlvItem, version: ProtocolVersion): SymmetricKeyMaterial & { keyFormatType: number } {
  const { keyBlock: kb } = symmetricKey.fromItem(obj, { version });
  return {
    material: kb.keyValue.keyMaterial,
    algorithm: kb.cryptographicAlgorithm ?? 0,
    length: kb.cryptographicLength ?? kb.keyValue.keyMaterial.length * 8,
    keyFormatType: kb.keyFormatType,
  };
}
