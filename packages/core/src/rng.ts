/**
 * Chance as domain code sees it. Key material, identifiers and jitter all come from an Rng, so a
 * deterministic run can replace it with a seeded one.
 */
export interface Rng {
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
  /** A generator of its own for work that runs beside other work (see forkRng). */
  fork?(): Rng;
}

/**
 * A generator for work that runs concurrently with other draws (a key server starting while
 * nodes join): taken at a fixed point, a seeded one gives that work the same numbers every run
 * whatever the interleaving; a secure one is simply another secure one.
 */
export function forkRng(rng: Rng): Rng {
  return rng.fork?.() ?? rng;
}

interface WebCrypto {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

/** The platform's cryptographically secure generator (Web Crypto), used for real key material. */
export function secureRng(): Rng {
  const crypto = (globalThis as unknown as { crypto: WebCrypto }).crypto;
  return {
    fork: secureRng,
    bytes(n) {
      const out = new Uint8Array(n);
      // getRandomValues fills at most 65,536 bytes per call.
      for (let off = 0; off < n; off += 65536) crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
      return out;
    },
  };
}

/**
 * A reproducible generator (xoshiro128**, seeded through splitmix32) for deterministic runs and
 * tests. Not cryptographically secure: a seed reproduces every "key" it makes.
 */
export function seededRng(seed: number): Rng {
  let x = seed >>> 0;
  const split = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [split(), split(), split(), split()] as [number, number, number, number];
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  return {
    fork: () => seededRng(next()),
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 4) {
        const v = next();
        for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
      }
      return out;
    },
  };
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}

/** A uniform integer in [0, max) drawn from `rng`. */
export function randomInt(rng: Rng, max: number): number {
  if (!Number.isInteger(max) || max <= 0 || max > 2 ** 32) throw new RangeError(`bad bound ${max}`);
  const limit = Math.floor(2 ** 32 / max) * max;
  for (;;) {
    const b = rng.bytes(4);
    const v = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (v < limit) return v % max;
  }
}
