/**
 * `kill -9` of `ekmsim up` at any moment, then a restart, keeps every acknowledged change: a
 * client creates providers and key servers back to back while the process is SIGKILLed at a
 * moment chosen by a seeded generator; after each restart every change whose reply arrived is
 * there. Changes in flight at the kill may or may not be; nothing is half there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt, seededRng } from '@ekmsim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { element } from './helpers/element.js';
import { startUp, type UpProcess } from './helpers/up.js';

describe('ekmsim up survives kill -9 at any moment', () => {
  let tmp: string;
  let up: UpProcess | undefined;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-upkill-'));
  });

  afterAll(async () => {
    await up?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('keeps every acknowledged change over several crashes', async () => {
    const args = ['--api-port', '0', '--data', join(tmp, 'cluster'), '--key-server', 'kms1=generic'];
    const rng = seededRng(20261128);
    const acknowledged = new Set<string>();
    let attempted = 0;
    for (let round = 0; round < 4; round++) {
      up = await startUp(args);
      const base = up.apiBase;
      const providers = (await element(base, 'ListKeyProvidersKmip')).kmipKeyProviders as { keyProviderName: string }[];
      const names = new Set(providers.map((p) => p.keyProviderName));
      for (const name of acknowledged) expect(names.has(name), `round ${round}: ${name} lost`).toBe(true);
      for (const name of names) expect(name).toMatch(/^p-\d+$/); // nothing half-written or foreign

      // Fire creates without waiting between them, and kill at a seeded moment.
      let stop = false;
      const writer = (async () => {
        while (!stop) {
          const name = `p-${attempted++}`;
          try {
            await element(base, 'CreateKeyProviderKmip', { keyProviderName: name });
            acknowledged.add(name);
          } catch {
            return; // the process died under us
          }
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 50 + randomInt(rng, 250)));
      await up.kill9();
      stop = true;
      await writer;
    }
    up = await startUp(args);
    const final = (await element(up.apiBase, 'ListKeyProvidersKmip')).kmipKeyProviders as { keyProviderName: string; keyProviderID: number }[];
    const finalNames = new Set(final.map((p) => p.keyProviderName));
    for (const name of acknowledged) expect(finalNames.has(name), `${name} lost`).toBe(true);
    expect(acknowledged.size).toBeGreaterThan(4);
    // IDs stay unique and increasing across the crashes.
    const ids = final.map((p) => p.keyProviderID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
