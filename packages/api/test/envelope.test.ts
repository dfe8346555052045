/** The JSON-RPC envelope of element-api.md §1: ids, sorting, compactness, error objects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '@ekmsim/api';
import { errorOf } from './support/http.js';
import { startFixture, type Fixture } from './support/fixture.js';

/** An independent re-serialisation: keys sorted at every level, no whitespace. */
function sortedCompact(text: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sort(x)]))
        : v;
  const keys: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        keys.push(k);
        walk(x);
      }
    }
  };
  walk(JSON.parse(text));
  // JS orders integer-like keys first; none of the API's keys are integer-like.
  expect(keys.some((k) => /^\d+$/.test(k))).toBe(false);
  return JSON.stringify(sort(JSON.parse(text)));
}

describe('envelope', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('echoes id 0 as 0, not as missing', async () => {
    const reply = await fx.post('{"method":"GetAPI","params":{},"id":0}');
    expect(reply.status).toBe(200);
    expect(reply.body.startsWith('{"id":0,"result":{')).toBe(true);
  });

  it('echoes string ids (the Puppet module sends "puppet-123")', async () => {
    const reply = await fx.call('GetClusterInfo', {}, { id: 'puppet-123' });
    expect(reply.id).toBe('puppet-123');
    expect(reply.raw.body.startsWith('{"id":"puppet-123","result":{"clusterInfo":{')).toBe(true);
  });

  it('answers null when the id is missing or null, for results and errors alike', async () => {
    for (const body of ['{"method":"GetAPI"}', '{"method":"GetAPI","id":null}']) {
      expect((await fx.post(body)).body.startsWith('{"id":null,"result":{')).toBe(true);
    }
    expect((await fx.post('{"method":"NoSuchMethod"}')).body).toBe('{"error":{"code":500,"message":"method=NoSuchMethod","name":"xUnknownAPIMethod"},"id":null}');
  });

  it('writes compact JSON with keys sorted at every level', async () => {
    for (const method of ['GetAPI', 'GetClusterInfo', 'ListKeyServersKmip', 'ListKeyProvidersKmip']) {
      const reply = await fx.call(method, {}, { id: 8 });
      expect(reply.raw.body).toBe(sortedCompact(reply.raw.body));
      expect(reply.raw.body).not.toMatch(/[:,] /);
      expect(reply.raw.headers['content-type']).toBe('application/json');
    }
    const err = await fx.post('{"method":"Nope","id":3}');
    expect(err.body).toBe('{"error":{"code":500,"message":"method=Nope","name":"xUnknownAPIMethod"},"id":3}');
  });

  it('canonicalJson sorts nested keys, keeps nulls and array order, drops undefined', () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }, 2], a: { y: undefined, x: 'é"' } })).toBe('{"a":{"x":"é\\""},"b":[{"a":null,"z":1},2]}');
  });

  it('returns results as objects: {} for methods that return nothing', async () => {
    const reply = await fx.call('ListKeyProvidersKmip');
    expect(reply.result).toEqual({ kmipKeyProviders: [] });
    const created = await fx.result('CreateKeyProviderKmip', { keyProviderName: 'p' });
    const id = (created.kmipKeyProvider as { keyProviderID: number }).keyProviderID;
    expect((await fx.call('DeleteKeyProviderKmip', { keyProviderID: id })).raw.body).toBe('{"id":1,"result":{}}');
  });

  it('ignores unknown top-level members (the Java SDK sends "json-rpc":"2.0")', async () => {
    const reply = await fx.post('{"id":5,"json-rpc":"2.0","method":"GetAPI","params":{},"jsonrpc":"2.0"}');
    expect((JSON.parse(reply.body) as { result: { currentVersion: string } }).result.currentVersion).toBe('12.3');
  });

  it('needs no Content-Type, and ignores a wrong one', async () => {
    for (const headers of [{}, { 'Content-Type': 'application/x-www-form-urlencoded' }, { 'Content-Type': 'application/json-rpc' }]) {
      const reply = await fx.post('{"method":"GetAPI","id":1}', { headers });
      expect(reply.status).toBe(200);
      expect(reply.body).toContain('"currentVersion":"12.3"');
    }
  });

  it('answers an unknown method with xUnknownAPIMethod naming it', async () => {
    const reply = await fx.call('CreateVolume', { name: 'v' }, { id: 11 });
    expect(reply.raw.status).toBe(200);
    expect(reply.error).toEqual({ code: 500, message: 'method=CreateVolume', name: 'xUnknownAPIMethod' });
    expect(reply.id).toBe(11);
  });

  it('finds methods case-insensitively, as the docs\' lower-case examples call them', async () => {
    expect((await fx.result('getapi')).currentVersion).toBe('12.3');
    expect(await fx.result('LISTKEYSERVERSKMIP')).toEqual({ kmipKeyServers: [] });
  });

  it('refuses malformed JSON, a non-object body and a batch with an Element error, changing nothing', async () => {
    const cases: [string, string][] = [
      ['{"method":"CreateKeyProviderKmip","params":{"keyProviderName":"x"}', 'xInvalidJSON'],
      ['', 'xInvalidJSON'],
      ['not json', 'xInvalidJSON'],
      ['[{"method":"CreateKeyProviderKmip","params":{"keyProviderName":"x"},"id":1}]', 'xInvalidRequest'],
      ['42', 'xInvalidRequest'],
      ['"CreateKeyProviderKmip"', 'xInvalidRequest'],
      ['null', 'xInvalidRequest'],
      ['{"params":{"keyProviderName":"x"},"id":4}', 'xInvalidRequest'],
      ['{"method":7,"id":4}', 'xInvalidRequest'],
    ];
    for (const [body, name] of cases) {
      const reply = await fx.post(body);
      expect(reply.status, body).toBe(200);
      expect(errorOf(reply), body).toMatchObject({ code: 500, name });
      expect(reply.body, body).toBe(JSON.stringify(JSON.parse(reply.body)));
    }
    expect((await fx.post('{"params":{},"id":4}')).body).toMatch(/"id":4}$/);
    const bad = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect(errorOf(await fx.post(bad)).name).toBe('xInvalidJSON');
    expect(await fx.result('ListKeyProvidersKmip')).toEqual({ kmipKeyProviders: [] });
  });

  it('accepts a body with a UTF-8 byte-order mark', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"method":"GetAPI","id":2}')]);
    expect((await fx.post(body)).body).toContain('"currentVersion":"12.3"');
  });
});
