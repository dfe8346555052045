/** Starting a storage node on its directory and its channel to the master. */
import { silentLogger, type Clock, type Logger, type Rng } from '@ekmsim/core';
import type { Dialer } from '@ekmsim/kmip-client';
import type { Channel } from '@ekmsim/wire';
import { powerOnBays } from './drive-bays.js';
import { prepareNodeDir, type DriveOptions } from './prepare-node-dir.js';
import { DEFAULT_BACKOFF, type Backoff } from './retry-loop.js';
import { NodeRuntime, type StorageNode } from './storage-node.js';

export interface StartNodeOptions {
  readonly nodeID: number;
  /** Holds `node.json` and `drives/<serial>/`; made on the first start. */
  readonly dataDir: string;
  /** The link to the master (worker port, WebSocket, or memory in tests). */
  readonly channel: Channel;
  /** The node's time; a SimulationClock follows the master's offset (join answer, `clock` event). */
  readonly clock: Clock;
  readonly rng: Rng;
  /** Used on the first start only: afterwards the state file says which drives the node has. */
  readonly drives?: DriveOptions;
  readonly logger?: Logger;
  /** How to reach key servers (default node:tls; the simulated network's nameServiceDialer). */
  readonly kmipDialer?: Dialer;
  /** KMIP connect and request timeouts on the clock (default 10 s and 15 s). */
  readonly kmipTimeouts?: { readonly connectMs?: number; readonly requestMs?: number };
  /** Unlock retries: initialMs (default 1000) doubling up to maxMs (default 30000), on the clock. */
  readonly unlockBackoff?: Partial<Backoff>;
}

/**
 * Powers the node on: reads (or on the first start, creates) its state and drives, powers the
 * drives on (those with EAR come up locked; an empty bay is skipped), then joins the master and
 * unlocks in the background. Resolves once the node serves calls; fails only if its directory
 * cannot be used.
 */
export function startNode(options: StartNodeOptions): Promise<StorageNode> {
  return Promise.resolve().then(() => {
    const store = prepareNodeDir(options);
    const { bays, empty } = powerOnBays(options.dataDir, store.drives, options.clock, options.rng);
    const logger = options.logger ?? silentLogger;
    // Said once per power-on: the node neither reports nor unlocks a drive it does not have.
    for (const r of empty) logger.log('warn', `node ${store.nodeID}: drive ${r.serial} (slot ${r.slot}) is not in its bay; starting without it`);
    let node: NodeRuntime;
    try {
      node = new NodeRuntime(store, bays, {
        channel: options.channel,
        clock: options.clock,
        rng: options.rng,
        logger,
        kmip: {
          clock: options.clock,
          logger,
          ...(options.kmipDialer === undefined ? {} : { dialer: options.kmipDialer }),
          ...(options.kmipTimeouts === undefined ? {} : { timeouts: options.kmipTimeouts }),
        },
        backoff: { ...DEFAULT_BACKOFF, ...options.unlockBackoff },
      });
    } catch (e) {
      for (const bay of bays) bay.drive.powerOff();
      throw e;
    }
    node.start();
    return node;
  });
}
