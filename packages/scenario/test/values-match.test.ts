/** The runner's values (`${…}` references, test data patterns) and its expected-versus-actual matching. */
import { mismatch, pattern, resolveValues, textMatches, ValueError } from '@ekmsim/scenario';
import { describe, expect, it } from 'vitest';

describe('values', () => {
  const saved = new Map<string, unknown>([
    ['id', 7],
    ['ks', { port: 5696, hostnames: ['a.ekmsim.test'] }],
    ['pem', 'PEM\n'],
  ]);

  it('a whole-string reference keeps its type; inside text it is spliced in; paths reach inside', () => {
    expect(resolveValues({ keyServerID: '${id}', port: '${ks.port}', host: '${ks.hostnames.0}', text: 'id=${id}', both: '${pem}${pem}' }, saved)).toEqual({
      keyServerID: 7,
      port: 5696,
      host: 'a.ekmsim.test',
      text: 'id=7',
      both: 'PEM\nPEM\n',
    });
  });

  it('a pattern is whole 4 KiB blocks of the text, in base64', () => {
    const bytes = Buffer.from(pattern('abc', 2), 'base64');
    expect(bytes.length).toBe(8192);
    expect(bytes.subarray(0, 6).toString()).toBe('abcabc');
    expect(resolveValues('${pattern:abc:2}', saved)).toBe(pattern('abc', 2));
  });

  it('names what is missing', () => {
    expect(() => resolveValues('${nope}', saved)).toThrow(ValueError);
    expect(() => resolveValues('${nope}', saved)).toThrow(/nope was not saved by an earlier step \(saved: id, ks, pem\)/);
    expect(() => resolveValues('${ks.nothing}', saved)).toThrow(/the result has no nothing/);
  });
});

describe('matching', () => {
  it('objects match on the members expected; arrays element by element and length', () => {
    expect(mismatch({ a: 1 }, { a: 1, b: 2 })).toBeNull();
    expect(mismatch({ a: { b: [1, 2] } }, { a: { b: [1, 2] } })).toBeNull();
    expect(mismatch({ a: { b: [1, 2] } }, { a: { b: [1] } })).toBe('result.a.b: expected 2 items, got 1: [1]');
    expect(mismatch({ a: 1 }, { a: 2 })).toBe('result.a: expected 1, got 2');
    expect(mismatch({ a: 1 }, null)).toBe('result: expected an object, got null');
  });

  it('a "/…/" string is a regular expression; other text must be equal', () => {
    expect(mismatch({ s: '/^run(ning)?$/' }, { s: 'running' })).toBeNull();
    expect(mismatch({ s: '/^run$/' }, { s: 'running' })).toBe('result.s: expected to match /^run$/, got "running"');
    expect(mismatch({ s: 'run' }, { s: 'running' })).toBe('result.s: expected "run", got "running"');
    expect(textMatches('bad hostname', 'BIO_get_host_ip: bad hostname lookup')).toBe(true);
    expect(textMatches('/^BIO/', 'x BIO')).toBe(false);
  });
});
