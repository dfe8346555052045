/** The control API's WriteBlocks, ReadBlocks, ReadRawMedia over HTTPS with a fake cluster. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_BYTES, MAX_BLOCKS_PER_CALL } from '@ekmsim/api';
import { SIM } from './support/fixture.js';
import { startClusterFixture, type ClusterFixture } from './support/cluster-fixture.js';

/** `blocks` blocks of a recognisable pattern (never all zeros, which an unwritten block reads as). */
function pattern(blocks: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length: blocks * BLOCK_BYTES }, (_, i) => (i * 31 + seed) % 251 || 1));
}

describe('control API: host I/O', () => {
  let fx: ClusterFixture;
  beforeAll(async () => {
    fx = await startClusterFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  const sim = (method: string, params: Record<string, unknown>) => fx.result(method, params, SIM);
  const simError = async (method: string, params: unknown) => {
    const reply = await fx.call(method, params, { path: SIM });
    expect(reply.result, reply.raw.body).toBeUndefined();
    return reply.error;
  };
  const read = async (driveID: number, lba: number, blocks: number) => Buffer.from((await sim('ReadBlocks', { driveID, lba, blocks })).data as string, 'base64');

  it('writes blocks and reads them back; the raw media holds something else', async () => {
    const data = pattern(2, 1);
    expect(await sim('WriteBlocks', { driveID: 1, lba: 10, data: data.toString('base64') })).toEqual({});
    expect((await read(1, 10, 2)).equals(data)).toBe(true);
    const raw = Buffer.from((await sim('ReadRawMedia', { driveID: 1, lba: 10, blocks: 2 })).data as string, 'base64');
    expect(raw.length).toBe(data.length);
    expect(raw.equals(data)).toBe(false);
  });

  it('moves the largest call, 256 blocks, within the default request limit', async () => {
    const data = pattern(MAX_BLOCKS_PER_CALL, 2);
    expect(await sim('WriteBlocks', { driveID: 2, lba: 0, data: data.toString('base64') })).toEqual({});
    expect((await read(2, 0, MAX_BLOCKS_PER_CALL)).equals(data)).toBe(true);
  });

  it('refuses data that is not canonical base64 of 1 to 256 whole blocks, naming data, and writes nothing', async () => {
    const before = await read(1, 10, 1);
    const one = pattern(1, 3).toString('base64');
    const invalid = (why: string) => ({ code: 500, name: 'xInvalidParameter', message: `data: ${why}` });
    const notBase64 = invalid("not canonical base64 (standard alphabet, '=' padding, no whitespace)");
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: 'not base64!' })).toEqual(notBase64);
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: one.replace(/=+$/, '') })).toEqual(notBase64);
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: `${one.slice(0, 64)}\n${one.slice(64)}` })).toEqual(notBase64);
    const urlSafe = one.replace(/\+/g, '-').replace(/\//g, '_');
    expect(urlSafe).not.toBe(one);
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: urlSafe })).toEqual(notBase64);
    // 4096 bytes end in "x==": the last character's low bits must be zero.
    const lastChar = one.at(-3) ?? '';
    const nonCanonical = one.slice(0, -3) + String.fromCharCode(lastChar.charCodeAt(0) + 1) + '==';
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: nonCanonical })).toEqual(notBase64);
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: '' })).toEqual(invalid('empty; write 1 to 256 blocks of 4096 bytes'));
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: Buffer.alloc(4095, 1).toString('base64') })).toEqual(invalid('4095 bytes is not a whole number of 4096-byte blocks'));
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: Buffer.alloc(4097, 1).toString('base64') })).toEqual(invalid('4097 bytes is not a whole number of 4096-byte blocks'));
    expect(await simError('WriteBlocks', { driveID: 1, lba: 0, data: pattern(257, 4).toString('base64') })).toEqual(invalid('more than 256 blocks; write at most 1048576 bytes per call'));
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: 42 })).toEqual({ code: 500, name: 'xInvalidParameterType', message: 'data: Invalid type: expected string but found 42' });
    expect(await simError('WriteBlocks', { driveID: 1, lba: 10 })).toEqual({ code: 500, name: 'xInvalidParameter', message: 'data: missing required parameter' });
    expect((await read(1, 10, 1)).equals(before)).toBe(true);
  });

  it('checks lba and blocks ranges and types', async () => {
    for (const method of ['ReadBlocks', 'ReadRawMedia']) {
      expect(await simError(method, { driveID: 1, lba: 0, blocks: 0 }), method).toEqual({ code: 500, name: 'xInvalidParameter', message: 'blocks: must be from 1 to 256 but found 0' });
      expect((await simError(method, { driveID: 1, lba: 0, blocks: 257 }))?.message).toBe('blocks: must be from 1 to 256 but found 257');
      expect((await simError(method, { driveID: 1, lba: 0, blocks: 1.5 }))?.message).toBe('blocks: Invalid type: expected integer but found 1.5');
      expect((await simError(method, { driveID: 1, lba: -1, blocks: 1 }))?.message).toBe('lba: must be at least 0 but found -1');
      expect((await simError(method, { driveID: 1, blocks: 1 }))?.message).toBe('lba: missing required parameter');
      expect((await simError(method, { driveID: '1', lba: 0, blocks: 1 }))?.name).toBe('xInvalidParameterType');
    }
    expect((await simError('WriteBlocks', { driveID: 1, lba: -1, data: pattern(1, 5).toString('base64') }))?.message).toBe('lba: must be at least 0 but found -1');
  });

  it('passes the simulation\'s errors through: unknown drive, past the end, locked drive', async () => {
    expect(await simError('ReadBlocks', { driveID: 99, lba: 0, blocks: 1 })).toEqual({ code: 500, name: 'xDriveIDDoesNotExist', message: 'drive 99 does not exist' });
    expect(await simError('ReadRawMedia', { driveID: 1, lba: 1023, blocks: 2 })).toEqual({
      code: 500,
      name: 'xSimDriveIOError',
      message: 'drive 1: LBA 1023 + 2 blocks is past the last block 1023',
    });
    const drive = fx.cluster.drive(1);
    drive.locked = true;
    try {
      expect(await simError('WriteBlocks', { driveID: 1, lba: 10, data: pattern(1, 6).toString('base64') })).toEqual({
        code: 500,
        name: 'xSimDriveLocked',
        message: 'drive 1: write refused at LBA 10: locking range Global is write-locked',
      });
      // The bare media still reads: a thief gets ciphertext, not an error.
      expect((await sim('ReadRawMedia', { driveID: 1, lba: 10, blocks: 1 })).data).toEqual(expect.any(String));
    } finally {
      drive.locked = false;
    }
  });

  it('logs WriteBlocks by drive, LBA and size, never the data; reads are not logged', () => {
    const lines = fx.logger.api().filter((e) => e.fields.method !== undefined);
    const write = lines.find((e) => e.fields.method === 'WriteBlocks' && e.fields.outcome === 'ok');
    expect(write?.fields).toMatchObject({ driveID: 1, lba: 10, dataChars: pattern(2, 1).toString('base64').length });
    expect(fx.logger.text()).not.toContain(pattern(1, 1).toString('base64').slice(0, 64));
    expect(lines.some((e) => e.fields.method === 'ReadBlocks' || e.fields.method === 'ReadRawMedia')).toBe(false);
  });
});
