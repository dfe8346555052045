/** GetConstants / SetConstants over HTTPS with the real master (TR-4843 §10.3: cKmipCmdExtraFlags). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './support/fixture.js';

describe('GetConstants / SetConstants', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('GetConstants returns the constants object; verbose KMIP logging is off by default', async () => {
    expect(await fx.result('GetConstants')).toEqual({ cKmipCmdExtraFlags: 0 });
  });

  it('SetConstants sets cKmipCmdExtraFlags to 161 and returns every constant; the call is logged', async () => {
    expect(await fx.result('SetConstants', { cKmipCmdExtraFlags: 161 })).toEqual({ cKmipCmdExtraFlags: 161 });
    expect(await fx.result('GetConstants')).toEqual({ cKmipCmdExtraFlags: 161 });
    const line = fx.logger.api().find((e) => e.fields.method === 'SetConstants');
    expect(line?.fields).toMatchObject({ outcome: 'ok', cKmipCmdExtraFlags: 161 });
  });

  it('refuses an unknown constant, a wrong type and a value out of range, and changes nothing', async () => {
    expect((await fx.call('SetConstants', { cKmipCmdExtraFlags: 0, cNoSuchConstant: 1 })).error).toEqual({
      code: 500,
      name: 'xInvalidParameter',
      message: 'cNoSuchConstant: unknown parameter (expected cKmipCmdExtraFlags)',
    });
    expect((await fx.call('SetConstants', { cKmipCmdExtraFlags: '161' })).error?.name).toBe('xInvalidParameterType');
    expect((await fx.call('SetConstants', { cKmipCmdExtraFlags: -1 })).error).toEqual({
      code: 500,
      name: 'xInvalidParameter',
      message: 'cKmipCmdExtraFlags: must be from 0 to 4294967295 but found -1',
    });
    expect(await fx.result('GetConstants')).toEqual({ cKmipCmdExtraFlags: 161 });
  });

  it('SetConstants with nothing to set changes nothing', async () => {
    expect(await fx.result('SetConstants', {})).toEqual({ cKmipCmdExtraFlags: 161 });
  });
});
