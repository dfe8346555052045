import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatBytes } from '@ekmsim/core';
import { STORE_FILE } from '@ekmsim/eks';
import { Activate, AddAttribute, attr, Create, Destroy, Enum, Get, GetAttributes, Locate, nameValues, readSymmetricKey } from '@ekmsim/kmip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, requestBytes, V1_4, V2_0 } from './support/client.js';
import { makePki, removeDir, runServer, scratchDir, type Pki } from './support/fixture.js';
import { createAes, expectReason, stateIn } from './support/requests.js';

let pki: Pki;

beforeAll(() => {
  pki = makePki();
});

afterAll(() => {
  pki.remove();
});

describe('restart with the same data directory', () => {
  it('restores every object, its attributes, its state and the creation order', async () => {
    const dataDir = scratchDir();
    try {
      const first = await runServer(pki, { dataDir });
      const alice = await first.connect(pki.alice);
      const uids: string[] = [];
      for (let i = 0; i < 4; i++) uids.push((await alice.call(Create, createAes(`restart-${i}`), V2_0)).uniqueIdentifier);
      await alice.call(Activate, { uniqueIdentifier: uids[0]! }, V2_0);
      await alice.call(AddAttribute, { uniqueIdentifier: uids[1]!, attribute: attr.name('restart-extra') }, V2_0);
      await alice.call(Destroy, { uniqueIdentifier: uids[3]! }, V2_0);
      const key0 = readSymmetricKey((await alice.call(Get, { uniqueIdentifier: uids[0]! }, V2_0)).object, V2_0);
      await first.stop();
      expect(existsSync(join(dataDir, STORE_FILE))).toBe(true);

      const second = await runServer(pki, { dataDir });
      try {
        const again = await second.connect(pki.alice);
        const restored = readSymmetricKey((await again.call(Get, { uniqueIdentifier: uids[0]! }, V1_4)).object, V1_4);
        expect(restored.material).toEqual(key0.material);
        expect(stateIn((await again.call(GetAttributes, { uniqueIdentifier: uids[0]! }, V1_4)).attributes)).toBe(Enum.State.Active);
        expect(nameValues((await again.call(GetAttributes, { uniqueIdentifier: uids[1]! }, V1_4)).attributes)).toEqual(['restart-1', 'restart-extra']);
        expect(stateIn((await again.call(GetAttributes, { uniqueIdentifier: uids[3]! }, V1_4)).attributes)).toBe(Enum.State.Destroyed);
        await expectReason(again.call(Get, { uniqueIdentifier: uids[3]! }, V1_4), 'ItemNotFound');
        expect((await again.call(Locate, { attributes: [attr.objectType(Enum.ObjectType.SymmetricKey)] }, V1_4)).uniqueIdentifiers).toEqual(uids.slice(0, 3));
        const bob = await second.connect(pki.bob);
        await expectReason(bob.call(Get, { uniqueIdentifier: uids[0]! }, V1_4), 'ItemNotFound');
      } finally {
        await second.stop();
      }
    } finally {
      removeDir(dataDir);
    }
  });
});

describe('one server per data directory', () => {
  it('refuses a second server on a data directory in use, and serves it once the first stops', async () => {
    const dataDir = scratchDir();
    try {
      const first = await runServer(pki, { dataDir });
      await expect(runServer(pki, { dataDir })).rejects.toMatchObject({ name: 'KeyServerError', code: 'STORE' });
      await first.stop();
      const second = await runServer(pki, { dataDir });
      await second.stop();
    } finally {
      removeDir(dataDir);
    }
  });
});

const FIXTURE = fileURLToPath(new URL('./fixtures/start-server.mjs', import.meta.url));

function spawnServer(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, EKS_CONFIG: JSON.stringify({ certPem: pki.server.certPem, keyPem: pki.server.keyPem, caPem: pki.ca.certPem, dataDir }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.once('exit', (code) => reject(new Error(`key server process exited early (${code})`)));
  });
}

describe('crash durability', () => {
  it('keeps every acknowledged Create across a kill -9', async () => {
    const dataDir = scratchDir();
    try {
      const { child, port } = await spawnServer(dataDir);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const alice = await connectClient({ port, caPem: pki.ca.certPem }, pki.alice);
      const names: string[] = [];
      const uids: string[] = [];
      for (let i = 0; i < 25; i++) {
        names.push(`crash-${i}`);
        uids.push((await alice.call(Create, createAes(`crash-${i}`), V1_4)).uniqueIdentifier);
      }
      // A burst of pipelined Creates in one write; the kill follows the last acknowledgement at once.
      const burst = Array.from({ length: 25 }, (_, i) => `crash-burst-${i}`);
      alice.send(concatBytes(burst.map((n) => requestBytes(V1_4, [{ op: Create, payload: createAes(n) }]))));
      for (const n of burst) {
        const item = (await alice.nextResponse()).batchItems[0]!;
        expect(item.resultStatus).toBe(Enum.ResultStatus.Success);
        names.push(n);
        uids.push(Create.response.fromItem(item.payload!, { version: V1_4 }).uniqueIdentifier);
      }
      child.kill('SIGKILL');
      await exited;
      alice.socket.destroy();

      const restarted = await runServer(pki, { dataDir });
      try {
        const again = await restarted.connect(pki.alice);
        for (let i = 0; i < uids.length; i++) {
          const got = await again.call(Get, { uniqueIdentifier: uids[i]! }, V1_4);
          expect(readSymmetricKey(got.object, V1_4).material).toHaveLength(32);
          expect(nameValues((await again.call(GetAttributes, { uniqueIdentifier: uids[i]!, attributeNames: ['Name'] }, V1_4)).attributes)).toEqual([names[i]]);
        }
      } finally {
        await restarted.stop();
      }
    } finally {
      removeDir(dataDir);
    }
  });
});
