#!/usr/bin/env node
/**
 * A stand-in for the dashboard's server, to develop and look at the page without a simulator:
 * serves the page as page-server.ts does (same paths, same Content-Security-Policy) and plays
 * canned messages over /ws from a pretend cluster (fixture-model.mjs, fixture-scenes.mjs).
 * Not shipped.
 *
 *   npx tsc -p packages/dashboard/tsconfig.web.json
 *   node packages/dashboard/web-dev/fixture-server.mjs [--port 8377] [--nodes 4] [--drives 3]
 *        [--key-servers 2] [--mode live|guided] [--autoplay] [--fail-step N]
 *
 * GET /fixture/scene?name=powerCycleCluster|stopKms1|startKms1|rebootNode3|stealDrive5|stealNode4|cutNode2|healNode2|advance25d
 * runs a scene; GET /fixture/drop?ms=3000 closes every socket and refuses new ones for a while.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { createModel } from './fixture-model.mjs';
import * as scenes from './fixture-scenes.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '8377' },
    nodes: { type: 'string', default: '4' },
    drives: { type: 'string', default: '3' },
    'key-servers': { type: 'string', default: '2' },
    mode: { type: 'string', default: 'live' },
    autoplay: { type: 'boolean', default: false },
    'fail-step': { type: 'string', default: '' },
    'wait-scale': { type: 'string', default: '1' },
  },
});

const PAGE_DIR = new URL('../web/', import.meta.url);
const MODULES_DIR = new URL('../dist/web/web/', import.meta.url);
const HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
};
const waitScale = Number(opts['wait-scale']);
const LIBRARY = [
  { file: 'scenarios/theft/power-cycle-and-theft.yaml', name: 'Power cycle, a key server down, and a theft' },
  { file: 'scenarios/outage/key-server-down-at-boot.yaml', name: 'Key server down at boot' },
];

const STEPS = [
  { kind: 'check', title: 'check drives', say: 'The cluster runs encryption at rest with external keys: every drive is unlocked with the AK from the key server.' },
  { kind: 'control', title: 'control PowerCycleCluster', say: 'Power-cycle the whole cluster. The drives lock as power goes; at boot each node asks a key server for the AK to unlock them.' },
  { kind: 'wait', title: 'wait for unlocked', say: null },
  { kind: 'keyServer', title: 'kms1: stop', say: "The administrator stops kms1. The master's probe is refused and Element raises kmipServerFault." },
  { kind: 'control', title: 'control PowerCycleNode', say: 'Node 3 reboots while kms1 is down: kms1 refuses it, so it asks the next key server, kc (HyTrust), and unlocks.' },
  { kind: 'control', title: 'control StealDrive', say: 'A thief pulls drive 5 out of node 2.' },
  { kind: 'control', title: 'control StealNode', say: "The thief carries node 4 to another site. The key server refuses the thief's requests, so its drives stay locked." },
  { kind: 'check', title: 'check theft', say: "The thief's view: every stolen drive locked, no plaintext readable." },
].map((s, index) => ({ index, line: 12 + index * 4, ...s }));

let model;
let history;
let allActivity;
let guided;
let guidedNext = 0;
let refuseUntil = 0;
const sockets = new Set();

const broadcast = (message) => {
  const text = JSON.stringify(message);
  for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
};
const ctx = {
  get model() {
    return model;
  },
  snap() {
    const snapshot = model.snapshot();
    history.push(snapshot);
    broadcast({ type: 'snapshot', snapshot });
  },
  traffic(items) {
    allActivity.push(...items);
    broadcast({ type: 'activity', items });
  },
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms * waitScale)),
};
const hello = () => ({ type: 'hello', mode: guided === null ? 'live' : 'guided', guided, library: opts.mode === 'guided' ? LIBRARY : [], history: history.slice(-500), activity: allActivity });

/** A new pretend cluster, with a short past: EAR enabled with external keys. */
async function reset() {
  model = createModel({ nodes: Number(opts.nodes), drives: Number(opts.drives), keyServers: Number(opts['key-servers']) });
  history = [];
  allActivity = [];
  guidedNext = 0;
  guided = opts.mode === 'guided' ? { file: LIBRARY[0].file, name: LIBRARY[0].name, description: 'The fixture scenario.', steps: STEPS } : null;
  const quiet = { ...ctx, wait: async () => {} };
  Object.assign(model.state.cluster, { ear: 'disabled', keyMode: 'none', keyProviderID: null });
  for (const n of model.state.nodes) for (const d of n.drives) d.keyMode = 'none';
  quiet.snap();
  model.state.simMs += 120_000;
  model.state.cluster.ear = 'enabling';
  model.event('kmipEvent', 'EnableEncryptionAtRest with key provider 1');
  quiet.traffic([model.activity('master', 'kms1', 'Create', true, 'Success')]);
  quiet.snap();
  model.state.simMs += 4_000;
  Object.assign(model.state.cluster, { ear: 'enabled', keyMode: 'external', keyProviderID: 1 });
  for (const n of model.state.nodes) for (const d of n.drives) d.keyMode = 'external';
  quiet.traffic(model.state.nodes.map((n) => model.activity(`node ${n.nodeID}`, 'kms1', 'Get', true, 'Success')));
  model.event('clusterEvent', 'Encryption at rest enabled');
  quiet.snap();
  model.state.simMs += 3_600_000;
  quiet.snap();
}

