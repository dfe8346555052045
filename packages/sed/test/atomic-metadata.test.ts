import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomInt, toHex } from '@ekmsim/core';
import { openDrive, RECORD_FILE, SedStatusError, type SelfEncryptingDrive } from '@ekmsim/sed';
import { describe, expect, it } from 'vitest';
import { ak, clock, enableEncryption, expectStatus, newDrive, pattern, rng } from './support/drives.js';

const CHURN = fileURLToPath(new URL('./fixtures/churn.mjs', import.meta.url));
const DATA = pattern('must survive every crash ', 4);

/** Which of `pins` unlocks the drive as Admin1 (each wrong guess burns a try, reset by the next power-on). */
function unlockingPins(drive: SelfEncryptingDrive, pins: Uint8Array[]): number[] {
  return pins.flatMap((pin, i) => {
    try {
      drive.lockUnlock('Admin1', pin, 'RW');
      return [i];
    } catch (e) {
      expect((e as SedStatusError).status).toBe('NOT_AUTHORIZED');
      return [];
    }
  });
}

/** Runs the churn child on `dir` and SIGKILLs it after it reported `lines` PIN changes. */
function churnAndKill(dir: string, pins: Uint8Array[], lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHURN, dir, ...pins.map(toHex)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').length - 2 >= lines) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out.trim().split('\n'));
      else reject(new Error(`churn exited ${code}: ${err}`));
    });
  });
}

describe('metadata writes are atomic', () => {
  it('a crash between writing the temporary file and the rename powers on in the old state', () => {
    const { drive, dir } = newDrive();
    const [oldAk, newAk] = [ak(), ak()];
    enableEncryption(drive, oldAk);
    drive.writeBlocks(0, DATA);
    const path = join(dir, RECORD_FILE);
    copyFileSync(path, `${path}.old`);
    drive.setPassword('Admin1', oldAk, newAk);
    drive.powerOff();
    // As if the process died after fsync(temp) and before rename(temp, drive.json).
    renameSync(path, `${path}.tmp`);
    renameSync(`${path}.old`, path);

    const booted = openDrive(dir, { clock, rng: rng() });
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expectStatus(() => booted.lockUnlock('Admin1', newAk, 'RW'), 'NOT_AUTHORIZED');
    booted.lockUnlock('Admin1', oldAk, 'RW');
    expect(booted.readBlocks(0, 4)).toEqual(DATA);
    booted.powerOff();
  });

  it('a torn temporary file is ignored', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    drive.powerOff();
    const path = join(dir, RECORD_FILE);
    writeFileSync(`${path}.tmp`, readFileSync(path).subarray(0, 300));
    const booted = openDrive(dir, { clock, rng: rng() });
    booted.lockUnlock('Admin1', key, 'RW');
    booted.powerOff();
  });

  it('a failed metadata write is TRANSACTION_FAILURE, then TPER_MALFUNCTION until a power cycle restores the last saved state', () => {
    const { drive, dir } = newDrive();
    const [oldAk, newAk] = [ak(), ak()];
    enableEncryption(drive, oldAk);
    const temp = join(dir, `${RECORD_FILE}.tmp`);
    mkdirSync(temp); // the temporary file cannot be created
    const e = expectStatus(() => drive.setPassword('Admin1', oldAk, newAk), 'TRANSACTION_FAILURE');
    expect(e.cause).toBeInstanceOf(Error);
    expectStatus(() => drive.getStatus(), 'TPER_MALFUNCTION');
    expectStatus(() => drive.readBlocks(0, 1), 'TPER_MALFUNCTION');
    drive.powerOff();
    rmdirSync(temp);
    const booted = openDrive(dir, { clock, rng: rng() });
    booted.lockUnlock('Admin1', oldAk, 'RW');
    booted.powerOff();
  });

  it('a damaged drive.json is reported as corrupt, never half-loaded', () => {
    const { drive, dir } = newDrive();
    drive.powerOff();
    const path = join(dir, RECORD_FILE);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.length / 2));
    expect(() => openDrive(dir, { clock, rng: rng() })).toThrow(expect.objectContaining({ kind: 'corrupt' }));
    const record = JSON.parse(text) as { ranges: { mekOpen?: string }[] };
    record.ranges[0]!.mekOpen = Buffer.alloc(92, 1).toString('base64');
    writeFileSync(path, JSON.stringify(record));
    expect(() => openDrive(dir, { clock, rng: rng() })).toThrow(expect.objectContaining({ kind: 'corrupt' }));
  });

  it('a process killed at arbitrary points of its metadata writes always leaves a drive that powers on with one of its PINs and its data', async () => {
    const { drive, dir } = newDrive();
    const pins = [ak(), ak()];
    enableEncryption(drive, pins[0]!);
    drive.writeBlocks(0, DATA);
    drive.powerOff();
    const choose = rng();
    for (let round = 0; round < 12; round++) {
      const reported = await churnAndKill(dir, pins, 1 + randomInt(choose, 40));
      const last = Number(reported.at(-1));
      const booted = openDrive(dir, { clock, rng: rng() });
      const unlocking = unlockingPins(booted, pins);
      expect(unlocking).toHaveLength(1);
      // The child may have set the other PIN after its last report, never an older one.
      expect([last, 1 - last]).toContain(unlocking[0]);
      expect(booted.readBlocks(0, 4)).toEqual(DATA);
      booted.powerOff();
    }
  });
});
