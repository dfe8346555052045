#!/usr/bin/env node
// Cluster boot: power-cycle a simulated cluster of N nodes × 12 drives (worker threads, real
// SED files, real Shamir or KMIP) under internal keys and under external keys, and time from
// power-on to every drive unlocked; peak resident memory of the whole process (master, key
// server, every node worker) sampled meanwhile. Issue 4 allows 5 s and 4 GiB for 40 × 12 on a
// 2-core machine. A benchmark, not a test.
//
//   node scripts/bench-boot.mjs [--nodes 4,10,20,40] [--drives 12] [--modes internal,external] [--cycles 2]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { secureRng, systemClock } from '../packages/core/dist/index.js';
import { startSimulation } from '../packages/sim/dist/index.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '4,10,20,40' },
    drives: { type: 'string', default: '12' },
    modes: { type: 'string', default: 'internal,external' },
    cycles: { type: 'string', default: '2' },
  },
});
const clock = systemClock();
const rng = secureRng();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, probe, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(2);
  }
}

function allUnlocked(master, n) {
  const nodes = master.nodes.listNodes();
  return nodes.length === n && nodes.every((v) => v.online && v.state?.phase === 'ready' && v.state.drives.every((d) => !d.locked));
}

async function setUpProvider(sim) {
  const { master } = sim;
  await master.createPublicPrivateKeyPair({ commonName: 'bench-cluster', organization: 'NetApp', country: 'US' });
  const csr = master.getClientCertificateSignRequest();
  const ks = sim.keyServers[0];
  const { certificate } = await sim.sim.signClientCertificate({ keyServer: ks.name, csr });
  const provider = await master.createKeyProviderKmip('bench');
  const server = await master.createKeyServerKmip({
    kmipKeyServerName: ks.name,
    kmipKeyServerHostnames: ks.hostnames,
    kmipKeyServerPort: ks.port,
    kmipCaCertificate: ks.caCertificate,
    kmipClientCertificate: certificate,
  });
  await master.addKeyServerToProviderKmip(provider.keyProviderID, server.keyServerID);
  return provider.keyProviderID;
}

async function run(nodes, drivesPerNode, mode, cycles) {
  const dir = mkdtempSync(join(os.tmpdir(), 'ekmsim-bench-boot-'));
  const sim = await startSimulation({
    dataDir: dir,
    apiPort: 0,
    credentials: { username: 'admin', password: 'admin' },
    keyServers: mode === 'external' ? [{ name: 'kms1', vendor: 'generic' }] : [],
    cluster: { nodes, drivesPerNode },
    clock,
    rng,
  });
  try {
    const { master } = sim;
    const keyProviderID = mode === 'external' ? await setUpProvider(sim) : undefined;
    const tEnable = performance.now();
    await master.enableEncryptionAtRest(keyProviderID === undefined ? {} : { keyProviderID });
    await until('EAR enabled', () => master.getEncryptionAtRestInfo().state === 'enabled');
    const enableMs = performance.now() - tEnable;
    const results = [];
    for (let c = 0; c < cycles; c++) {
      for (let id = 1; id <= nodes; id++) await sim.sim.powerOffNode({ nodeID: id });
      await until('all offline', () => master.nodes.listNodes().every((v) => !v.online));
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const t0 = performance.now();
      for (let id = 1; id <= nodes; id++) await sim.sim.powerOnNode({ nodeID: id });
      await until('every drive unlocked', () => allUnlocked(master, nodes));
      const ms = performance.now() - t0;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      results.push({ ms, peak });
    }
    return { enableMs, results };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`node ${process.version}, ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
console.log('nodes × drives | keys     | enable (ms) | power-on → all unlocked (ms), per cycle | peak RSS (MiB)');
for (const n of values.nodes.split(',').map(Number)) {
  for (const mode of values.modes.split(',')) {
    const { enableMs, results } = await run(n, Number(values.drives), mode, Number(values.cycles));
    const times = results.map((r) => r.ms.toFixed(0)).join(', ');
    const peak = Math.max(...results.map((r) => r.peak)) / 2 ** 20;
    console.log(`${String(n).padStart(5)} × ${values.drives}      | ${mode.padEnd(8)} | ${enableMs.toFixed(0).padStart(11)} | ${times.padEnd(39)} | ${peak.toFixed(0)}`);
  }
}
