#!/usr/bin/env node
// Clock jumps: how long AdvanceClock takes on a simulated cluster under external keys (a KMIP
// key server on the simulated network; every node follows the jump and the master runs the fault
// evaluation the jump starts, contacting the key server from the master and every node). Jumps
// of a minute, a day, 30 days and a year (the client certificate, signed for 365 days, expires:
// kmipCertificateFault appears), then a 30-day jump with the key server refusing connections
// (every node locked after a power cycle, retrying). A benchmark, not a test.
//
//   node scripts/bench-clock.mjs [--nodes 4] [--drives 12]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { secureRng, systemClock } from '../packages/core/dist/index.js';
import { startSimulation } from '../packages/sim/dist/index.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '4' }, drives: { type: 'string', default: '12' } } });
const nodes = Number(values.nodes);
const DAY = 86_400;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(os.tmpdir(), 'ekmsim-bench-clock-'));
const sim = await startSimulation({
  dataDir: dir,
  apiPort: 0,
  credentials: { username: 'admin', password: 'admin' },
  keyServers: [{ name: 'kms1', vendor: 'generic' }],
  cluster: { nodes, drivesPerNode: Number(values.drives) },
  clock: systemClock(),
  rng: secureRng(),
  kmipTimeouts: { connectMs: 1_000, requestMs: 5_000 },
});
try {
  const { master } = sim;
  await master.createPublicPrivateKeyPair({ commonName: 'bench-cluster', organization: 'NetApp', country: 'US' });
  const ks = sim.keyServers[0];
  const { certificate } = await sim.sim.signClientCertificate({ keyServer: ks.name, csr: master.getClientCertificateSignRequest() });
  const provider = await master.createKeyProviderKmip('bench');
  const server = await master.createKeyServerKmip({ kmipKeyServerName: ks.name, kmipKeyServerHostnames: ks.hostnames, kmipKeyServerPort: ks.port, kmipCaCertificate: ks.caCertificate, kmipClientCertificate: certificate });
  await master.addKeyServerToProviderKmip(provider.keyProviderID, server.keyServerID);
  await master.enableEncryptionAtRest({ keyProviderID: provider.keyProviderID });
  while (master.getEncryptionAtRestInfo().state !== 'enabled') await sleep(5);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`node ${process.version}, ${os.cpus().length} × ${cpu}; ${nodes} nodes × ${values.drives} drives, external keys`);
  console.log('jump                               | AdvanceClock (ms) | current faults after');
  const jump = async (label, seconds) => {
    const t0 = performance.now();
    await sim.sim.advanceClock({ seconds });
    const ms = performance.now() - t0;
    const faults = master.listClusterFaults({ faultTypes: 'current' }).map((f) => `${f.code}/${f.severity}`);
    console.log(`${label.padEnd(34)} | ${ms.toFixed(0).padStart(17)} | ${faults.join(', ') || 'none'}`);
  };
  await jump('1 minute', 60);
  await jump('1 day', DAY);
  await jump('30 days', 30 * DAY);
  await jump('1 year (client certificate expires)', 365 * DAY);
  await sim.sim.setNetworkFault({ scope: 'keyServer', target: 'kms1', fault: 'connectionRefused' });
  await sim.sim.powerCycleCluster({});
  await jump('30 days, key server refusing', 30 * DAY);
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
