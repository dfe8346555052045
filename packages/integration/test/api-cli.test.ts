/** `ekmsim api` against `ekmsim up`: key=value and key:=json parameters, results and failures. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ekmsim } from './helpers/ekmsim.js';
import { startUp, type UpProcess } from './helpers/up.js';

describe('ekmsim api', () => {
  let tmp: string;
  let up: UpProcess;
  let call: (...args: string[]) => ReturnType<typeof ekmsim>;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-apicli-'));
    up = await startUp(['--api-port', '0', '--data', join(tmp, 'cluster'), '--key-server', 'kms1=generic']);
    call = (...args) => ekmsim(['api', '--url', up.apiBase, ...args]);
  });

  afterAll(async () => {
    await up?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('prints the result as JSON', async () => {
    const r = await call('CreateKeyProviderKmip', 'keyProviderName=KeyProvider1');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { kmipKeyProvider: { keyProviderID: number } };
    const got = await call('GetKeyProviderKmip', `keyProviderID:=${result.kmipKeyProvider.keyProviderID}`);
    expect(JSON.parse(got.stdout)).toEqual(result);
    const sims = await call('--sim', 'ListSimKeyServers');
    expect((JSON.parse(sims.stdout) as { keyServers: { name: string }[] }).keyServers.map((k) => k.name)).toEqual(['kms1']);
  });

  it('fails with the error name, exit 1', async () => {
    const r = await call('GetKeyProviderKmip', 'keyProviderID:=999');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('xNoOnlineKeyProviderWithThatID');
    const typed = await call('GetKeyProviderKmip', 'keyProviderID=x');
    expect(typed.stderr).toContain('xInvalidParameterType');
    const auth = await call('--password', 'wrong', 'GetClusterInfo');
    expect(auth.code).toBe(1);
    expect(auth.stderr).toContain('HTTP 401');
  });

  it('rejects bad arguments with the usage, exit 2', async () => {
    for (const args of [[], ['GetClusterInfo', 'notakeyvalue'], ['GetClusterInfo', 'x:={bad']]) {
      const r = await call(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage: ekmsim api');
    }
  });
});
