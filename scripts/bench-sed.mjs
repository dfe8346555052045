#!/usr/bin/env node
// SED model costs: host I/O on one drive (1,000 single-block writes and reads of 4 KiB), and a
// cluster boot's worth of unlocks (40 nodes × 12 drives = 480 drives, each powered on from its
// files and unlocked with the AK), on one thread and split over worker threads (one per core, as
// node workers would be). Issue 4 allows 5 s for all 480 on 2 cores. A benchmark, not a test.
//
//   node scripts/bench-sed.mjs [--drives 480] [--blocks 1000] [--workers 2] [--dir /tmp/x]
import { createHash, pbkdf2Sync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { secureRng, systemClock } from '../packages/core/dist/index.js';
import { createDrive, openDrive } from '../packages/sed/dist/index.js';

const clock = systemClock();
const rng = secureRng();

/** Powers on and unlocks the drives in `dirs`; returns the milliseconds it took. */
function bootDrives(dirs, ak) {
  const t0 = performance.now();
  for (const dir of dirs) {
    const drive = openDrive(dir, { clock, rng });
    drive.lockUnlock('Admin1', ak, 'RW');
    drive.readBlocks(0, 1);
    drive.powerOff();
  }
  return performance.now() - t0;
}

if (!isMainThread) {
  parentPort.postMessage(bootDrives(workerData.dirs, workerData.ak));
} else {
  const { values } = parseArgs({
    options: {
      drives: { type: 'string', default: '480' },
      blocks: { type: 'string', default: '1000' },
      workers: { type: 'string', default: String(Math.min(2, os.availableParallelism())) },
      dir: { type: 'string' },
    },
  });
  const DRIVES = Number(values.drives);
  const BLOCKS = Number(values.blocks);
  const WORKERS = Number(values.workers);
  const root = values.dir ?? mkdtempSync(join(os.tmpdir(), 'ekmsim-bench-sed-'));
  const ms = (t) => `${t.toFixed(1)} ms`;
  const per = (t, n, unit) => `${((t * 1000) / n).toFixed(1)} µs/${unit}`;
  const ak = rng.bytes(32);
  const enable = (drive) => {
    drive.takeOwnership(ak);
    drive.activateLockingSp(ak);
    drive.setupLockingRange('Admin1', ak, { readLockEnabled: true, writeLockEnabled: true, lockOnReset: ['PowerCycle'] });
  };
  try {
    console.log(`node ${process.version}, ${os.availableParallelism()} cores, files under ${root}`);

    // Host I/O on one drive with EAR enabled (AES-256-XTS per block, sparse file).
    const drive = createDrive({ dir: join(root, 'io'), serial: 'BENCHIO', clock, rng });
    enable(drive);
    const block = new Uint8Array(4096);
    let t = performance.now();
    for (let i = 0; i < BLOCKS; i++) {
      block.fill(i & 0xff);
      drive.writeBlocks(i, block);
    }
    const write = performance.now() - t;
    t = performance.now();
    let sum = 0;
    for (let i = 0; i < BLOCKS; i++) sum += drive.readBlocks(i, 1)[0];
    const read = performance.now() - t;
    t = performance.now();
    drive.readBlocks(0, BLOCKS);
    const bulk = performance.now() - t;
    drive.powerOff();
    console.log(`write ${BLOCKS} × 4 KiB: ${ms(write)} (${per(write, BLOCKS, 'block')})`);
    console.log(`read  ${BLOCKS} × 4 KiB: ${ms(read)} (${per(read, BLOCKS, 'block')}, checksum ${sum})`);
    console.log(`read  ${BLOCKS} blocks in one command: ${ms(bulk)}`);

    // A cluster's drives, provisioned as Element enables EAR, then powered off (objects dropped).
    const dirs = Array.from({ length: DRIVES }, (_, i) => join(root, `node${Math.floor(i / 12)}`, `drive${i % 12}`));
    t = performance.now();
    for (const [i, dir] of dirs.entries()) {
      const d = createDrive({ dir, serial: `BENCH${String(i).padStart(5, '0')}`, clock, rng });
      enable(d);
      d.writeBlocks(0, block);
      d.powerOff();
    }
    console.log(`provision ${DRIVES} drives (create, take ownership, activate, set up locking): ${ms(performance.now() - t)}`);

    const single = bootDrives(dirs, ak);
    console.log(`power on + unlock ${DRIVES} drives, 1 thread: ${ms(single)} (${per(single, DRIVES, 'drive')})`);

    t = performance.now();
    const shares = Array.from({ length: WORKERS }, (_, w) => dirs.filter((_, i) => i % WORKERS === w));
    const inWorkers = await Promise.all(shares.map((share) => new Promise((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { dirs: share, ak } });
      worker.once('message', resolve);
      worker.once('error', reject);
    })));
    const wall = performance.now() - t;
    console.log(`power on + unlock ${DRIVES} drives, ${WORKERS} worker threads: ${ms(wall)} wall (busiest worker ${ms(Math.max(...inWorkers))}, incl. worker start-up)`);

    // What a password hash per unlock would cost instead of HKDF (sedutil's PIN hash).
    t = performance.now();
    const serial = createHash('sha1').update('serial').digest();
    for (let i = 0; i < 5; i++) pbkdf2Sync(ak, serial, 75_000, 32, 'sha1');
    const pbkdf2 = (performance.now() - t) / 5;
    console.log(`for comparison, PBKDF2-HMAC-SHA1 × 75,000: ${ms(pbkdf2)} per unlock, ${ms(pbkdf2 * DRIVES)} for ${DRIVES} drives on 1 thread`);
  } finally {
    if (!values.dir) rmSync(root, { recursive: true, force: true });
  }
}
