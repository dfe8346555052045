/** Symmetric keys the server generates on Create: the algorithms and lengths it accepts. */
import type { Rng } from '@ekmsim/core';
import { enumName, Enum, KmipResultError, symmetricKeyObject, Tag, type ProtocolVersion } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';

const A = Enum.CryptographicAlgorithm;
const HMACS: readonly number[] = [A.HMACSHA1, A.HMACSHA224, A.HMACSHA256, A.HMACSHA384, A.HMACSHA512];

/** Key material length in bytes for (algorithm, Cryptographic Length in bits), or a reason why not. */
function materialBytes(algorithm: number, bits: number): number | string {
  if (algorithm === A.AES) return bits === 128 || bits === 192 || bits === 256 ? bits / 8 : 'AES keys are 128, 192 or 256 bits';
  if (algorithm === A.TripleDES) return bits === 168 || bits === 192 ? 24 : 'Triple DES keys are 168 (or 192) bits';
  if (HMACS.includes(algorithm)) return bits >= 128 && bits <= 1024 && bits % 8 === 0 ? bits / 8 : 'HMAC keys are 128 to 1024 bits, a multiple of 8';
  return `Create does not generate ${enumName(Tag.CryptographicAlgorithm, algorithm) ?? `algorithm 0x${algorithm.toString(16)}`} keys (AES, Triple DES and HMAC only)`;
}

/** The version symmetric key objects are built in: every tag of a Key Block exists in all versions. */
const OBJECT_VERSION: ProtocolVersion = { major: 1, minor: 0 };

export function generateSymmetricKey(algorithm: number | undefined, bits: number | undefined, rng: Rng): TtlvItem {
  if (algorithm === undefined) throw new KmipResultError('InvalidField', 'Create needs a Cryptographic Algorithm attribute');
  if (bits === undefined) throw new KmipResultError('InvalidField', 'Create needs a Cryptographic Length attribute');
  const n = materialBytes(algorithm, bits);
  if (typeof n === 'string') throw new KmipResultError('InvalidField', `Cryptographic Length ${bits}: ${n}`);
  return symmetricKeyObject({ material: rng.bytes(n), algorithm, length: bits }, OBJECT_VERSION);
}