const SCENES = {
  powerCycleCluster: () => scenes.powerCycle(ctx, model.state.nodes.map((n) => n.nodeID)),
  stopKms1: () => scenes.setKeyServer(ctx, 'kms1', false),
  startKms1: () => scenes.setKeyServer(ctx, 'kms1', true),
  rebootNode3: () => scenes.powerCycle(ctx, [3]),
  stealDrive5: () => scenes.stealDrive(ctx, 5),
  stealNode4: () => scenes.stealNode(ctx, 4),
  cutNode2: () => scenes.setLink(ctx, 2, 'partition'),
  healNode2: () => scenes.setLink(ctx, 2, null),
  advance25d: () => scenes.advance(ctx, 25 * 86_400),
};

const GUIDED_SCENES = [async () => ctx.wait(300), SCENES.powerCycleCluster, async () => ctx.wait(300), SCENES.stopKms1, SCENES.rebootNode3, SCENES.stealDrive5, SCENES.stealNode4, async () => ctx.wait(300)];

async function runStep() {
  const index = guidedNext;
  if (index >= STEPS.length) return false;
  await GUIDED_SCENES[index]();
  guidedNext += 1;
  const failed = String(index + 1) === opts['fail-step'];
  const result = { index, status: failed ? 'failed' : 'passed', summary: failed ? 'expected every stolen drive locked' : `${STEPS[index].title}: ok`, failure: failed ? 'expected plaintextReadable none, got drive 5 readable' : null, simMs: model.state.simMs };
  broadcast({ type: 'step', result, next: guidedNext });
  if (failed) {
    for (let i = guidedNext; i < STEPS.length; i++) broadcast({ type: 'step', result: { index: i, status: 'skipped', summary: 'skipped', failure: null, simMs: model.state.simMs }, next: i + 1 });
    guidedNext = STEPS.length;
  }
  if (guidedNext >= STEPS.length) {
    broadcast({ type: 'verdict', passed: !failed, summary: failed ? `${guided.name}: step ${index + 1} (line ${STEPS[index].line}, ${STEPS[index].title}) failed — expected plaintextReadable none` : `${guided.name}: every step held (${STEPS.length} steps).` });
  }
  return guidedNext < STEPS.length;
}

async function act(action, args) {
  const node = args.nodeID;
  switch (action) {
    case 'pause': model.state.paused = true; return ctx.snap();
    case 'resume': model.state.paused = false; return ctx.snap();
    case 'setSpeed':
      if (![1, 10, 60, 600].includes(args.speed)) throw new Error(`speed must be one of 1, 10, 60, 600, not ${args.speed}`);
      model.state.speed = args.speed;
      return ctx.snap();
    case 'advanceClock': return scenes.advance(ctx, args.seconds);
    case 'powerOffNode': return scenes.powerOff(ctx, [node]);
    case 'powerOnNode': return scenes.boot(ctx, [node]);
    case 'powerCycleNode': return scenes.powerCycle(ctx, [node]);
    case 'powerCycleCluster': return SCENES.powerCycleCluster();
    case 'stealDrive': return scenes.stealDrive(ctx, args.driveID);
    case 'stealNode': return scenes.stealNode(ctx, node);
    case 'stealCluster': throw new Error('xSimNotSupported: the fixture does not steal whole clusters');
    case 'stopKeyServer': return scenes.setKeyServer(ctx, args.keyServer, false, args.member);
    case 'startKeyServer': return scenes.setKeyServer(ctx, args.keyServer, true, args.member);
    case 'cutNodeLink': return scenes.setLink(ctx, node, 'partition');
    case 'healNodeLink': return scenes.setLink(ctx, node, null);
    default: throw new Error(`the fixture does not do ${action}`);
  }
}

