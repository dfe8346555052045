/**
 * One scenario in a fresh simulation of its own (a temporary data directory, the API on a free
 * port, the scenario's key servers and cluster with small drives), its steps in order through the
 * APIs; the first failing step ends it. Randomness comes from the scenario's seed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRng, type Clock } from '@ekmsim/core';
import type { KeyPairSource } from '@ekmsim/pki';
import { startSimulation } from '@ekmsim/sim';
import type { Scenario, Step } from '../format.js';
import { sharedApiIdentity } from './api-identity.js';
import { jsonRpc } from './json-rpc.js';
import { describeStep, runStep, type StepContext } from './steps.js';
import type { Apis } from './observe.js';
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
  /** Where the simulations' RSA key pairs come from (pki `keyPairsAhead` to have some made early); made when asked for by default. */
  readonly keyPairs?: KeyPairSource;
  readonly onStep?: (scenario: Scenario, result: StepResult) => void;
}

/**
 * A scenario opened in its simulation, its steps run one at a time (the runner runs them all; the
 * dashboard's guided mode one per click). The APIs are the simulation's, for others to follow it.
 */
export interface ScenarioSession {
  readonly scenario: Scenario;
  readonly seed: number;
  /** The simulation's APIs (Element and control), as the steps use them. */
  readonly apis: Apis;
  /** Steps run so far. */
  readonly results: readonly StepResult[];
  /** True once every step has a result (a failure skips the rest). */
  readonly done: boolean;
  /** Wall-clock ms from the start to a running simulation. */
  readonly startMs: number;
  /** Simulated seconds the steps have moved the clock on. */
  readonly advanced: number;
  /** Runs the next step (or, after a failure, marks every remaining one skipped); undefined when done. */
  next(): Promise<StepResult | undefined>;
  /** Stops the simulation and removes its data directory. */
  close(): Promise<void>;
}

/** Starts the scenario's simulation; throws when it cannot start. */
export async function openScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioSession> {
  const { clock } = options;
  const seed = options.seed ?? scenario.seed;
  const started = clock.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'ekmsim-scenario-'));
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
      apiTlsIdentity: sharedApiIdentity(clock, options.keyPairs),
      ...(options.keyPairs === undefined ? {} : { keyPairs: options.keyPairs }),
      ...(scenario.kmipTimeouts === undefined ? {} : { kmipTimeouts: scenario.kmipTimeouts }),
    });
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  const simulation = sim;
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
  const results: StepResult[] = [];
  let failed = false;
  let closed: Promise<void> | undefined;
  return {
    scenario,
    seed,
    apis: ctx.apis,
    results,
    get done() {
      return results.length === scenario.steps.length;
    },
    startMs,
    get advanced() {
      return ctx.advanced;
    },
    async next() {
      const index = results.length;
      const step = scenario.steps[index];
      if (step === undefined) return undefined;
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
      results.push(result);
      return result;
    },
    close() {
      closed ??= simulation.close().finally(() => rm(dataDir, { recursive: true, force: true }));
      return closed;
    },
  };
}

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  const { clock } = options;
  const started = clock.now();
  const base = { file: scenario.file, name: scenario.name, seed: options.seed ?? scenario.seed };
  let session: ScenarioSession;
  try {
    session = await openScenario(scenario, options);
  } catch (e) {
    const wallMs = clock.now() - started;
    return { ...base, passed: false, steps: [], simulatedSeconds: 0, wallMs, startMs: wallMs, error: `the simulation did not start: ${(e as Error).message}` };
  }
  try {
    for (let result = await session.next(); result !== undefined; result = await session.next()) options.onStep?.(scenario, result);
    const steps = session.results;
    return { ...base, passed: steps.every((r) => r.status === 'passed'), steps, simulatedSeconds: session.advanced, wallMs: clock.now() - started, startMs: session.startMs };
  } finally {
    await session.close();
  }
}
