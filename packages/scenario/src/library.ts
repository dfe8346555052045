/**
 * A set of scenario files: found under the paths given (directories recursively, `.yaml` and
 * `.yml`), every one loaded and checked before any runs (one invalid file stops everything,
 * naming its line), then run in parallel up to `parallel` at a time, each in a simulation of its own.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Scenario } from './format.js';
import { loadScenarioFile } from './load.js';
import { runScenario, type RunOptions, type ScenarioResult } from './run/run-scenario.js';

export function findScenarioFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name));
    } else if (/\.ya?ml$/.test(p)) found.push(p);
  };
  for (const p of paths) walk(p);
  return found;
}

/** Loads every file; the first invalid one throws its ScenarioFileError. `filter` keeps names or paths containing it. */
export function loadScenarios(paths: readonly string[], filter?: string): Scenario[] {
  const scenarios = findScenarioFiles(paths).map((f) => loadScenarioFile(shown(f)));
  return filter === undefined ? scenarios : scenarios.filter((s) => s.name.includes(filter) || s.file.includes(filter));
}

/** A path as the user would write it: relative when inside the working directory, else absolute. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? resolve(file) : rel;
}

export async function runScenarios(scenarios: readonly Scenario[], options: RunOptions & { readonly parallel: number }): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array<ScenarioResult>(scenarios.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scenarios.length) {
      const i = next++;
      results[i] = await runScenario(scenarios[i]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, scenarios.length)) }, worker));
  return results;
}
