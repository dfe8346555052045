/**
 * `kill -9` of the key server between any two requests loses no acknowledged object: after every
 * acknowledged operation the `ekmsim eks` process is SIGKILLed and restarted on the same data
 * directory, and every object must come back with its state, names and the same key material.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, toHex } from '@ekmsim/core';
import { attr, Enum, nameValues, numberAttribute } from '@ekmsim/kmip';
import { KmipClient } from '@ekmsim/kmip-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEksProcess, type EksFiles, type EksProcess } from './helpers/ekmsim.js';
import { makeTestCerts } from './helpers/pykmip.js';

interface Expected {
  state: number;
  names: string[];
  material?: string;
}

describe('ekmsim eks survives kill -9 between any two requests', () => {
  let tmp: string;
  let files: EksFiles;
  let tls: { caPem: string; certPem: string; keyPem: string };
  let eks: EksProcess | undefined;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-kill9-'));
    const certs = await makeTestCerts(join(tmp, 'certs'));
    files = { cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert, data: join(tmp, 'eks') };
    tls = { caPem: await readFile(certs.caCert, 'utf8'), certPem: await readFile(certs.clientCert, 'utf8'), keyPem: await readFile(certs.clientKey, 'utf8') };
  });

  afterAll(async () => {
    await eks?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('keeps every acknowledged object, state and key', async () => {
    const model = new Map<string, Expected>();
    const uids: string[] = [];
    const withClient = async <T>(fn: (c: KmipClient) => Promise<T>): Promise<T> => {
      const client = new KmipClient({ servers: [{ host: eks!.host, port: eks!.port }], tls, version: '1.4', clock: systemClock() });
      try {
        return await fn(client);
      } finally {
        await client.close();
      }
    };
    const create = (name: string) => async (c: KmipClient) => {
      const uid = await c.create({ name });
      uids.push(uid);
      const material = toHex((await c.get(uid)).key!.material);
      model.set(uid, { state: Enum.State.PreActive, names: [name], material });
    };
    const setState = (i: number, state: number, op: (c: KmipClient, uid: string) => Promise<unknown>) => async (c: KmipClient) => {
      await op(c, uids[i]!);
      model.get(uids[i]!)!.state = state;
    };
    const steps: [string, (c: KmipClient) => Promise<void>][] = [
      ['create A', create('x-SolidFire-KeyID-A')],
      ['activate A', setState(0, Enum.State.Active, (c, u) => c.activate(u))],
      ['create B', create('x-SolidFire-KeyID-B')],
      ['add a second Name to B', async (c) => {
        await c.addAttribute(uids[1]!, attr.name('B-alias'));
        model.get(uids[1]!)!.names.push('B-alias');
      }],
      ['activate B', setState(1, Enum.State.Active, (c, u) => c.activate(u))],
      ['revoke A (key compromise)', setState(0, Enum.State.Compromised, (c, u) => c.revoke(u, 'KeyCompromise'))],
      ['destroy A', async (c) => {
        await c.destroy(uids[0]!);
        const a = model.get(uids[0]!)!;
        a.state = Enum.State.DestroyedCompromised;
        delete a.material;
      }],
      ['create C', create('x-SolidFire-KeyID-C')],
      ['revoke B', setState(1, Enum.State.Deactivated, (c, u) => c.revoke(u, 'Unspecified'))],
      ['destroy C while pre-active', async (c) => {
        await c.destroy(uids[2]!);
        const x = model.get(uids[2]!)!;
        x.state = Enum.State.Destroyed;
        delete x.material;
      }],
    ];

    eks = await startEksProcess(files);
    for (const [label, step] of steps) {
      await withClient(step);
      await eks.kill9();
      eks = await startEksProcess(files);
      await withClient(async (c) => {
        for (const [uid, want] of model) {
          const attrs = await c.getAttributes(uid);
          expect(numberAttribute(attrs, 'State'), `${label}: state of ${uid}`).toBe(want.state);
          expect(nameValues(attrs).sort(), `${label}: names of ${uid}`).toEqual([...want.names].sort());
          if (want.material !== undefined) expect(toHex((await c.get(uid)).key!.material), `${label}: key of ${uid}`).toBe(want.material);
        }
      });
    }
    expect(model.size).toBe(3);
  });
});
