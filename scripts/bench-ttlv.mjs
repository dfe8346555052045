// Micro-benchmark of the TTLV codec on a real message (the vSphere Get response, 296 bytes):
// encode and decode it N times each and print operations per second. Build first:
//   npx tsc -b packages/ttlv && node scripts/bench-ttlv.mjs [iterations]
import { readFileSync } from 'node:fs';
import { decodeTtlv, encodeTtlv } from '../packages/ttlv/dist/index.js';

const N = Number(process.argv[2] ?? 200_000);
const vectors = JSON.parse(readFileSync(new URL('../packages/ttlv/test/fixtures/kmip-vectors.json', import.meta.url), 'utf8'));
const hex = vectors.messages.find((m) => m.id === 'vmware-get-response').hex;
const bytes = Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
const item = decodeTtlv(bytes);

function run(name, fn) {
  for (let i = 0; i < 20_000; i++) fn(); // warm up the JIT
  const start = performance.now();
  let sink = 0;
  for (let i = 0; i < N; i++) sink += fn() === undefined ? 0 : 1;
  const ms = performance.now() - start;
  const rate = Math.round((N / ms) * 1000);
  console.log(`${name.padEnd(8)} ${N} x ${bytes.length} bytes in ${ms.toFixed(0)} ms: ${rate.toLocaleString('en-US')} ops/s (${((rate * bytes.length) / 2 ** 20).toFixed(1)} MiB/s)${sink === N ? '' : ' ?'}`);
}

run('encode', () => encodeTtlv(item));
run('decode', () => decodeTtlv(bytes));
