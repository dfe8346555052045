/**
 * Scenario files are checked before anything runs: YAML syntax, the schema (each step against
 * its own kind), references to key servers; every problem names the file and the line.
 */
import { readFileSync } from 'node:fs';
import { parseScenario, SCENARIO_SCHEMA, ScenarioFileError, findScenarioFiles, loadScenarioFile } from '@ekmsim/scenario';
import { describe, expect, it } from 'vitest';

const GOOD = `name: a scenario
seed: 7
cluster: { nodes: 2, drivesPerNode: 1 }
keyServers:
  - { name: kms1, vendor: sklm }
steps:
  - call: EnableEncryptionAtRest
    say: go
  - wait: { ear: enabled }
    timeout: 5m
  - advance: 30d
  - keyServer: kms1
    action: status
  - check: { faults: [] }
`;

function problem(text: string): ScenarioFileError {
  try {
    parseScenario(text, 'x.yaml');
  } catch (e) {
    if (e instanceof ScenarioFileError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('loading a scenario', () => {
  it('reads every kind of step with its line, durations in seconds', () => {
    const s = parseScenario(GOOD, 'x.yaml');
    expect(s).toMatchObject({ name: 'a scenario', seed: 7, cluster: { nodes: 2, drivesPerNode: 1 }, keyServers: [{ name: 'kms1', vendor: 'sklm' }] });
    expect(s.steps.map((st) => [st.kind, st.line])).toEqual([['call', 7], ['wait', 9], ['advance', 11], ['keyServer', 12], ['check', 14]]);
    expect(s.steps[1]).toMatchObject({ timeoutSeconds: 300 });
    expect(s.steps[2]).toMatchObject({ seconds: 30 * 86_400 });
  });

  it('names the file and line of a YAML syntax error', () => {
    const e = problem('name: x\ncluster: { nodes: 2\nsteps: []\n');
    expect(e.message).toMatch(/^x\.yaml:\d+: not valid YAML/);
  });

  it('names the line and the member of a schema error', () => {
    expect(problem(GOOD.replace('vendor: sklm', 'vendor: acme')).message).toMatch(/^x\.yaml:5: keyServers\.0\.vendor must be one of "generic", /);
    expect(problem(GOOD.replace('    timeout: 5m', '    timeout: soon')).message).toMatch(/^x\.yaml:10: step 2 \(wait\) timeout /);
    expect(problem(GOOD.replace('  - advance: 30d', '  - advance: 30d\n    speed: 2')).message).toBe('x.yaml:12: step 3 (advance) has an unknown member "speed"');
    expect(problem(GOOD.replace('  - check: { faults: [] }', '  - frobnicate: 1')).message).toMatch(/^x\.yaml:14: step 5 has none of call, control/);
    expect(problem(GOOD.replace('cluster: { nodes: 2, drivesPerNode: 1 }', 'cluster: { nodes: 2 }')).message).toBe('x.yaml:3: cluster needs "drivesPerNode"');
  });

  it('refuses a step naming a key server the scenario does not have', () => {
    expect(problem(GOOD.replace('  - keyServer: kms1', '  - keyServer: kms9')).message).toMatch(/^x\.yaml:12: keyServer: no key server named "kms9"/);
  });

  it('the published scenarios/schema.json is the schema the loader uses', () => {
    const published = JSON.parse(readFileSync(new URL('../../../scenarios/schema.json', import.meta.url), 'utf8')) as unknown;
    expect(published).toEqual(JSON.parse(JSON.stringify(SCENARIO_SCHEMA)));
  });

  it('every file of the library loads', () => {
    const files = findScenarioFiles([new URL('../../../scenarios', import.meta.url).pathname]);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => loadScenarioFile(f), f).not.toThrow();
  });
});
