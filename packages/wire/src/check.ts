/**
 * Tiny structural validators: each returns the value typed or throws a WireError naming the
 * path of the first field that is wrong. Unknown extra fields are ignored (newer peers may add).
 */
import { WireError, WIRE_ERROR_CODES } from './errors.js';

export type Check<T> = (value: unknown, path: string) => T;

const fail = (path: string, expected: string, value: unknown): never => {
  const shown = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new WireError(WIRE_ERROR_CODES.malformed, `${path}: expected ${expected} but found ${shown}`);
};

export const str: Check<string> = (v, p) => (typeof v === 'string' ? v : fail(p, 'a string', v));
export const bool: Check<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'a boolean', v));
export const int: Check<number> = (v, p) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : fail(p, 'an integer', v));
export const nat: Check<number> = (v, p) => (int(v, p) >= 0 ? (v as number) : fail(p, 'a non-negative integer', v));
export const positive: Check<number> = (v, p) => (int(v, p) >= 1 ? (v as number) : fail(p, 'a positive integer', v));
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Bytes travel as standard base64 strings. */
export const base64: Check<string> = (v, p) => (typeof v === 'string' && v.length % 4 === 0 && B64.test(v) ? v : fail(p, 'base64 text', v));

export const literal =
  <const L extends string>(...values: L[]): Check<L> =>
  (v, p) =>
    typeof v === 'string' && (values as string[]).includes(v) ? (v as L) : fail(p, `one of ${values.join(', ')}`, v);

export const nullable =
  <T>(c: Check<T>): Check<T | null> =>
  (v, p) =>
    v === null ? null : c(v, p);

export const optional =
  <T>(c: Check<T>): Check<T | undefined> =>
  (v, p) =>
    v === undefined ? undefined : c(v, p);

export const array =
  <T>(c: Check<T>, max = 10_000): Check<T[]> =>
  (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'an array', v);
    if (v.length > max) throw new WireError(WIRE_ERROR_CODES.malformed, `${p}: more than ${max} items`);
    return v.map((x, i) => c(x, `${p}[${i}]`));
  };

type Shape = Record<string, Check<unknown>>;
type Out<S extends Shape> = { -readonly [K in keyof S as undefined extends ReturnType<S[K]> ? never : K]: ReturnType<S[K]> } & {
  -readonly [K in keyof S as undefined extends ReturnType<S[K]> ? K : never]?: ReturnType<S[K]>;
};

export const object =
  <S extends Shape>(shape: S): Check<Out<S>> =>
  (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'an object', v);
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(shape)) {
      const r = c(src[k], p === '' ? k : `${p}.${k}`);
      if (r !== undefined) out[k] = r;
    }
    return out as Out<S>;
  };

/** A discriminated union on `field`. */
export const oneOf =
  <T>(field: string, cases: Record<string, Check<T>>): Check<T> =>
  (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'an object', v);
    const tag = (v as Record<string, unknown>)[field];
    const c = typeof tag === 'string' ? cases[tag] : undefined;
    if (c === undefined) return fail(p === '' ? field : `${p}.${field}`, `one of ${Object.keys(cases).join(', ')}`, tag);
    return c(v, p);
  };

export type Checked<C> = C extends Check<infer T> ? T : never;

/** Any JSON object, left for the receiver's own decoder (e.g. shamir's KeyCheck). */
export const plainObject: Check<Record<string, unknown>> = (v, p) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(p, 'an object', v);
