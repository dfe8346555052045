/**
 * `ekmsim run [FILE|DIR …] [--seed N] [--filter TEXT] [--report DIR] [--json]`: runs scenario
 * files (default: the library in ./scenarios), each in a fresh simulated cluster, up to one per
 * core at a time; a line per step, then `N passed, M failed`. Exit 0 only if every one passed; an
 * invalid file stops everything before it runs, naming its line (exit 2).
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenarios, runScenarios, ScenarioFileError, writeReport, type Scenario, type ScenarioResult, type StepResult } from '@ekmsim/scenario';
import { usageFailure, type CommandIo } from '../io.js';

const USAGE = 'ekmsim run [FILE|DIR …] [--seed N] [--filter TEXT] [--report DIR] [--json]   (default: scenarios/)';

const MARK: Record<StepResult['status'], string> = { passed: '✓', failed: '✗', skipped: '-' };

export async function runCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  let paths: string[];
  let seed: number | undefined;
  try {
    let positionals;
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { seed: { type: 'string' }, filter: { type: 'string' }, report: { type: 'string' }, json: { type: 'boolean', default: false } },
    }));
    paths = positionals.length === 0 ? ['scenarios'] : positionals;
    if (values.seed !== undefined) {
      if (!/^\d+$/.test(values.seed)) throw new Error(`--seed must be a whole number, got ${JSON.stringify(values.seed)}`);
      seed = Number(values.seed);
    }
  } catch (e) {
    return usageFailure(io, 'run', (e as Error).message, USAGE);
  }
  let scenarios: Scenario[];
  try {
    scenarios = loadScenarios(paths, values.filter);
  } catch (e) {
    if (e instanceof ScenarioFileError) {
      io.err(`ekmsim run: ${e.message}`);
      return 2;
    }
    io.err(`ekmsim run: ${(e as Error).message}`);
    return 2;
  }
  if (scenarios.length === 0) {
    io.err(`ekmsim run: no scenario in ${paths.join(', ')}${values.filter === undefined ? '' : ` matching ${JSON.stringify(values.filter)}`}`);
    return 2;
  }
  const startedAt = new Date(io.clock.now()).toISOString();
  const json = values.json;
  if (!json) io.out(`running ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}, ${Math.min(availableParallelism(), scenarios.length)} at a time`);
  const results = await runScenarios(scenarios, {
    clock: io.clock,
    ...(io.keyPairs === undefined ? {} : { keyPairs: io.keyPairs }),
    parallel: availableParallelism(),
    ...(seed === undefined ? {} : { seed }),
    onStep: (s, step) => {
      if (json) return;
      io.out(`${MARK[step.status]} ${s.file}:${step.line} ${step.title}${step.status === 'failed' ? `\n    ${step.failure ?? step.summary}` : ''}`);
    },
  });
  const passed = results.filter((r) => r.passed).length;
  if (values.report !== undefined) {
    const files = writeReport(resolve(values.report), results, { startedAt });
    if (!json) io.out(`report: ${files.html} (trace ${files.trace})`);
  }
  if (json) io.out(JSON.stringify({ startedAt, passed, failed: results.length - passed, results }, null, 2));
  else {
    for (const r of results.filter((x) => !x.passed)) io.out(failureLine(r));
    io.out(`${passed} passed, ${results.length - passed} failed`);
  }
  return passed === results.length ? 0 : 1;
}

function failureLine(r: ScenarioResult): string {
  const step = r.steps.find((s) => s.status === 'failed');
  if (step === undefined) return `FAILED ${r.file} (${r.name}): ${r.error ?? 'no step ran'}`;
  return `FAILED ${r.file}:${step.line} step ${step.index + 1} (${step.title}): ${step.failure ?? step.summary}`;
}
