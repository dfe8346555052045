/**
 * The simulated network on its own: the name server answers by the asker's source address, the
 * relay hands the key server the client's own source address, and faults act on real lookups
 * and connections (the whole-simulation tests are in packages/integration/test/network-faults).
 */
import { Resolver } from 'node:dns/promises';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SimulationClock, systemClock } from '@ekmsim/core';
import type { SimActivity } from '@ekmsim/api';
import { nodeAddress, partyAt, SimulatedNetwork, UNREACHABLE_ADDRESS } from '@ekmsim/sim';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let network: SimulatedNetwork;
let upstream: Server;
const seen: string[] = [];
/** What the network told the activity view, since the test began. */
const kept: Omit<SimActivity, 'seq' | 'simMs'>[] = [];
let port: number;

beforeAll(async () => {
  network = await SimulatedNetwork.start({
    clock: new SimulationClock(systemClock()),
    targets: { knowsNode: (id) => id === 5 || id === 6, knowsKeyServer: (name) => name === 'kms1' },
    onActivity: (a) => kept.push(a),
  });
  upstream = createServer((socket) => {
    seen.push(socket.remoteAddress ?? '');
    socket.on('data', (chunk) => socket.write(chunk)); // an echo stands in for the key server
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  port = await network.addEndpoint({ keyServer: 'kms1', hostname: 'KMS1.ekmsim.test', upstreamPort: (upstream.address() as AddressInfo).port, publishedPort: 0 });
});

beforeEach(() => {
  kept.length = 0;
});

/** A connection the network kept from the key server, as the activity view records it. */
const keptFrom = (from: string, outcome: string, to = 'kms1'): Omit<SimActivity, 'seq' | 'simMs'> => ({ kind: 'connection', from, to, what: 'connect', ok: false, outcome });

afterAll(async () => {
  await network.close();
  await new Promise((resolve) => upstream.close(resolve));
});

async function lookup(name: string, from: string): Promise<string> {
  const resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([network.nameServer]);
  resolver.setLocalAddress(from);
  try {
    return (await resolver.resolve4(name))[0] ?? 'no address';
  } catch (e) {
    return String((e as { code?: unknown }).code);
  }
}

/** Connects from `from` to `address`, sends a line and reads it back; or the socket error code. */
function echo(address: string, from: string): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: address, port, localAddress: from }, () => socket.write('ping'));
    socket.once('data', (chunk: Buffer) => {
      resolve(chunk.toString());
      socket.destroy();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('addresses', () => {
  it('every node has its own loopback address, by site, and the address says who it is', () => {
    expect(nodeAddress(5)).toBe('127.1.0.5');
    expect(nodeAddress(300, 'foreign')).toBe('127.2.1.44');
    expect(partyAt('127.2.1.44')).toEqual({ site: 'foreign', nodeID: 300 });
    expect(partyAt('::ffff:127.1.0.5')).toEqual({ site: 'local', nodeID: 5 });
    expect(partyAt('127.0.0.1')).toEqual({ site: 'local', nodeID: undefined });
    expect(partyAt('127.2.0.0')).toEqual({ site: 'foreign', nodeID: undefined });
    expect(partyAt('10.0.0.1')).toEqual({ site: undefined, nodeID: undefined });
    expect(() => nodeAddress(0)).toThrow(RangeError);
  });
});

describe('SimulatedNetwork', () => {
  it('resolves only its own names (any case) and localhost; the relay passes the client’s own address on', async () => {
    expect(await lookup('kms1.ekmsim.test', nodeAddress(5))).toBe('127.0.0.1');
    expect(await lookup('Kms1.Ekmsim.Test', nodeAddress(5))).toBe('127.0.0.1');
    expect(await lookup('localhost', nodeAddress(5))).toBe('127.0.0.1');
    expect(await lookup('kms2.ekmsim.test', nodeAddress(5))).toBe('ENOTFOUND');
    expect(await echo('127.0.0.1', nodeAddress(5))).toBe('ping');
    expect(seen.at(-1)).toBe('127.1.0.5');
    // A name no key server has is a lookup that failed; what got through is not the network's to tell.
    expect(kept).toEqual([keptFrom('node 5', 'name lookup failed', 'kms2.ekmsim.test')]);
  });

  it('a node’s lookup failure is its own; clearing it restores its lookups', async () => {
    await network.setFault({ scope: 'node', target: '5', fault: 'lookupFailure' });
    expect(await lookup('kms1.ekmsim.test', nodeAddress(5))).toBe('ENOTFOUND');
    expect(await lookup('localhost', nodeAddress(5))).toBe('ENOTFOUND');
    expect(await lookup('kms1.ekmsim.test', nodeAddress(6))).toBe('127.0.0.1');
    await network.setFault({ scope: 'node', target: '5', fault: 'none' });
    expect(await lookup('kms1.ekmsim.test', nodeAddress(5))).toBe('127.0.0.1');
    expect(kept).toEqual([keptFrom('node 5', 'name lookup failed'), keptFrom('node 5', 'name lookup failed', 'localhost')]);
  });

  it('refused for one node: its name leads where nothing listens; a direct connection is reset', async () => {
    await network.setFault({ scope: 'node', target: '6', fault: 'connectionRefused' });
    expect(await lookup('kms1.ekmsim.test', nodeAddress(6))).toBe(UNREACHABLE_ADDRESS);
    expect(await echo(UNREACHABLE_ADDRESS, nodeAddress(6))).toBe('ECONNREFUSED');
    expect(await echo('127.0.0.1', nodeAddress(6))).toBe('ECONNRESET');
    expect(await echo('127.0.0.1', nodeAddress(5))).toBe('ping');
    await network.setFault({ scope: 'node', target: '6', fault: 'none' });
    // The lookup that leads nowhere, and the relay's reset (the connection to UNREACHABLE_ADDRESS is the kernel's).
    expect(kept).toEqual([keptFrom('node 6', 'connection refused'), keptFrom('node 6', 'connection refused')]);
  });

  it('a black hole or a partition swallows the connection: told as no answer, from whoever it was', async () => {
    for (const fault of ['blackHole', 'partition'] as const) {
      await network.setFault({ scope: 'site', target: 'local', fault });
      const socket = connect({ host: '127.0.0.1', port, localAddress: nodeAddress(5) });
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      await waitUntil(() => kept.length > 0);
      socket.destroy();
      expect(kept.splice(0)).toEqual([keptFrom('node 5', fault === 'blackHole' ? 'no answer (black hole)' : 'no answer (partition)')]);
    }
    await network.setFault({ scope: 'site', target: 'local', fault: 'none' });
  });

  it('refused for everyone: the relay stops listening, and listens on the same port once cleared', async () => {
    await network.setFault({ scope: 'keyServer', target: 'kms1', fault: 'connectionRefused' });
    expect(await echo('127.0.0.1', nodeAddress(5))).toBe('ECONNREFUSED');
    await network.setFault({ scope: 'keyServer', target: 'kms1', fault: 'none' });
    expect(await echo('127.0.0.1', nodeAddress(5))).toBe('ping');
  });

  it('a node placed at the foreign site dials from the foreign range; a site fault follows it there', async () => {
    network.placeNode(6, 'foreign');
    const { localAddress } = network.nodeNetwork(6);
    expect(localAddress).toBe('127.2.0.6');
    await network.setFault({ scope: 'site', target: 'foreign', fault: 'lookupFailure' });
    expect(await lookup('kms1.ekmsim.test', localAddress)).toBe('ENOTFOUND');
    expect(kept).toEqual([keptFrom('thief node 6', 'name lookup failed')]);
    expect(await lookup('kms1.ekmsim.test', nodeAddress(5))).toBe('127.0.0.1');
    expect(await echo('127.0.0.1', localAddress)).toBe('ping');
    expect(seen.at(-1)).toBe('127.2.0.6');
    await network.setFault({ scope: 'site', target: 'foreign', fault: 'none' });
    network.placeNode(6, 'local');
  });

  it('the most severe fault decides; latencies add up; the list is sorted and holds what was set', async () => {
    await network.setFault({ scope: 'keyServer', target: 'kms1', fault: 'latency', latencyMs: 10 });
    await network.setFault({ scope: 'node', target: '5', fault: 'latency', latencyMs: 15 });
    expect(await echo('127.0.0.1', nodeAddress(5))).toBe('ping');
    expect(network.listFaults()).toEqual([
      { scope: 'keyServer', target: 'kms1', fault: 'latency', latencyMs: 10 },
      { scope: 'node', target: '5', fault: 'latency', latencyMs: 15 },
    ]);
    await network.setFault({ scope: 'node', target: '5', fault: 'connectionRefused' });
    expect(await echo('127.0.0.1', nodeAddress(5))).toBe('ECONNRESET');
    await network.setFault({ scope: 'node', target: '5', fault: 'none' });
    await network.setFault({ scope: 'keyServer', target: 'kms1', fault: 'none' });
    expect(network.listFaults()).toEqual([]);
  });
});

/** Polls `condition` (real time: the relay hears of the connection on its own). */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('timed out');
}
