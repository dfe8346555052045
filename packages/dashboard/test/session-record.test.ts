import { parseScenario } from '@ekmsim/scenario';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SessionRecord } from '../src/session-record.js';

const HEAD = { name: 'Power cycle', seed: 3, cluster: { nodes: 3, drivesPerNode: 1 }, keyServers: [{ name: 'kms1', vendor: 'generic' }] };
const T0 = Date.parse('2026-12-05T10:00:00Z');

describe('the export of a session', () => {
  it('keeps the head, the steps in order, and the simulated time between them as advances', () => {
    const record = new SessionRecord(HEAD, T0);
    record.add(T0 + 500, T0 + 900, [{ control: 'PowerCycleCluster' }]);
    record.add(T0 + 31_900, T0 + 32_000, [{ keyServer: 'kms1', action: 'stop' }]);
    record.add(T0 + 32_200, T0 + 3_632_200, [{ advance: '3600s' }]);
    const doc = parse(record.toYaml(T0 + 3_700_000)) as Record<string, unknown>;
    expect(doc).toMatchObject({ name: 'Dashboard session: Power cycle', seed: 3, cluster: HEAD.cluster, keyServers: HEAD.keyServers });
    expect(doc.steps).toEqual([{ control: 'PowerCycleCluster' }, { advance: '31s' }, { keyServer: 'kms1', action: 'stop' }, { advance: '3600s' }]);
  });

  it('is a scenario file the loader accepts', () => {
    const record = new SessionRecord(HEAD, T0);
    record.add(T0, T0 + 10, [{ control: 'StealDrive', params: { driveID: 1 } }]);
    const scenario = parseScenario(record.toYaml(T0 + 20), 'exported.yaml');
    expect(scenario.steps.map((s) => s.kind)).toEqual(['control']);
  });

  it('an empty session still exports a file that runs', () => {
    const scenario = parseScenario(new SessionRecord(HEAD, T0).toYaml(T0), 'empty.yaml');
    expect(scenario.steps).toHaveLength(1);
  });
});
