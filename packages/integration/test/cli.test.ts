/**
 * The `ekmsim` command end to end, as the README shows it: a CA from `ekmsim ca`, a key server
 * from `ekmsim eks`, the key lifecycle with `ekmsim kmip`, and TTLV conversions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ekmsim, startEksProcess, type EksProcess } from './helpers/ekmsim.js';

describe('ekmsim ca + eks + kmip', () => {
  let tmp: string;
  let eks: EksProcess;
  let kmip: (...args: string[]) => ReturnType<typeof ekmsim>;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-cli-'));
    const ca = join(tmp, 'ca');
    for (const args of [
      ['ca', 'init', '--dir', ca, '--cn', 'ekmsim test CA'],
      ['ca', 'issue', '--dir', ca, '--server', '--cn', 'localhost', '--san', '127.0.0.1', '--san', 'localhost', '--out', join(ca, 'server')],
      ['ca', 'issue', '--dir', ca, '--client', '--cn', 'cluster1', '--ou', 'SolidFire', '--out', join(ca, 'client')],
    ]) {
      const r = await ekmsim(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    eks = await startEksProcess({ cert: join(ca, 'server.pem'), key: join(ca, 'server.key'), ca: join(ca, 'ca.pem'), data: join(tmp, 'eks') });
    const conn = ['--host', eks.host, '--port', String(eks.port), '--ca', join(ca, 'ca.pem'), '--cert', join(ca, 'client.pem'), '--key', join(ca, 'client.key')];
    kmip = (...args) => ekmsim(['kmip', ...conn, ...args]);
  });

  afterAll(async () => {
    await eks?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('walks a key through its life', async () => {
    const discover = await kmip('discover');
    expect(discover.stdout.trim().split('\n')).toEqual(['2.0', '1.4', '1.3', '1.2', '1.1', '1.0']);

    const name = 'x-SolidFire-KeyID-0f6b1c2e-5c43-4a57-9d0e-2d1e0b4f6a11';
    const created = await kmip('--json', 'create', '--name', name, '--algorithm', 'AES', '--length', '256');
    expect(created.code).toBe(0);
    const payload = JSON.parse(created.stdout) as { tag: string; value: { tag: string; value: unknown }[] };
    expect(payload.tag).toBe('ResponsePayload');
    const uid = payload.value.find((c) => c.tag === 'UniqueIdentifier')?.value as string;
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);

    expect((await kmip('activate', uid)).stdout.trim()).toBe(uid);
    const got = await kmip('get', uid);
    expect(got.stdout).toContain('algorithm: AES');
    expect(got.stdout).toContain('key material: 32 bytes (not shown)');
    const gotJson = await kmip('--json', 'get', uid);
    expect(gotJson.stdout).toContain('bytes withheld');
    expect((await kmip('locate', '--name', name)).stdout.trim()).toBe(uid);
    expect((await kmip('locate', '--name', name, '--type', 'symmetric-key')).stdout.trim()).toBe(uid);
    expect((await kmip('locate', '--name', name, '--type', 'secret-data')).stdout.trim()).toBe('');
    const attrs = await kmip('get-attributes', uid);
    expect(attrs.stdout).toContain('state: Active');
    expect(attrs.stdout).toContain(`names: ${name}`);

    const destroyActive = await kmip('destroy', uid);
    expect(destroyActive.code).toBe(1);
    expect(destroyActive.stderr).toMatch(/destroy failed: OperationFailed PermissionDenied/);

    expect((await kmip('revoke', uid, '--reason', 'key-compromise')).code).toBe(0);
    expect((await kmip('get-attributes', uid)).stdout).toContain('state: Compromised');
    expect((await kmip('destroy', uid)).code).toBe(0);
    const getDestroyed = await kmip('get', uid);
    expect(getDestroyed.code).toBe(1);
    expect(getDestroyed.stderr).toMatch(/get failed: OperationFailed ItemNotFound/);
  });

  it('asks the server what it supports', async () => {
    const r = await kmip('query');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vendor: ekmsim');
    expect(r.stdout).toMatch(/operations: .*Create.*Get.*Destroy/);
    expect(r.stdout).toMatch(/object types: .*SymmetricKey/);
  });

  it('speaks KMIP 2.0 when asked', async () => {
    const r = await kmip('--version', '2.0', '--json', 'create');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"UniqueIdentifier"');
  });

  it('rejects bad arguments with one line and the usage, exit 2', async () => {
    for (const args of [['kmip', 'create'], ['kmip', '--host', 'h', '--port', 'x', '--ca', 'a', '--cert', 'b', '--key', 'c', 'get', 'u']]) {
      const r = await ekmsim(args);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^ekmsim kmip: /);
      expect(r.stderr).toContain('usage: ekmsim kmip');
    }
    const r = await kmip('get');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('get: missing UID');
    const unknownCommand = await ekmsim(['frobnicate']);
    expect(unknownCommand.code).toBe(2);
    const eksMissing = await ekmsim(['eks', '--port', '1']);
    expect(eksMissing.code).toBe(2);
    expect(eksMissing.stderr).toContain('missing --cert');
  });
});

describe('ekmsim ttlv', () => {
  it('decodes hex to the KMIP JSON form and encodes it back', async () => {
    const hex = '42006A02000000040000000100000000';
    const decoded = await ekmsim(['ttlv', 'decode', hex]);
    expect(JSON.parse(decoded.stdout)).toEqual({ tag: 'ProtocolVersionMajor', type: 'Integer', value: 1 });
    const encoded = await ekmsim(['ttlv', 'encode', '-'], decoded.stdout);
    expect(encoded.stdout.trim()).toBe(hex);
  });

  it('reports a malformed input precisely', async () => {
    const r = await ekmsim(['ttlv', 'decode', '420020020000000500000008000000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ekmsim ttlv decode: .*0x420020/);
  });
});