let work = Promise.resolve();
const serialized = (job) => (work = work.then(job, job));

function onMessage(socket, text) {
  const m = JSON.parse(text);
  const send = (msg) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(msg));
  if (m.type === 'action') {
    void serialized(() => act(m.action, m.args ?? {}).then(() => send({ type: 'actionResult', id: m.id, ok: true, error: null }), (e) => send({ type: 'actionResult', id: m.id, ok: false, error: e.message })));
  } else if (m.type === 'export') {
    send({ type: 'exported', yaml: `name: Dashboard session\nseed: 1\ncluster: { nodes: ${opts.nodes}, drivesPerNode: ${opts.drives}, keyMode: external }\nkeyServers:\n  - { name: kms1, vendor: generic }\n  - { name: kc, vendor: hytrust, members: 2 }\nsteps:\n  - control: PowerCycleCluster\n  - keyServer: kms1\n    action: stop\n  - advance: 86400s\n` });
  } else if (m.type === 'guided') {
    if (m.op === 'next') void serialized(runStep);
    else if (m.op === 'skip') void serialized(async () => { while (await runStep()); });
    else void serialized(async () => { await reset(); broadcast(hello()); });
  }
}

const http = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://fixture');
  if (url.pathname.startsWith('/fixture/')) {
    if (url.pathname === '/fixture/scene' && SCENES[url.searchParams.get('name')] !== undefined) {
      try {
        await serialized(SCENES[url.searchParams.get('name')]);
        res.end('ok\n');
      } catch (e) {
        res.writeHead(409).end(`${e.message}\n`);
      }
    } else if (url.pathname === '/fixture/drop') {
      refuseUntil = Date.now() + Number(url.searchParams.get('ms') ?? 3000);
      for (const s of sockets) s.terminate();
      res.end('dropped\n');
    } else {
      res.writeHead(404).end('unknown fixture request\n');
    }
    return;
  }
  const module = /^\/app\/([a-z0-9-]+\.js)$/.exec(url.pathname)?.[1];
  const file = url.pathname === '/' ? [new URL('index.html', PAGE_DIR), 'text/html; charset=utf-8'] : url.pathname === '/style.css' ? [new URL('style.css', PAGE_DIR), 'text/css; charset=utf-8'] : module !== undefined ? [new URL(module, MODULES_DIR), 'text/javascript; charset=utf-8'] : undefined;
  try {
    if (file === undefined) throw new Error('not found');
    const body = await readFile(file[0]);
    res.writeHead(200, { ...HEADERS, 'content-type': file[1] }).end(body);
  } catch {
    res.writeHead(404, HEADERS).end('not found\n');
  }
});
const wss = new WebSocketServer({ noServer: true });
http.on('upgrade', (req, socket, head) => {
  if (req.url !== '/ws' || Date.now() < refuseUntil) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => onMessage(ws, data.toString('utf8')));
    ws.send(JSON.stringify(hello()));
  });
});

await reset();
// The clock runs on as a real dashboard's does: a snapshot a minute of simulated time at most.
setInterval(() => {
  model.state.simMs += (model.state.paused ? 1 : model.state.speed) * 1000;
}, 1000);
setInterval(() => ctx.snap(), 15_000);
if (opts.autoplay) {
  const loop = ['powerCycleCluster', 'stopKms1', 'rebootNode3', 'startKms1', 'cutNode2', 'healNode2', 'advance25d'];
  let i = 0;
  setInterval(() => void serialized(SCENES[loop[i++ % loop.length]]), 6000);
}
http.listen(Number(opts.port), '127.0.0.1', () => console.log(`fixture dashboard at http://127.0.0.1:${opts.port}/ (${opts.mode})`));
