/** A node's directory across starts, and the node over its two real transports (worker thread, WebSocket). */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { seededRng, SimulatedClock } from '@ekmsim/core';
import { DEFAULT_DRIVE_COUNT, joinOverWebSocket, NodeStoreError, startNode, STATE_FILE, type NodeWorkerData } from '@ekmsim/node';
import { createDrive } from '@ekmsim/sed';
import { portChannel, webSocketChannel } from '@ekmsim/wire';
import { describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { BLOCK, DRIVE_BLOCKS, pattern, scratchDir, TestCluster } from './support/cluster.js';
import { FakeMaster } from './support/fake-master.js';

async function startError(start: Promise<unknown>): Promise<NodeStoreError> {
  const e = await start.then(
    () => {
      throw new Error('the node started');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(NodeStoreError);
  return e as NodeStoreError;
}

describe('the node directory', () => {
  it('first start: factory-new drives named after node and slot, a box key pair, node.json written privately', async () => {
    const cluster = new TestCluster();
    await cluster.powerOn(7, { drives: { capacityBytes: DRIVE_BLOCKS * BLOCK } });
    const file = cluster.stateFile(7);
    expect(file.version).toBe(1);
    expect(file.nodeID).toBe(7);
    expect(file.drives).toHaveLength(DEFAULT_DRIVE_COUNT);
    expect(file.drives[11]).toEqual({ serial: 'SIM-N007-S11', slot: 11, keyGeneration: null, switching: null });
    expect(file.boxKeyPair.publicKey).toBe(cluster.master.link(7).publicKey);
    expect(statSync(join(cluster.dataDir(7), STATE_FILE)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(cluster.dataDir(7), 'drives', 'SIM-N007-S11', 'drive.json'))).toBe(true);
  });

  it('later starts keep the drives, the key pair and the data the state lists, whatever the options say', async () => {
    const cluster = new TestCluster();
    await cluster.powerOn(1);
    const serial = cluster.serials(1)[1]!;
    await cluster.master.call(1, 'writeBlocks', { serial, lba: 3, data: pattern(2).toString('base64') });
    const first = cluster.stateFile(1);
    await cluster.powerOff(1);
    writeFileSync(join(cluster.dataDir(1), `${STATE_FILE}.tmp`), '{"half-written'); // a write that never reached its rename
    await cluster.powerOn(1, { drives: { count: 5 } });
    expect(cluster.stateFile(1)).toEqual(first);
    expect(existsSync(join(cluster.dataDir(1), `${STATE_FILE}.tmp`))).toBe(false);
    expect(Buffer.from((await cluster.master.call(1, 'readBlocks', { serial, lba: 3, blocks: 1 })).data, 'base64')).toEqual(pattern(2));
  });

  it('a first start that lost power after making some drives keeps them', async () => {
    const dataDir = join(scratchDir(), 'node');
    const clock = new SimulatedClock();
    const made = createDrive({ dir: join(dataDir, 'drives', 'SIM-N001-S00'), serial: 'SIM-N001-S00', clock, rng: seededRng(1), capacityBytes: DRIVE_BLOCKS * BLOCK });
    const psid = made.label.psid;
    made.powerOff();
    const master = new FakeMaster(clock);
    const node = await startNode({ nodeID: 1, dataDir, channel: master.connect(), clock, rng: seededRng(2), drives: { count: 2, capacityBytes: DRIVE_BLOCKS * BLOCK } });
    const label = JSON.parse(readFileSync(join(dataDir, 'drives', 'SIM-N001-S00', 'drive.json'), 'utf8')) as { label: { psid: string } };
    expect(label.label.psid).toBe(psid);
    expect(node.state().drives).toHaveLength(2);
    await node.stop();
  });

  it('refuses another node’s directory and a damaged state file, naming the problem (drives: pulled-drive.test.ts)', async () => {
    const cluster = new TestCluster();
    await cluster.powerOn(1);
    await cluster.powerOff(1);
    const clock = cluster.master.clock;
    const start = (nodeID: number) => startNode({ nodeID, dataDir: cluster.dataDir(1), channel: cluster.master.connect(), clock, rng: seededRng(3) });

    const wrong = await startError(start(2));
    expect(wrong.code).toBe('NODE_STATE_WRONG_NODE');
    expect(wrong.message).toMatch(/belongs to node 1, not node 2$/);

    const path = join(cluster.dataDir(1), STATE_FILE);
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(good), drives: [{ serial: 'X', slot: -1, keyGeneration: null, switching: null }] }));
    const corrupt = await startError(start(1));
    expect(corrupt.code).toBe('NODE_STATE_CORRUPT');
    expect(corrupt.message).toMatch(/drives\[0\]\.slot: expected an integer of at least 0$/);
    writeFileSync(path, 'not json');
    expect((await startError(start(1))).code).toBe('NODE_STATE_CORRUPT');
  });
});

