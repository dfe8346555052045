/**
 * `ekmsim node --join ws://HOST:PORT --node-id N --data DIR`: one storage node as its own OS
 * process, joined to a running `ekmsim up --node-port PORT` over WebSocket, until SIGTERM/SIGINT
 * (or killed: what survives is what the node persisted under DIR).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { joinOverWebSocket } from '@ekmsim/node';
import { usageFailure, type CommandIo } from '../io.js';

const USAGE = 'ekmsim node --join ws://HOST:PORT --node-id N --data DIR [--drives-per-node 12]';

export async function nodeCommand(argv: string[], io: CommandIo): Promise<number> {
  let url: string;
  let nodeID: number;
  let drivesPerNode: number;
  let dataDir: string;
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        join: { type: 'string' },
        'node-id': { type: 'string' },
        data: { type: 'string' },
        'drives-per-node': { type: 'string', default: '12' },
      },
    });
    if (values.join === undefined) throw new Error('--join ws://HOST:PORT is required');
    if (!/^wss?:\/\/[^\s/]+(\/\S*)?$/.test(values.join)) throw new Error(`--join ${JSON.stringify(values.join)}: expected ws://HOST:PORT`);
    if (values['node-id'] === undefined || !/^\d+$/.test(values['node-id']) || Number(values['node-id']) < 1 || Number(values['node-id']) > 255) {
      throw new Error('--node-id must be an integer 1-255');
    }
    if (values.data === undefined) throw new Error('--data DIR is required');
    if (!/^\d+$/.test(values['drives-per-node']) || Number(values['drives-per-node']) < 1 || Number(values['drives-per-node']) > 64) {
      throw new Error('--drives-per-node must be an integer 1-64');
    }
    url = values.join;
    nodeID = Number(values['node-id']);
    drivesPerNode = Number(values['drives-per-node']);
    dataDir = resolve(values.data);
  } catch (e) {
    return usageFailure(io, 'node', (e as Error).message, USAGE);
  }
  const node = await joinOverWebSocket({ url, nodeID, dataDir, drivesPerNode, clock: io.clock, rng: io.rng });
  io.out(`node ${nodeID}: joining ${url}, data ${dataDir}`);
  io.out('ready');
  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  io.err(`ekmsim node: ${signal}, stopping`);
  await node.stop();
  return 0;
}
