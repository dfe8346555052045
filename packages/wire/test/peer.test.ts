import { EkmsimError, SimulatedClock } from '@ekmsim/core';
import { MessageChannel } from 'node:worker_threads';
import { WebSocket, WebSocketServer } from 'ws';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CALL_TIMEOUT_MS, MAX_MESSAGE_CHARS, masterPeer, memoryChannelPair, nodePeer, portChannel, webSocketChannel, WIRE_ERROR_CODES, WireError,
  type Channel, type MasterHandlers, type NodeHandlers, type NodeState,
} from '@ekmsim/wire';

const state: NodeState = { nodeID: 4, phase: 'ready', drives: [], generations: [], unlockError: null, unlockAttempts: 0 };

/** Lets queued deliveries (microtasks) and the handlers they start run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

function unserved(): never {
  throw new Error('not served in this test');
}

/** A node's handlers where every call fails unless the test gives it. */
function nodeHandlers(over: Partial<NodeHandlers> = {}): NodeHandlers {
  return {
    generateInternalKey: unserved, storeGeneration: unserved, checkExternalKey: unserved, sealShare: unserved, applyGeneration: unserved,
    commitGeneration: unserved, getState: () => state, writeBlocks: unserved, readBlocks: unserved, readRawMedia: unserved, secureEraseDrive: unserved,
    probeKeyServers: unserved,
    events: { peerOnline: () => undefined, clock: () => undefined },
    ...over,
  };
}

function masterHandlers(over: Partial<MasterHandlers> = {}): MasterHandlers {
  return { join: () => ({ masterPublicKey: 'AAAA' }), gatherShares: () => ({ shares: [] }), events: { status: () => undefined }, ...over };
}

/** A master peer on one end, the other end raw: the test writes and reads texts itself. */
function masterWithRawNode(clock = new SimulatedClock()) {
  const [mine, theirs] = memoryChannelPair();
  const received: string[] = [];
  const problems: Error[] = [];
  theirs.onMessage((t) => received.push(t));
  const master = masterPeer({ channel: mine, clock, handlers: masterHandlers(), onProblem: (p) => problems.push(p) });
  return { master, raw: theirs, received, problems, clock };
}

