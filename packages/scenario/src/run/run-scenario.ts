/**
 * One scenario in a fresh simulation of its own (a temporary data directory, the API on a free
 * port, the scenario's key servers and cluster with small drives), its steps in order through the
 * APIs; the first failing step ends it. Randomness comes from the scenario's seed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRng, type Clock } from '@ekmsim/core';
import { startSimulation } from '@ekmsim/sim';
import type { Scenario, Step } from '../format.js';
import { sharedApiIdentity } from './api-identity.js';
import { jsonRpc } from './json-rpc.js';
import { describeStep, runStep, type StepContext } from './steps.js';
import { StepWatch } from './step-watch.js';

/** 256 blocks of 4 KiB: enough for any scenario's data, quick to scan. */
const DRIVE_BYTES = 256 * 4096;
const CREDENTIALS = { username: 'admin', password: 'admin' };

export interface StepResult {
  readonly index: number;
  readonly line: number;
  readonly kind: Step['kind'];
  readonly title: string;
  readonly say?: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly summary: string;
  readonly failure?: string;
  /** Simulated seconds since the scenario started when the step ended. */
  readonly at: number;
  /** The cluster faults current after the step (`code/severity`). */
  readonly faults: readonly string[];
  /** Events recorded during the step (`type: message`). */
  readonly events: readonly string[];
  /** sf-master.info lines written during the step (at most MAX_LOG_LINES). */
  readonly log: readonly string[];
  /** Wall-clock milliseconds the step took (0 when skipped). */
  readonly wallMs: number;
}

export interface ScenarioResult {
  readonly file: string;
  readonly name: string;
  readonly seed: number;
  readonly passed: boolean;
  readonly steps: readonly StepResult[];
  readonly simulatedSeconds: number;
  readonly wallMs: number;
  /** Wall-clock milliseconds from the start to a running simulation (cluster, key servers, API). */
  readonly startMs: number;
  /** Why it could not start, when it could not. */
  readonly error?: string;
}

export interface RunOptions {
  readonly clock: Clock;
  readonly seed?: number;
  readonly onStep?: (scenario: Scenario, result: StepResult) => void;
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  const { clock } = options;
  const seed = options.seed ?? scenario.seed;
  const started = clock.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'ekmsim-scenario-'));
  const steps: StepResult[] = [];
  const base = { file: scenario.file, name: scenario.name, seed };
  let sim;
  try {
    sim = await startSimulation({
      dataDir,
      apiPort: 0,
      credentials: CREDENTIALS,
      keyServers: scenario.keyServers,
      cluster: {
        nodes: scenario.cluster.nodes,
        drivesPerNode: scenario.cluster.drivesPerNode,
        capacityBytes: DRIVE_BYTES,
        ...(scenario.cluster.shamirThreshold === undefined ? {} : { shamirThreshold: scenario.cluster.shamirThreshold }),
      },
      clock,
      rng: seededRng(seed),
      apiTlsIdentity: sharedApiIdentity(clock),
      ...(scenario.kmipTimeouts === undefined ? {} : { kmipTimeouts: scenario.kmipTimeouts }),
    });
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    return { ...base, passed: false, steps, simulatedSeconds: 0, wallMs: clock.now() - started, startMs: clock.now() - started, error: `the simulation did not start: ${(e as Error).message}` };
  }
  const startMs = clock.now() - started;
  const auth = `${CREDENTIALS.username}:${CREDENTIALS.password}`;
  const ctx: StepContext = {
    apis: { element: jsonRpc(`${sim.apiUrl}/json-rpc/12.3`, auth), control: jsonRpc(`${sim.apiUrl}/sim/json-rpc/1.0`, auth) },
    nodes: scenario.cluster.nodes,
    dataDir,
    saved: new Map(),
    clock,
    advanced: 0,
  };
  const watch = new StepWatch(ctx.apis, dataDir);
  try {
    let failed = false;
    for (const [index, step] of scenario.steps.entries()) {
      const stepStarted = clock.now();
      const common = { index, line: step.line, kind: step.kind, title: describeStep(step), ...(step.say === undefined ? {} : { say: step.say }) };
      const result: StepResult = failed
        ? { ...common, status: 'skipped', summary: 'not run: an earlier step failed', at: ctx.advanced, faults: [], events: [], log: [], wallMs: 0 }
        : await runStep(ctx, step).then(async (v) => ({
            ...common,
            status: v.ok ? ('passed' as const) : ('failed' as const),
            summary: v.summary,
            ...(v.failure === undefined ? {} : { failure: v.failure }),
            at: ctx.advanced,
            ...(await watch.after()),
            wallMs: clock.now() - stepStarted,
          }));
      failed ||= result.status === 'failed';
      steps.push(result);
      options.onStep?.(scenario, result);
    }
    return { ...base, passed: !failed, steps, simulatedSeconds: ctx.advanced, wallMs: clock.now() - started, startMs };
  } finally {
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
