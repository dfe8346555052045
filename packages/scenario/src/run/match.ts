/**
 * Expected versus actual: an expected object matches when each of its members matches the
 * actual's (extra actual members are fine); an array matches element by element and length; a
 * string `/…/` is a regular expression; anything else must be equal. The answer is null on a
 * match, otherwise where and how it differs.
 */
export function mismatch(expected: unknown, actual: unknown, at = 'result'): string | null {
  if (typeof expected === 'string' && /^\/.+\/[a-z]*$/s.test(expected) && typeof actual === 'string') {
    const end = expected.lastIndexOf('/');
    return new RegExp(expected.slice(1, end), expected.slice(end + 1)).test(actual) ? null : `${at}: expected to match ${expected}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${JSON.stringify(actual)}`;
    if (expected.length !== actual.length) return `${at}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual).slice(0, 300)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(expected[i], actual[i], `${at}[${i}]`);
      if (m !== null) return m;
    }
    return null;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const m = mismatch(v, (actual as Record<string, unknown>)[k], `${at}.${k}`);
      if (m !== null) return m;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** Text `contains` check, or a `/regex/`. */
export function textMatches(expected: string, actual: string): boolean {
  if (/^\/.+\/[a-z]*$/s.test(expected)) {
    const end = expected.lastIndexOf('/');
    return new RegExp(expected.slice(1, end), expected.slice(end + 1)).test(actual);
  }
  return actual.includes(expected);
}
