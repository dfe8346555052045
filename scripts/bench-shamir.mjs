#!/usr/bin/env node
// Shamir costs for a 40-node cluster under internal keys: split a 32-byte AK 2-of-40 (what the
// generating node does once per enable or rekey; includes the commitments, the AK check and the
// split's own rebuild self-check) and combine 2 shares into a verified AK (what every node does at
// every boot), 1,000 times each, plus the JSON round trip of a share. A benchmark, not a test.
//
//   node scripts/bench-shamir.mjs [--iterations 1000] [--shares 40] [--threshold 2]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { secureRng } from '../packages/core/dist/index.js';
import {
  combineAuthenticationKey,
  decodeShare,
  encodeShare,
  splitAuthenticationKey,
  verifyAuthenticationKey,
  wipe,
} from '../packages/shamir/dist/index.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000' },
    shares: { type: 'string', default: '40' },
    threshold: { type: 'string', default: '2' },
  },
});
const N = Number(values.iterations);
const n = Number(values.shares);
const k = Number(values.threshold);
const rng = secureRng();
const ak = rng.bytes(32);

/** Runs `fn` `N` times after a short warm-up; returns ops/s and µs/op. */
function measure(fn) {
  for (let i = 0; i < Math.min(50, N); i++) fn(i);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) fn(i);
  const ms = performance.now() - t0;
  return { opsPerSec: (N * 1000) / ms, usPerOp: (ms * 1000) / N };
}
const report = (name, r) =>
  console.log(`${name.padEnd(34)} ${r.opsPerSec.toFixed(0).padStart(8)} ops/s  ${r.usPerOp.toFixed(1).padStart(8)} µs/op`);

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}; ${k}-of-${n}, 32-byte AK, ${N} iterations`);

let split;
report(`split ${k}-of-${n}`, measure(() => (split = splitAuthenticationKey(ak, { shares: n, threshold: k, rng }))));

const { shares, check } = split;
// A different k-subset each time, as different nodes boot with different peers.
report(`combine ${k} of ${n} (verified)`, measure((i) => {
  const subset = Array.from({ length: k }, (_, j) => shares[(i + j * 7) % n]);
  const rebuilt = combineAuthenticationKey(subset, check);
  wipe(rebuilt);
}));

report('verifyAuthenticationKey', measure(() => verifyAuthenticationKey(ak, check)));

const wire = shares.map((s) => JSON.stringify(encodeShare(s)));
report('share JSON encode + decode', measure((i) => decodeShare(JSON.parse(wire[i % n]))));
console.log(`sizes: share JSON ${wire[0].length} B, key check JSON ${JSON.stringify(check).length} B`);
