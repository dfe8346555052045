import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEDIA_FILE, RECORD_FILE } from '@ekmsim/sed';
import { describe, expect, it } from 'vitest';
import { ak, driveFiles, enableEncryption, newDrive, pattern, powerCycle } from './support/drives.js';

const PLAINTEXT = 'EKMSIM-PLAINTEXT-PATTERN-0123456789 ';

/** Every way a key or pattern could be spelled in a file. */
function spellings(bytes: Uint8Array): Buffer[] {
  const b = Buffer.from(bytes);
  return [b, Buffer.from(b.toString('hex')), Buffer.from(b.toString('hex').toUpperCase()), Buffer.from(b.toString('base64')),
    Buffer.from(b.toString('base64url'))];
}

describe('what the media and the metadata hold', () => {
  it('stores only ciphertext: the raw media file and readRawMedia show no plaintext', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    const data = pattern(PLAINTEXT, 32);
    drive.writeBlocks(2048, data);
    drive.flush();

    const raw = drive.readRawMedia(2048, 32);
    expect(raw).toHaveLength(data.length);
    expect(raw).not.toEqual(data);
    const needle = Buffer.from('EKMSIM-PLAINTEXT');
    expect(Buffer.from(raw).includes(needle)).toBe(false);
    for (const [name, bytes] of driveFiles(dir)) expect(bytes.includes(needle), name).toBe(false);
    expect(readFileSync(join(dir, MEDIA_FILE)).length).toBe((2048 + 32) * 4096); // sparse: written blocks only at their offset

    // The same plaintext at two LBAs gives different ciphertext (XTS tweak = LBA).
    drive.writeBlocks(0, pattern(PLAINTEXT, 1));
    drive.writeBlocks(1, pattern(PLAINTEXT, 1));
    const two = drive.readRawMedia(0, 2);
    expect(two.subarray(0, 4096)).not.toEqual(two.subarray(4096));
    drive.powerOff();
  });

  it('encrypts even a factory drive (under a key anyone can derive from the MSID)', () => {
    const { drive } = newDrive();
    drive.writeBlocks(0, pattern(PLAINTEXT, 1));
    expect(Buffer.from(drive.readRawMedia(0, 1)).includes(Buffer.from('EKMSIM-PLAINTEXT'))).toBe(false);
  });

  it('never writes the AK, the SID PIN or a bare key to its files', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    const user = ak();
    enableEncryption(drive, key);
    drive.setPassword('User1', key, user);
    drive.writeBlocks(0, pattern(PLAINTEXT, 4));
    drive.genKey('Admin1', key);
    powerCycle(drive, dir).lockUnlock('Admin1', key, 'RW');
    const files = driveFiles(dir);
    expect([...files.keys()].sort()).toEqual([RECORD_FILE, MEDIA_FILE].sort());
    for (const secret of [key, user]) {
      for (const [name, bytes] of files) for (const s of spellings(secret)) expect(bytes.includes(s), name).toBe(false);
    }
    // The metadata holds salts and seals, no plaintext PIN field.
    const record = JSON.parse(files.get(RECORD_FILE)!.toString()) as { cpin: Record<string, object> };
    for (const row of Object.values(record.cpin)) expect(Object.keys(row).sort()).toEqual(['persistence', 'salt', 'sealed', 'tries', 'tryLimit']);
  });

  it('drops the MSID-derived seal of the MEK once the range powers on locked', () => {
    const { drive, dir } = newDrive();
    const read = (): { ranges: { mekOpen?: string; mekSp?: string }[] } => JSON.parse(readFileSync(join(dir, RECORD_FILE), 'utf8')) as never;
    expect(read().ranges[0]!.mekOpen).toBeDefined();
    enableEncryption(drive, ak());
    expect(read().ranges[0]!.mekOpen).toBeUndefined();
    expect(read().ranges[0]!.mekSp).toBeDefined();
  });
});
