/**
 * The storage node as a worker_thread (the simulation's default): `new Worker(<this file>,
 * { workerData: NodeWorkerData })`. The parent wraps the Worker with
 * `portChannel(worker, 'exit', () => void worker.terminate())`; power off is `terminate()`, after
 * which only what the node wrote survives. This is a process entry point: the one place the
 * node's clock (a SimulationClock over the system clock, following the master's) and
 * secure random source are made, and where it is put on the simulated network.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { secureRng, SimulationClock, systemClock } from '@ekmsim/core';
import { nameServiceDialer } from '@ekmsim/kmip-client';
import { portChannel } from '@ekmsim/wire';
import { startNode } from './start-node.js';
import { parseWorkerData } from './worker-data.js';

if (parentPort === null) throw new Error('@ekmsim/node/worker must run in a worker_thread');
const data = parseWorkerData(workerData);
await startNode({
  nodeID: data.nodeID,
  dataDir: data.dataDir,
  channel: portChannel(parentPort, 'close'),
  clock: new SimulationClock(systemClock(), data.clock ?? 0),
  rng: secureRng(),
  drives: { count: data.drivesPerNode, ...(data.capacityBytes === undefined ? {} : { capacityBytes: data.capacityBytes }) },
  ...(data.network === undefined ? {} : { kmipDialer: nameServiceDialer(data.network) }),
  ...(data.kmipTimeouts === undefined ? {} : { kmipTimeouts: data.kmipTimeouts }),
});
