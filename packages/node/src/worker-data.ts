/** What the worker entry (`@ekmsim/node/worker`) reads from `workerData`. */
export interface NodeWorkerData {
  readonly nodeID: number;
  readonly dataDir: string;
  readonly drivesPerNode: number;
  /** Smaller drives for tests; default the model's capacity. */
  readonly capacityBytes?: number;
}

export function parseWorkerData(v: unknown): NodeWorkerData {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const positive = (x: unknown, name: string): number => {
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1) throw new TypeError(`workerData.${name}: a positive integer`);
    return x;
  };
  if (typeof o.dataDir !== 'string' || o.dataDir === '') throw new TypeError('workerData.dataDir: a directory');
  return {
    nodeID: positive(o.nodeID, 'nodeID'),
    dataDir: o.dataDir,
    drivesPerNode: positive(o.drivesPerNode, 'drivesPerNode'),
    ...(o.capacityBytes === undefined ? {} : { capacityBytes: positive(o.capacityBytes, 'capacityBytes') }),
  };
}
