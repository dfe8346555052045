/** Parameter validation from the schemas: types, required, defaults, extras, versions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './support/fixture.js';

describe('parameter validation', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  const error = async (method: string, params: unknown, path?: string) => {
    const reply = await fx.call(method, params, path === undefined ? {} : { path });
    expect(reply.raw.status).toBe(200);
    expect(reply.result).toBeUndefined();
    return reply.error;
  };

  it('reports a wrong type with the attested message form, the value JSON-encoded', async () => {
    expect(await error('GetKeyServerKmip', { keyServerID: 'x' })).toEqual({
      code: 500,
      name: 'xInvalidParameterType',
      message: 'keyServerID: Invalid type: expected integer but found "x"',
    });
    expect((await error('GetKeyServerKmip', { keyServerID: 1.5 }))?.message).toBe('keyServerID: Invalid type: expected integer but found 1.5');
    expect((await error('GetKeyProviderKmip', { keyProviderID: true }))?.message).toBe('keyProviderID: Invalid type: expected integer but found true');
    expect((await error('GetKeyProviderKmip', { keyProviderID: 2 ** 60 }))?.name).toBe('xInvalidParameterType');
    expect((await error('ListKeyServersKmip', { kmipHasProviderAssigned: 'true' }))?.message).toBe('kmipHasProviderAssigned: Invalid type: expected boolean but found "true"');
    expect((await error('CreateKeyProviderKmip', { keyProviderName: 7 }))?.message).toBe('keyProviderName: Invalid type: expected string but found 7');
  });

  it('checks arrays and their items', async () => {
    const base = { kmipCaCertificate: 'x', kmipClientCertificate: 'y', kmipKeyServerName: 'n' };
    expect((await error('CreateKeyServerKmip', { ...base, kmipKeyServerHostnames: 'kms.example' }))?.message).toBe(
      'kmipKeyServerHostnames: Invalid type: expected array but found "kms.example"',
    );
    expect((await error('CreateKeyServerKmip', { ...base, kmipKeyServerHostnames: ['a', 2] }))?.message).toBe(
      'kmipKeyServerHostnames[1]: Invalid type: expected string but found 2',
    );
  });

  it('cuts a long wrong value in the message', async () => {
    const message = (await error('GetKeyServerKmip', { keyServerID: 'z'.repeat(500) }))?.message ?? '';
    expect(message.length).toBeLessThan(150);
    expect(message).toMatch(/^keyServerID: Invalid type: expected integer but found "z+…$/);
  });

  it('names a missing required parameter with xInvalidParameter', async () => {
    expect(await error('GetKeyServerKmip', {})).toEqual({ code: 500, name: 'xInvalidParameter', message: 'keyServerID: missing required parameter' });
    expect((await error('AddKeyServerToProviderKmip', { keyServerID: 1 }))?.message).toBe('keyProviderID: missing required parameter');
    expect((await error('CreateKeyProviderKmip', { keyProviderName: null }))?.message).toBe('keyProviderName: missing required parameter');
  });

  it('treats absent params and params null as {}', async () => {
    expect((await fx.post('{"method":"ListKeyServersKmip","id":1}')).body).toBe('{"id":1,"result":{"kmipKeyServers":[]}}');
    expect((await fx.post('{"method":"ListKeyServersKmip","params":null,"id":1}')).body).toBe('{"id":1,"result":{"kmipKeyServers":[]}}');
  });

  it('refuses positional (array) params as a type error on params', async () => {
    const reply = await fx.post('{"method":"GetKeyServerKmip","params":[1],"id":9}');
    expect(reply.body).toBe('{"error":{"code":500,"message":"params: Invalid type: expected object but found [1]","name":"xInvalidParameterType"},"id":9}');
    expect((await error('GetAPI', 'x'))?.name).toBe('xInvalidParameterType');
  });

  it('ignores unknown extra parameters, as a real cluster does', async () => {
    expect(await fx.result('ListKeyProvidersKmip', { volumeIDs: [1], KeyProviderIsActive: true })).toEqual({ kmipKeyProviders: [] });
    const { kmipKeyProvider } = await fx.result('CreateKeyProviderKmip', { keyProviderName: 'extra', color: 'blue' });
    expect(kmipKeyProvider).not.toHaveProperty('color');
  });

  it('does not coerce a numeric string to an integer', async () => {
    const params = { kmipCaCertificate: 'x', kmipClientCertificate: 'y', kmipKeyServerHostnames: ['h'], kmipKeyServerName: 'n', kmipKeyServerPort: '5696' };
    expect(await error('CreateKeyServerKmip', params)).toEqual({ code: 500, name: 'xInvalidParameterType', message: 'kmipKeyServerPort: Invalid type: expected integer but found "5696"' });
  });

  it('serves EKM methods only on endpoints 11.7 and later', async () => {
    expect(await error('ListKeyServersKmip', {}, '/json-rpc/11.5')).toEqual({ code: 500, name: 'xUnknownAPIMethod', message: 'method=ListKeyServersKmip' });
    expect((await error('CreatePublicPrivateKeyPair', { commonName: 'c' }, '/json-rpc/7.0'))?.name).toBe('xUnknownAPIMethod');
    expect((await fx.call('ListKeyServersKmip', {}, { path: '/json-rpc/11.7' })).result).toEqual({ kmipKeyServers: [] });
    expect((await error('GetEncryptionAtRestInfo', {}, '/json-rpc/12.2'))?.name).toBe('xUnknownAPIMethod');
  });

  it('refuses keyProviderID on EnableEncryptionAtRest before 11.7 instead of silently using internal keys', async () => {
    expect(await error('EnableEncryptionAtRest', { keyProviderID: 1 }, '/json-rpc/11.5')).toEqual({
      code: 500,
      name: 'xInvalidParameter',
      message: 'keyProviderID: not supported on API 11.5; use API 11.7 or later',
    });
    expect((await fx.result('GetClusterInfo')).clusterInfo).toMatchObject({ encryptionAtRestState: 'disabled' });
  });

  it('answers GetAPI like a 12.3 cluster: string versions, the endpoint\'s method list under its version', async () => {
    const api = await fx.result('GetAPI');
    expect(api.currentVersion).toBe('12.3');
    const versions = api.supportedVersions as string[];
    expect(versions.every((v) => typeof v === 'string')).toBe(true);
    expect(versions).toEqual(expect.arrayContaining(['1.0', '5.1', '7.0', '8.7', '11.7', '12.0', '12.2', '12.3']));
    expect(versions.at(-1)).toBe('12.3');
    const methods = api['12.3'] as string[];
    expect(methods).toEqual([...methods].sort());
    expect(methods).toEqual(expect.arrayContaining(['CreateKeyServerKmip', 'TestKeyProviderKmip', 'EnableEncryptionAtRest', 'GetEncryptionAtRestInfo']));
    const old = await fx.result('GetAPI', {}, '/json-rpc/7.0');
    expect(Object.keys(old).sort()).toEqual(['7.0', 'currentVersion', 'supportedVersions']);
    expect(old['7.0']).toEqual([
      'AddDrives', 'ClearClusterFaults', 'DisableEncryptionAtRest', 'EnableEncryptionAtRest', 'GetAPI', 'GetAsyncResult', 'GetClusterInfo',
      'GetConstants', 'ListActiveNodes', 'ListAllNodes', 'ListAsyncResults', 'ListClusterFaults', 'ListDriveHardware', 'ListDrives', 'ListEvents',
      'RemoveDrives', 'SecureEraseDrives', 'SetConstants',
    ]);
    for (const v of versions) expect((await fx.call('GetAPI', {}, { path: `/json-rpc/${v}` })).result?.currentVersion).toBe('12.3');
  });
});
