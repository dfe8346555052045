#!/usr/bin/env node
// The scenario library's speed: wall time of the whole library (scenarios in parallel, one per
// core, as `ekmsim run` does) and, per scenario, its simulated time over its wall time. Issue 6
// asks for the whole library in ≤ 60 s on a 2-core machine, and a 365-day certificate-expiry
// scenario in ≤ 2 s: that one is then run alone, as `ekmsim run FILE` runs it in a fresh
// process, five times (the scenario's wall time, from the start of its simulation to its last
// step, and the whole process's). A benchmark, not a test.
//
//   node scripts/bench-scenarios.mjs [DIR|FILE …]
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { systemClock } from '../packages/core/dist/index.js';
import { loadScenarios, runScenarios } from '../packages/scenario/dist/index.js';

const paths = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['scenarios'];
const scenarios = loadScenarios(paths);
const clock = systemClock();
const t0 = performance.now();
const results = await runScenarios(scenarios, { clock, parallel: os.availableParallelism() });
const wall = performance.now() - t0;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`node ${process.version}, ${os.availableParallelism()} × ${cpu}`);
console.log('scenario                                                  | result | wall (s) | simulated (s) | simulated / wall');
for (const r of results) {
  const ratio = r.wallMs > 0 ? r.simulatedSeconds / (r.wallMs / 1000) : 0;
  console.log(`${r.file.padEnd(57)} | ${(r.passed ? 'passed' : 'FAILED').padEnd(6)} | ${(r.wallMs / 1000).toFixed(2).padStart(8)} | ${String(r.simulatedSeconds).padStart(13)} | ${ratio.toFixed(0).padStart(16)}`);
}
const passed = results.filter((r) => r.passed).length;
console.log(`whole library: ${results.length} scenarios, ${passed} passed, in ${(wall / 1000).toFixed(1)} s wall`);

const YEAR_SCENARIO = 'scenarios/certificates/client-certificate-expiry.yaml';
const alone = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['packages/cli/dist/main.js', 'run', YEAR_SCENARIO, '--json'], { encoding: 'utf8' });
  const processMs = performance.now() - started;
  const result = JSON.parse(run.stdout).results[0];
  if (!result.passed) throw new Error(`${YEAR_SCENARIO} failed: ${run.stdout.slice(0, 2000)}`);
  alone.push({ scenarioMs: result.wallMs, startMs: result.startMs, processMs });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${YEAR_SCENARIO} alone (${alone.length} runs): scenario ${alone.map((a) => (a.scenarioMs / 1000).toFixed(2)).join(', ')} s (median ${(median(alone.map((a) => a.scenarioMs)) / 1000).toFixed(2)} s, of which start ${(median(alone.map((a) => a.startMs)) / 1000).toFixed(2)} s); whole process ${alone.map((a) => (a.processMs / 1000).toFixed(2)).join(', ')} s`);