describe('transports', () => {
  it('the worker entry runs a node in a worker_thread; terminating it is a power loss', async () => {
    const dataDir = join(scratchDir(), 'node-5');
    mkdirSync(dataDir);
    const master = new FakeMaster(); // its own call timeouts never fire; the worker runs on the system clock
    const workerData: NodeWorkerData = { nodeID: 5, dataDir, drivesPerNode: 2, capacityBytes: DRIVE_BLOCKS * BLOCK };
    const entry = new URL(import.meta.resolve('@ekmsim/node/worker'));
    const run = (): Worker => {
      const worker = new Worker(entry, { workerData });
      master.accept(portChannel(worker, 'exit', () => void worker.terminate()));
      return worker;
    };
    let worker = run();
    await vi.waitFor(() => expect(master.joined(5)).toBe(true));
    await vi.waitFor(() => expect(master.reported(5).phase).toBe('ready'));
    const serial = master.reported(5).drives[0]!.serial;
    await master.call(5, 'writeBlocks', { serial, lba: 0, data: pattern(8).toString('base64') });
    await worker.terminate();
    await vi.waitFor(() => expect(master.joined(5)).toBe(false));
    worker = run();
    await vi.waitFor(() => expect(master.joined(5)).toBe(true));
    expect(Buffer.from((await master.call(5, 'readBlocks', { serial, lba: 0, blocks: 1 })).data, 'base64')).toEqual(pattern(8));
    await worker.terminate();
  });

  it('over a WebSocket: joins, and after the link drops stops its runtime and joins again after the backoff; stop ends it', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
    const clock = new SimulatedClock(Date.UTC(2025, 0, 1));
    const master = new FakeMaster(clock);
    let connections = 0;
    server.on('connection', (socket) => {
      connections++;
      master.accept(webSocketChannel(socket));
    });
    const dataDir = join(scratchDir(), 'node-6');
    const joined = await joinOverWebSocket({ url, nodeID: 6, dataDir, drivesPerNode: 2, capacityBytes: DRIVE_BLOCKS * BLOCK, clock, rng: seededRng(9) });
    await vi.waitFor(() => expect(master.joined(6)).toBe(true));
    await vi.waitFor(() => expect(master.reported(6).phase).toBe('ready'));
    for (const client of server.clients) client.terminate();
    await vi.waitFor(() => expect(master.joined(6)).toBe(false));
    expect(connections).toBe(1);
    await vi.waitFor(() => expect(clock.pending).toBeGreaterThan(0));
    clock.advance(1000);
    await vi.waitFor(() => expect(master.joined(6)).toBe(true));
    expect(connections).toBe(2);
    await joined.stop();
    await vi.waitFor(() => expect(master.joined(6)).toBe(false));
    clock.advance(60_000);
    expect(connections).toBe(2);
    await new Promise((resolve) => server.close(resolve));
  });

  it('joinOverWebSocket refuses a directory that is not this node’s before dialing', async () => {
    const cluster = new TestCluster();
    await cluster.powerOn(1);
    await cluster.powerOff(1);
    const e = await joinOverWebSocket({ url: 'ws://127.0.0.1:9', nodeID: 4, dataDir: cluster.dataDir(1), drivesPerNode: 2, clock: cluster.master.clock, rng: seededRng(1) }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((e as NodeStoreError).code).toBe('NODE_STATE_WRONG_NODE');
  });
});
