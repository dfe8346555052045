/** The API server in front of a fake cluster: the fake master and the test SimControl share it. */
import { SimulatedClock, secureRng } from '@ekmsim/core';
import { FakeCluster } from './fake-cluster.js';
import { FakeMaster } from './fake-master.js';
import { startFixture, type Fixture } from './fixture.js';
import { testSimControl } from './sim-control.js';

export interface ClusterFixture extends Fixture {
  readonly cluster: FakeCluster;
  readonly fakeMaster: FakeMaster;
}

/** 2026-01-01T00:00:00Z: the fake master's async results carry times from this clock. */
const START_MS = Date.UTC(2026, 0, 1);

export async function startClusterFixture(): Promise<ClusterFixture> {
  const cluster = new FakeCluster();
  const fakeMaster = new FakeMaster(cluster, new SimulatedClock(START_MS));
  const rng = secureRng();
  const fx = await startFixture({ master: fakeMaster, sim: testSimControl([], { clock: new SimulatedClock(START_MS), rng }, cluster) });
  return { ...fx, cluster, fakeMaster };
}
