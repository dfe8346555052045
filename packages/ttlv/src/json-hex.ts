/**
 * The KMIP JSON form's hex values: `0x` and exactly as many digits as the TTLV value has bytes
 * times two (8 for Integer, Enumeration and Interval; 16 for Long Integer, Boolean and the
 * date-times; a multiple of 16 for Big Integer), two's complement for signed types.
 */

/** `v` as `0x` and `digits` upper-case hex digits of its two's complement. */
export function hexFixed(v: bigint | number, digits: number): string {
  return '0x' + BigInt.asUintN(digits * 4, BigInt(v)).toString(16).toUpperCase().padStart(digits, '0');
}

const HEX_DIGITS = /^[0-9A-Fa-f]*$/;

/**
 * The unsigned value of `0x` followed by hex digits; `digits` fixes their count, or, when it is
 * 'words', requires a positive multiple of 16. Undefined for anything else.
 */
export function parseHex(text: string, digits: number | 'words'): bigint | undefined {
  if (!text.startsWith('0x') && !text.startsWith('0X')) return undefined;
  const body = text.slice(2);
  const countOk = digits === 'words' ? body.length > 0 && body.length % 16 === 0 : body.length === digits;
  if (!countOk || !HEX_DIGITS.test(body)) return undefined;
  return BigInt('0x' + body);
}