async function remoteError(p: Promise<unknown>): Promise<WireError> {
  const e = await p.then(
    () => {
      throw new Error('the call succeeded');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WireError);
  return e as WireError;
}

describe('calls and answers', () => {
  it('the master calls a node and gets its validated answer; the node calls back', async () => {
    const [a, b] = memoryChannelPair();
    const clock = new SimulatedClock();
    const master = masterPeer({ channel: a, clock, handlers: masterHandlers() });
    const node = nodePeer({ channel: b, clock, handlers: nodeHandlers() });
    expect(await master.call('getState', {})).toEqual(state);
    expect(await node.call('join', { nodeID: 4, publicKey: 'AAAA', state })).toEqual({ masterPublicKey: 'AAAA' });
    expect(await node.call('gatherShares', { generation: 3 })).toEqual({ shares: [] });
  });

  it('a handler error with a code reaches the caller as WIRE_REMOTE with that code and message', async () => {
    const [a, b] = memoryChannelPair();
    const clock = new SimulatedClock();
    const master = masterPeer({ channel: a, clock, handlers: masterHandlers() });
    nodePeer({
      channel: b, clock,
      handlers: nodeHandlers({ readBlocks: ({ serial }) => { throw new EkmsimError('NODE_UNKNOWN_DRIVE', `no drive ${serial}`); } }),
    });
    const e = await remoteError(master.call('readBlocks', { serial: 'X1', lba: 0, blocks: 1 }));
    expect(e.code).toBe(WIRE_ERROR_CODES.remote);
    expect(e.remoteCode).toBe('NODE_UNKNOWN_DRIVE');
    expect(e.message).toBe('readBlocks: no drive X1');
  });

  it('a handler error without a code is answered INTERNAL, its message kept home and reported as a problem', async () => {
    const [a, b] = memoryChannelPair();
    const clock = new SimulatedClock();
    const problems: Error[] = [];
    const master = masterPeer({ channel: a, clock, handlers: masterHandlers() });
    nodePeer({ channel: b, clock, handlers: nodeHandlers({ getState: () => { throw new Error('secret detail'); } }), onProblem: (p) => problems.push(p) });
    const e = await remoteError(master.call('getState', {}));
    expect(e.remoteCode).toBe('INTERNAL');
    expect(e.message).toBe('getState: getState failed');
    expect(problems.map((p) => p.message)).toEqual(['secret detail']);
  });

  it('a request for an unknown method is answered WIRE_UNKNOWN_METHOD', async () => {
    const { raw, received } = masterWithRawNode();
    raw.send(JSON.stringify({ t: 'req', id: 7, m: 'formatEverything', p: {} }));
    await settle();
    expect(received.map((t) => JSON.parse(t) as unknown)).toEqual([
      { t: 'err', id: 7, e: { code: WIRE_ERROR_CODES.unknownMethod, message: 'unknown method "formatEverything"' } },
    ]);
  });

  it('an inherited name is not a method', async () => {
    const { raw, received } = masterWithRawNode();
    raw.send(JSON.stringify({ t: 'req', id: 8, m: 'toString', p: {} }));
    await settle();
    expect((JSON.parse(received[0]!) as { e: { code: string } }).e.code).toBe(WIRE_ERROR_CODES.unknownMethod);
  });

  it('a request with bad parameters is answered WIRE_MALFORMED naming the field, and the handler never runs', async () => {
    const [a, b] = memoryChannelPair();
    const clock = new SimulatedClock();
    let ran = false;
    nodePeer({ channel: b, clock, handlers: nodeHandlers({ writeBlocks: () => { ran = true; return {}; } }) });
    const received: string[] = [];
    a.onMessage((t) => received.push(t));
    a.send(JSON.stringify({ t: 'req', id: 1, m: 'writeBlocks', p: { serial: 'S', lba: -5, data: 'AAAA' } }));
    await settle();
    expect(ran).toBe(false);
    expect(JSON.parse(received[0]!)).toEqual({ t: 'err', id: 1, e: { code: WIRE_ERROR_CODES.malformed, message: expect.stringMatching(/^params\.lba: expected a non-negative integer/) as unknown } });
  });

  it('an answer of the wrong shape rejects the call, naming the field', async () => {
    const { master, raw } = masterWithRawNode();
    raw.onMessage((t) => {
      const req = JSON.parse(t) as { id: number };
      raw.send(JSON.stringify({ t: 'res', id: req.id, r: { ...state, phase: 'sleeping' } }));
    });
    const e = await remoteError(master.call('getState', {}));
    expect(e.code).toBe(WIRE_ERROR_CODES.malformed);
    expect(e.message).toMatch(/^getState result\.phase: expected one of/);
  });
});

describe('bad texts never crash a peer', () => {
  it('not JSON, not an object, unknown kinds, unknown events and stray answers are reported and dropped; the peer goes on serving', async () => {
    const { raw, received, problems } = masterWithRawNode();
    for (const text of ['not json', '42', 'null', '', JSON.stringify({ t: 'what' }), JSON.stringify({ t: 'evt', m: 'selfDestruct', p: {} }), JSON.stringify({ t: 'res', id: 99, r: {} })]) {
      raw.send(text);
    }
    await settle();
    expect(received).toEqual([]);
    expect(problems.map((p) => (p as WireError).code)).toEqual(Array(7).fill(WIRE_ERROR_CODES.malformed));
    expect(problems.map((p) => p.message)).toEqual([
      'message is not JSON',
      'message is not a JSON object',
      'message is not a JSON object',
      'message is not JSON',
      'not a request, answer or known event',
      'not a request, answer or known event',
      'answer to no pending call (id 99)',
    ]);
    raw.send(JSON.stringify({ t: 'req', id: 1, m: 'gatherShares', p: { generation: 1 } }));
    await settle();
    expect(JSON.parse(received[0]!)).toEqual({ t: 'res', id: 1, r: { shares: [] } });
  });

  it('a message over the size limit is refused unread', async () => {
    const { raw, problems } = masterWithRawNode();
    raw.send(`"${'x'.repeat(MAX_MESSAGE_CHARS)}"`);
    await settle();
    expect(problems[0]?.message).toMatch(/exceeds/);
  });

  it('an event with bad parameters is reported and not delivered', async () => {
    const [a, b] = memoryChannelPair();
    const clock = new SimulatedClock();
    const statuses: unknown[] = [];
    const problems: Error[] = [];
    masterPeer({ channel: a, clock, handlers: masterHandlers({ events: { status: (p) => statuses.push(p) } }), onProblem: (p) => problems.push(p) });
    const node = nodePeer({ channel: b, clock, handlers: nodeHandlers() });
    node.emit('status', { state: { ...state, nodeID: 0 } });
    node.emit('status', { state });
    await settle();
    expect(statuses).toEqual([{ state }]);
    expect(problems.map((p) => p.message)).toEqual(['status event.state.nodeID: expected a positive integer but found number']);
  });
});

describe('time and closing', () => {
  it('a call with no answer fails WIRE_TIMEOUT when its time is up on the clock, not before; a late answer is a stray', async () => {
    const { master, raw, problems, clock } = masterWithRawNode();
    let ids: number[] = [];
    raw.onMessage((t) => (ids = [...ids, (JSON.parse(t) as { id: number }).id]));
    let outcome: unknown;
    master.call('getState', {}).then((r) => (outcome = r), (e: unknown) => (outcome = e));
    await settle();
    clock.advance(DEFAULT_CALL_TIMEOUT_MS - 1);
    await settle();
    expect(outcome).toBeUndefined();
    clock.advance(1);
    await settle();
    expect(outcome).toBeInstanceOf(WireError);
    expect((outcome as WireError).code).toBe(WIRE_ERROR_CODES.timeout);
    expect((outcome as WireError).message).toBe(`getState: no answer within ${DEFAULT_CALL_TIMEOUT_MS} ms`);
    raw.send(JSON.stringify({ t: 'res', id: ids[0], r: state }));
    await settle();
    expect(problems.map((p) => p.message)).toEqual([`answer to no pending call (id ${ids[0]})`]);
  });

  it('a per-call timeout overrides the default', async () => {
    const { master, clock } = masterWithRawNode();
    const call = master.call('getState', {}, 50);
    clock.advance(50);
    expect((await remoteError(call)).code).toBe(WIRE_ERROR_CODES.timeout);
  });

  it('closing rejects every pending call with WIRE_CLOSED, tells onClose once, and later calls fail at once', async () => {
    const [a, b] = memoryChannelPair();
    const clock = new SimulatedClock();
    let closes = 0;
    const master = masterPeer({ channel: a, clock, handlers: masterHandlers(), onClose: () => closes++ });
    const pending = master.call('getState', {});
    b.close();
    const e = await remoteError(pending);
    expect(e.code).toBe(WIRE_ERROR_CODES.closed);
    expect(master.closed).toBe(true);
    master.close();
    await settle();
    expect(closes).toBe(1);
    expect((await remoteError(master.call('getState', {}))).code).toBe(WIRE_ERROR_CODES.closed);
    expect(clock.pending).toBe(0); // the timeout timer went with the call
  });

  it('the tap sees every text both ways', async () => {
    const [a, b] = memoryChannelPair();
    const clock = new SimulatedClock();
    const seen: string[] = [];
    const master = masterPeer({ channel: a, clock, handlers: masterHandlers(), tap: (d, t) => seen.push(`${d} ${t}`) });
    nodePeer({ channel: b, clock, handlers: nodeHandlers() });
    await master.call('getState', {});
    expect(seen).toEqual([
      `out ${JSON.stringify({ t: 'req', id: 1, m: 'getState', p: {} })}`,
      `in ${JSON.stringify({ t: 'res', id: 1, r: state })}`,
    ]);
  });
});

describe('channels', () => {
  it('a memory pair delivers asynchronously and closes both ends', async () => {
    const [a, b]: [Channel, Channel] = memoryChannelPair();
    const got: string[] = [];
    let closedA = 0;
    let closedB = 0;
    b.onMessage((t) => got.push(t));
    a.onClose(() => closedA++);
    b.onClose(() => closedB++);
    a.send('one');
    expect(got).toEqual([]);
    await settle();
    expect(got).toEqual(['one']);
    a.close();
    a.close();
    a.send('after');
    await settle();
    expect(got).toEqual(['one']);
    expect([closedA, closedB]).toEqual([1, 1]);
  });

  it('a port channel carries texts; anything else arrives as the empty text the peer refuses', async () => {
    const { port1, port2 } = new MessageChannel();
    const channel = portChannel(port1, 'close', () => port1.close());
    const got: string[] = [];
    let closed = 0;
    channel.onMessage((t) => got.push(t));
    channel.onClose(() => closed++);
    port2.postMessage('{"t":"evt"}');
    port2.postMessage({ not: 'text' });
    await vi.waitFor(() => expect(got).toEqual(['{"t":"evt"}', '']));
    channel.close();
    await new Promise((resolve) => port2.once('close', resolve));
    await settle();
    expect(closed).toBe(1);
  });

  it('a call the channel refuses to send fails at once and leaves no timer behind (regression: the call stayed pending until its timeout)', async () => {
    const clock = new SimulatedClock();
    const channel: Channel = { send: () => { throw new Error('port is gone'); }, onMessage: () => undefined, onClose: () => undefined, close: () => undefined };
    const master = masterPeer({ channel, clock, handlers: masterHandlers() });
    const e = await remoteError(master.call('getState', {}));
    expect(e.code).toBe(WIRE_ERROR_CODES.closed);
    expect(e.message).toBe('getState: could not be sent');
    expect(clock.pending).toBe(0);
  });

  it('a WebSocket channel runs a master and a node peer; binary frames arrive as the empty text; closing reaches the other side', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    const clock = new SimulatedClock();
    const accepted = new Promise<Channel>((resolve) => server.once('connection', (socket) => resolve(webSocketChannel(socket))));
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise((resolve) => client.once('open', resolve));
    const problems: Error[] = [];
    let nodeClosed = false;
    const master = masterPeer({ channel: await accepted, clock, handlers: masterHandlers(), onProblem: (p) => problems.push(p) });
    nodePeer({ channel: webSocketChannel(client), clock, handlers: nodeHandlers(), onClose: () => (nodeClosed = true) });
    expect(await master.call('getState', {})).toEqual(state);
    client.send(Buffer.from('{}'), { binary: true });
    await vi.waitFor(() => expect(problems.map((p) => p.message)).toEqual(['message is not JSON']));
    master.close();
    await vi.waitFor(() => expect(nodeClosed).toBe(true));
    await new Promise((resolve) => server.close(resolve));
  });
});
