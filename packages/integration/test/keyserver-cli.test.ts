/**
 * `ekmsim up --key-server NAME=VENDOR[:MEMBERS]` runs each key server's vendor personality, and
 * `ekmsim keyserver NAME ACTION …` is its administrator, as a user types them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ekmsim } from './helpers/ekmsim.js';
import { startUp, type UpProcess } from './helpers/up.js';

interface SimKeyServer {
  name: string;
  vendor: string;
  hostnames: string[];
  members: { hostname: string; listening: boolean }[];
}

describe('vendor key servers from the command line', () => {
  let tmp: string;
  let up: UpProcess;
  const keyserver = (...args: string[]): ReturnType<typeof ekmsim> => ekmsim(['keyserver', '--url', up.apiBase, ...args]);
  const listed = async (): Promise<SimKeyServer[]> => {
    const r = await ekmsim(['api', '--url', up.apiBase, '--sim', 'ListSimKeyServers']);
    return (JSON.parse(r.stdout) as { keyServers: SimKeyServer[] }).keyServers;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-kscli-'));
    up = await startUp(['--api-port', '0', '--data', join(tmp, 'cluster'), '--nodes', '0', '--key-server', 'kc=hytrust:3', '--key-server', 'sk=sklm', '--key-server', 'ks=keysecure']);
  }, 60_000);

  afterAll(async () => {
    await up?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('starts each key server with its vendor; a HyTrust cluster has a host name per member', async () => {
    expect(up.output()).toMatch(/key server kc \(hytrust\): kc-1\.ekmsim\.test, kc-2\.ekmsim\.test, kc-3\.ekmsim\.test port \d+/);
    expect(up.output()).toMatch(/key server sk \(sklm\): sk\.ekmsim\.test port \d+/);
    expect((await listed()).map((k) => [k.name, k.vendor, k.hostnames.length])).toEqual([['kc', 'hytrust', 3], ['sk', 'sklm', 1], ['ks', 'keysecure', 1]]);
  });

  it('stops and starts one member, prints the action\'s result as JSON', async () => {
    const stopped = await keyserver('kc', 'stop', 'member:=1');
    expect(stopped.code).toBe(0);
    expect((JSON.parse(stopped.stdout) as { index: number; listening: boolean }[]).map((m) => m.listening)).toEqual([true, false, true]);
    expect((await listed())[0]!.members.map((m) => m.listening)).toEqual([true, false, true]);
    await keyserver('kc', 'start', 'member:=1');
    expect((await listed())[0]!.members.map((m) => m.listening)).toEqual([true, true, true]);
    const users = await keyserver('ks', 'addLocalUser', 'name=SolidFire');
    expect(JSON.parse(users.stdout)).toMatchObject({ users: ['SolidFire'], userForOuRequired: true });
  });

  it('answers another vendor\'s action, an unknown key server or a bad argument with the error name, exit 1', async () => {
    const wrongVendor = await keyserver('sk', 'addLocalUser', 'name=SolidFire');
    expect(wrongVendor.code).toBe(1);
    expect(wrongVendor.stderr).toMatch(/xSimNotSupportedByVendor: key server sk \(sklm\)/);
    const unknown = await keyserver('nope', 'status');
    expect(unknown.stderr).toContain('xSimKeyServerDoesNotExist');
    const bad = await keyserver('kc', 'stop', 'member:=7');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/xSimKeyServerObjectNotFound|xInvalidParameter/);
  });

  it('refuses a bad --key-server or ACTION with the usage, exit 2', async () => {
    for (const spec of ['sk=sklm:2', 'x=nosuchvendor', 'kc=hytrust:0', 'bad name=generic']) {
      const r = await ekmsim(['up', '--api-port', '0', '--data', join(tmp, 'never'), '--key-server', spec]);
      expect(r.code, spec).toBe(2);
      expect(r.stderr).toContain('usage: ekmsim up');
    }
    const r = await keyserver('kc', 'explode');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: ekmsim keyserver');
  });
});
