import { randomInt, type Rng } from '@ekmsim/core';
import { ttlv, type TtlvItem } from '@ekmsim/ttlv';

/**
 * Random item trees from a seeded Rng, biased towards the values codecs get wrong: type limits,
 * zero and -1, multi-byte and astral characters, a leading byte order mark, lengths that are and
 * are not multiples of 8, Big Integers on word boundaries, dates outside years 0000..9999.
 */
export function randomItem(rng: Rng, depth = 0): TtlvItem {
  const tag = pick(rng, [0x420000 + randomInt(rng, 0x200), 0x540000 + randomInt(rng, 0x10000), randomInt(rng, 0x1000000)]);
  const kind = randomInt(rng, depth >= 5 ? 10 : 13);
  switch (kind) {
    case 0:
      return ttlv.integer(tag, pick(rng, [0, -1, 2 ** 31 - 1, -(2 ** 31), int32(rng)]));
    case 1:
      return ttlv.longInteger(tag, pick(rng, [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n, int64(rng)]));
    case 2:
      return ttlv.bigInteger(tag, pick(rng, [0n, -1n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), -(2n ** 63n) - 1n, bigInt(rng)]));
    case 3:
      return ttlv.enumeration(tag, pick(rng, [0, 2 ** 32 - 1, uint32(rng)]));
    case 4:
      return ttlv.boolean(tag, randomInt(rng, 2) === 1);
    case 5:
      return ttlv.textString(tag, text(rng));
    case 6:
      return ttlv.byteString(tag, rng.bytes(randomInt(rng, 41)));
    case 7:
      return ttlv.dateTime(tag, pick(rng, [0n, -1n, 1205495800n, -62167219201n, 253402300800n, int64(rng)]));
    case 8:
      return ttlv.interval(tag, pick(rng, [0, 2 ** 32 - 1, uint32(rng)]));
    case 9:
      return ttlv.dateTimeExtended(tag, pick(rng, [0n, -1n, 1205495800123456n, int64(rng)]));
    default: {
      const children: TtlvItem[] = [];
      for (let n = randomInt(rng, 6); n > 0; n--) children.push(randomItem(rng, depth + 1));
      return ttlv.structure(tag, children);
    }
  }
}

const CHARS = ['a', 'Z', '0', ' ', '-', 'é', 'ü', '€', '中', '😀', '\uFEFF', '\u0000', '\u007F', '\u0080', '\uFFFD'];

function text(rng: Rng): string {
  let s = '';
  for (let n = randomInt(rng, 20); n > 0; n--) s += pick(rng, CHARS);
  return s;
}

function pick<T>(rng: Rng, choices: readonly T[]): T {
  return choices[randomInt(rng, choices.length)]!;
}

function uint32(rng: Rng): number {
  const b = rng.bytes(4);
  return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
}

function int32(rng: Rng): number {
  return uint32(rng) | 0;
}

function int64(rng: Rng): bigint {
  return BigInt.asIntN(64, (BigInt(uint32(rng)) << 32n) | BigInt(uint32(rng)));
}

function bigInt(rng: Rng): bigint {
  let v = 0n;
  for (let n = 1 + randomInt(rng, 40); n > 0; n--) v = (v << 8n) | BigInt(rng.bytes(1)[0]!);
  return randomInt(rng, 2) === 1 ? -v : v;
}
