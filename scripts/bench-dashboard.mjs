#!/usr/bin/env node
// The dashboard's reaction time (issue 7: "every control changes the simulation and the page
// shows the change within a second"): `ekmsim demo` on the library's stolen-cluster scenario
// (played to its end first, so EAR is on under external keys), the page in Debian's Chromium,
// and for each control the wall time from the click to the page showing its effect. Also the
// WebSocket traffic: messages and bytes per second while the cluster is quiet. A benchmark, not
// a test.
//
//   node scripts/bench-dashboard.mjs [--runs 5]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { silentLogger, systemClock } from '../packages/core/dist/index.js';
import { startDashboard } from '../packages/dashboard/dist/index.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const file = 'scenarios/lifecycle/disable-ear.yaml';
const dashboard = await startDashboard({ port: 0, clock: systemClock(), logger: silentLogger, demo: { library: [{ file, name: 'bench' }], initial: file } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
let frames = 0;
let bytes = 0;
page.on('websocket', (ws) => ws.on('framereceived', (f) => { frames += 1; bytes += String(f.payload).length; }));
await page.goto(dashboard.url);
await page.getByTestId('node-1').waitFor();

/** Click, then poll the page every 10 ms until `shown()` holds; the milliseconds in between. */
async function reaction(click, shown) {
  const t0 = performance.now();
  await click();
  while (!(await shown())) await new Promise((r) => setTimeout(r, 10));
  return performance.now() - t0;
}
const phase = (id) => page.getByTestId(`node-${id}`).getAttribute('data-phase');
const clockText = () => page.getByTestId('sim-clock').textContent();

const results = { 'power off node 1 (node shown off)': [], 'power on node 1 (node shown booting or on)': [], 'advance 1 day (clock shown moved)': [], 'cut node 2 link (link shown cut)': [], 'heal node 2 link (link shown whole)': [], 'pause (clock shown paused)': [], 'resume (clock shown running)': [] };
for (let i = 0; i < runs; i++) {
  await page.getByTestId('node-1-menu').click();
  results['power off node 1 (node shown off)'].push(await reaction(() => page.getByTestId('node-1-power-off').click(), async () => (await phase(1)) === 'off'));
  await page.getByTestId('node-1-menu').click();
  results['power on node 1 (node shown booting or on)'].push(await reaction(() => page.getByTestId('node-1-power-on').click(), async () => (await phase(1)) !== 'off'));
  await page.waitForFunction(() => document.querySelector('[data-testid="node-1"]')?.getAttribute('data-phase') === 'ready', null, { timeout: 60_000 });
  const before = await clockText();
  results['advance 1 day (clock shown moved)'].push(await reaction(() => page.getByTestId('advance-1d').click(), async () => (await clockText()) !== before));
  await page.getByTestId('node-2-menu').click();
  results['cut node 2 link (link shown cut)'].push(await reaction(() => page.getByTestId('node-2-cut-link').click(), async () => (await page.getByTestId('link-node-2').getAttribute('data-cut')) === 'true'));
  await page.getByTestId('node-2-menu').click();
  results['heal node 2 link (link shown whole)'].push(await reaction(() => page.getByTestId('node-2-heal-link').click(), async () => (await page.getByTestId('link-node-2').getAttribute('data-cut')) === 'false'));
  const playback = () => page.getByTestId('playback-state').getAttribute('data-state');
  results['pause (clock shown paused)'].push(await reaction(() => page.getByTestId('pause').click(), async () => (await playback()) === 'paused'));
  results['resume (clock shown running)'].push(await reaction(() => page.getByTestId('resume').click(), async () => (await playback()) === 'running'));
}
const quietFrames = frames;
const quietBytes = bytes;
await new Promise((r) => setTimeout(r, 10_000));
console.log(`node ${process.version}, ${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Chromium headless`);
console.log('control → page shows it        | median (ms) | max (ms)');
for (const [what, ms] of Object.entries(results)) {
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(`${what.padEnd(44)} | ${sorted[Math.floor(sorted.length / 2)].toFixed(0).padStart(6)} | ${sorted.at(-1).toFixed(0).padStart(6)}`);
}
console.log(`quiet cluster: ${((frames - quietFrames) / 10).toFixed(1)} WebSocket messages/s, ${((bytes - quietBytes) / 10 / 1024).toFixed(1)} KiB/s`);
await browser.close();
await dashboard.close();
