import type { ClockReading } from '@ekmsim/core';

/** What the worker entry (`@ekmsim/node/worker`) reads from `workerData`. */
export interface NodeWorkerData {
  readonly nodeID: number;
  readonly dataDir: string;
  readonly drivesPerNode: number;
  /** Smaller drives for tests; default the model's capacity. */
  readonly capacityBytes?: number;
  /** The simulation clock's reading when the node powers on (lead over real time, pause); the join answer updates it. */
  readonly clock?: ClockReading;
  /** The simulated network: where names are looked up and the node's own source address. */
  readonly network?: { readonly nameServer: string; readonly localAddress: string };
  /** KMIP connect and request timeouts, in ms of the node's clock. */
  readonly kmipTimeouts?: { readonly connectMs?: number; readonly requestMs?: number };
}

type Fields = Record<string, unknown>;

const fields = (v: unknown): Fields => (typeof v === 'object' && v !== null ? v : {}) as Fields;

function integer(x: unknown, name: string, min: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) throw new TypeError(`workerData.${name}: an integer of at least ${min}`);
  return x;
}

function text(x: unknown, name: string): string {
  if (typeof x !== 'string' || x === '') throw new TypeError(`workerData.${name}: a non-empty string`);
  return x;
}

export function parseWorkerData(v: unknown): NodeWorkerData {
  const o = fields(v);
  const network = o.network === undefined ? undefined : fields(o.network);
  const timeouts = o.kmipTimeouts === undefined ? undefined : fields(o.kmipTimeouts);
  const clock = o.clock === undefined ? undefined : fields(o.clock);
  return {
    nodeID: integer(o.nodeID, 'nodeID', 1),
    dataDir: text(o.dataDir, 'dataDir'),
    drivesPerNode: integer(o.drivesPerNode, 'drivesPerNode', 1),
    ...(o.capacityBytes === undefined ? {} : { capacityBytes: integer(o.capacityBytes, 'capacityBytes', 1) }),
    ...(clock === undefined
      ? {}
      : {
          clock: {
            offsetMs: integer(clock.offsetMs, 'clock.offsetMs', -Number.MAX_SAFE_INTEGER),
            ...(clock.pausedAtMs === undefined ? {} : { pausedAtMs: integer(clock.pausedAtMs, 'clock.pausedAtMs', 0) }),
          },
        }),
    ...(network === undefined ? {} : { network: { nameServer: text(network.nameServer, 'network.nameServer'), localAddress: text(network.localAddress, 'network.localAddress') } }),
    ...(timeouts === undefined
      ? {}
      : {
          kmipTimeouts: {
            ...(timeouts.connectMs === undefined ? {} : { connectMs: integer(timeouts.connectMs, 'kmipTimeouts.connectMs', 1) }),
            ...(timeouts.requestMs === undefined ? {} : { requestMs: integer(timeouts.requestMs, 'kmipTimeouts.requestMs', 1) }),
          },
        }),
  };
}
