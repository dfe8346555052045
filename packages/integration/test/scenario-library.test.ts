/**
 * Issue 6: the scenario library is a regression test. Every file passes; run twice with the same
 * seeds it gives the same sequence of step results; a file with one expected value changed fails
 * at that step, naming its file and line; an invalid file is refused before anything runs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@ekmsim/core';
import { loadScenarioFile, loadScenarios, runScenario, runScenarios, type ScenarioResult } from '@ekmsim/scenario';
import { describe, expect, it } from 'vitest';
import { ekmsim } from './helpers/ekmsim.js';
import { repoRoot } from './helpers/pykmip.js';

const LIBRARY = join(repoRoot, 'scenarios');
const clock = systemClock();

/** What must be the same from one run to the next: each step's verdict, in order. */
const outline = (results: readonly ScenarioResult[]): string[] =>
  results.flatMap((r) => r.steps.map((s) => `${r.file}:${s.line} ${s.title} ${s.status} ${s.summary} ${s.failure ?? ''}`));

describe('the scenario library', () => {
  it('passes whole, and a second run gives the same step results', async () => {
    const scenarios = loadScenarios([LIBRARY]);
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
    const first = await runScenarios(scenarios, { clock, parallel: availableParallelism() });
    const failed = first.filter((r) => !r.passed).map((r) => `${r.file}: ${r.error ?? r.steps.find((s) => s.status === 'failed')?.failure ?? ''}`);
    expect(failed).toEqual([]);
    const second = await runScenarios(scenarios, { clock, parallel: availableParallelism() });
    expect(outline(second)).toEqual(outline(first));
  }, 600_000);

  it('fails a scenario whose expected value was changed, at that step, naming file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ekmsim-mutant-'));
    try {
      const original = await readFile(join(LIBRARY, 'theft/drive-stolen-locked.yaml'), 'utf8');
      const mutant = original.replace('check: { theft: { locked: all, plaintextReadable: none } }', 'check: { theft: { locked: none, plaintextReadable: all } }');
      expect(mutant).not.toBe(original);
      const file = join(dir, 'mutant.yaml');
      await writeFile(file, mutant);
      const line = mutant.split('\n').findIndex((l) => l.includes('locked: none, plaintextReadable: all')) + 1;
      const result = await runScenario(loadScenarioFile(file), { clock });
      expect(result.passed).toBe(false);
      const failedStep = result.steps.find((s) => s.status === 'failed');
      expect(failedStep).toMatchObject({ line, title: 'check theft' });
      expect(failedStep?.failure).toMatch(/expected every stolen drive locked: none, plaintext readable: all; drive 1: locked at power-on/);

      // The command line says the same and exits 1; an invalid file is refused with its line (exit 2).
      const run = await ekmsim(['run', file]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`FAILED ${file}:${line} step`);
      expect(run.stdout).toMatch(/0 passed, 1 failed\n$/);
      await writeFile(file, original.replace('drivesPerNode: 1', 'drivesPerNode: many'));
      const invalid = await ekmsim(['run', file]);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: cluster\\.drivesPerNode must be integer`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
