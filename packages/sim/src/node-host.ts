/**
 * The storage nodes the simulation runs itself, one `worker_thread` each. Power off is abrupt:
 * the worker is terminated mid-whatever, and only what the node wrote to its directory
 * (DIR/nodes/<id>/) survives; power on starts a fresh worker on the same directory.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { NodeWorkerData } from '@ekmsim/node';
import { portChannel, type Channel } from '@ekmsim/wire';

export interface NodeHostOptions {
  /** The node IDs this host runs (others may join over WebSocket; their power is their own). */
  readonly nodeIDs: readonly number[];
  readonly nodesDir: string;
  readonly drivesPerNode: number;
  /** Smaller drives for tests; default the model's 1.92 TB (sparse files: only written blocks use disk). */
  readonly capacityBytes?: number;
  /** Each started node's channel goes here (the master's `nodes.accept`). */
  readonly attach: (nodeID: number, channel: Channel) => void;
  /** What a node powering on is told of its world: the clock's reading, its network, its timeouts. */
  readonly environment?: (nodeID: number) => Pick<NodeWorkerData, 'clock' | 'network' | 'kmipTimeouts'>;
}

const WORKER_ENTRY = new URL(import.meta.resolve('@ekmsim/node/worker'));

export class NodeHost {
  readonly #workers = new Map<number, Worker>();
  readonly #exits = new Map<number, Promise<void>>();
  readonly #ids: Set<number>;

  constructor(private readonly options: NodeHostOptions) {
    this.#ids = new Set(options.nodeIDs);
  }

  manages(nodeID: number): boolean {
    return this.#ids.has(nodeID);
  }

  /** Runs `nodeID` from now on (a node carried to this host's site). */
  adopt(nodeID: number): void {
    this.#ids.add(nodeID);
  }

  /** Powers `nodeID` off and runs it no more (a node carried away from this host's site). */
  async release(nodeID: number): Promise<void> {
    await this.powerOff(nodeID);
    this.#ids.delete(nodeID);
  }

  isOn(nodeID: number): boolean {
    return this.#workers.has(nodeID);
  }

  poweredOn(): number[] {
    return [...this.#workers.keys()].sort((a, b) => a - b);
  }

  powerOn(nodeID: number): void {
    if (!this.manages(nodeID)) throw new RangeError(`node ${nodeID} is not run by this simulation`);
    if (this.#workers.has(nodeID)) return;
    const dataDir = join(this.options.nodesDir, String(nodeID));
    mkdirSync(dataDir, { recursive: true });
    const workerData: NodeWorkerData = {
      nodeID,
      dataDir,
      drivesPerNode: this.options.drivesPerNode,
      ...(this.options.capacityBytes === undefined ? {} : { capacityBytes: this.options.capacityBytes }),
      ...this.options.environment?.(nodeID),
    };
    const worker = new Worker(WORKER_ENTRY, { workerData, stdout: false, stderr: false });
    this.#workers.set(nodeID, worker);
    this.#exits.set(
      nodeID,
      new Promise((resolve) => {
        worker.once('exit', () => {
          if (this.#workers.get(nodeID) === worker) this.#workers.delete(nodeID);
          resolve();
        });
      }),
    );
    // A worker that throws at start-up exits; its error must not take the simulation down.
    worker.on('error', () => undefined);
    this.options.attach(nodeID, portChannel(worker, 'exit', () => void worker.terminate()));
  }

  /** Abrupt: the worker is terminated; resolves once it is gone. */
  async powerOff(nodeID: number): Promise<void> {
    const worker = this.#workers.get(nodeID);
    if (worker === undefined) return;
    const exited = this.#exits.get(nodeID);
    await worker.terminate();
    await exited;
  }

  /** Powers on every node this host runs. */
  powerOnAll(): void {
    for (const id of [...this.#ids].sort((a, b) => a - b)) this.powerOn(id);
  }

  async powerOffAll(): Promise<void> {
    await Promise.all(this.poweredOn().map((id) => this.powerOff(id)));
  }
}
