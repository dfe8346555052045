#!/usr/bin/env node
// KMIP throughput: Get and Create, on one connection and over 8 concurrent connections, against
// ekmsim's key server (`ekmsim eks`, a child process) and Debian's pykmip-server, in the same run
// with the same client (@ekmsim/kmip-client). Prints ops/s and the ratio. A benchmark, not a test.
//
// "Pipelined" keeps PIPELINE requests outstanding on one connection (KMIP answers in order on a
// connection, so a client may send before the previous answer arrives); every other figure waits
// for each answer before sending the next request.
//
//   npm run bench:kmip [-- --seconds 3 --connections 8 --pipeline 8 --version 1.2]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../packages/core/dist/index.js';
import { KmipClient } from '../packages/kmip-client/dist/index.js';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '8' },
    pipeline: { type: 'string', default: '8' },
    version: { type: 'string', default: '1.2' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const PIPELINE = Number(values.pipeline);
const MAX_OPS = 2_000_000; // bounded in count as well as in time

function startChild(cmd, args, readyPattern, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    const onData = (d) => {
      out += d.toString();
      const m = readyPattern.exec(out);
      if (m) resolve({ child, host: m[1], port: Number(m[2]) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out}`)));
  });
}

async function stop(server) {
  server.child.removeAllListeners('exit');
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

/** Runs `op` back to back on `clients`, `inFlight` requests outstanding on each, for SECONDS. */
async function measure(clients, op, inFlight = 1) {
  let count = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async (client) => {
    while (performance.now() < deadline && count < MAX_OPS) {
      await op(client);
      count++;
    }
  };
  const start = performance.now();
  await Promise.all(clients.flatMap((c) => Array.from({ length: inFlight }, () => worker(c))));
  return count / ((performance.now() - start) / 1000);
}

async function benchServer(label, server, tls) {
  const make = (maxInFlight = 1) =>
    new KmipClient({ servers: [{ host: server.host, port: server.port }], tls, version: values.version, clock: systemClock(), maxInFlight });
  const one = [make()];
  const piped = [make(PIPELINE)];
  const many = Array.from({ length: CONNECTIONS }, () => make());
  const uid = await one[0].create({ name: `bench-${label}` });
  await one[0].activate(uid);
  for (const c of [...piped, ...many]) await c.get(uid); // connect and warm up
  const result = {
    get1: await measure(one, (c) => c.get(uid)),
    get1p: await measure(piped, (c) => c.get(uid), PIPELINE),
    getN: await measure(many, (c) => c.get(uid)),
    create1: await measure(one, (c) => c.create()),
    createN: await measure(many, (c) => c.create()),
  };
  await Promise.all([...one, ...piped, ...many].map((c) => c.close()));
  return result;
}

const tmp = await mkdtemp(join(os.tmpdir(), 'ekmsim-bench-'));
try {
  const certs = join(tmp, 'certs');
  await new Promise((resolve, reject) =>
    spawn('bash', [join(root, 'scripts/pykmip/make-certs.sh'), certs, 'bench-client'], { stdio: 'ignore' }).on('exit', (c) => (c === 0 ? resolve() : reject(new Error('make-certs failed')))),
  );
  const tls = {
    caPem: await readFile(join(certs, 'ca.crt'), 'utf8'),
    certPem: await readFile(join(certs, 'client.crt'), 'utf8'),
    keyPem: await readFile(join(certs, 'client.key'), 'utf8'),
  };
  const serverFiles = ['--cert', join(certs, 'server.crt'), '--key', join(certs, 'server.key'), '--ca', join(certs, 'ca.crt')];

  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`settings: ${SECONDS}s per figure, KMIP ${values.version}, client @ekmsim/kmip-client in this process, each server in its own process`);

  const eks = await startChild(process.execPath, [join(root, 'packages/cli/dist/main.js'), 'eks', '--port', '0', ...serverFiles, '--data', join(tmp, 'eks')], /listening on ([\d.]+):(\d+)/);
  const ours = await benchServer('ekmsim', eks, tls);
  await stop(eks);

  const py = await startChild(
    '/usr/bin/python3',
    [join(root, 'scripts/pykmip/server.py'), '--host', '127.0.0.1', '--port', '0', '--cert', join(certs, 'server.crt'), '--key', join(certs, 'server.key'), '--ca', join(certs, 'ca.crt'), '--data-dir', join(tmp, 'pykmip'), '--log-level', 'WARNING'],
    /pykmip-server ready on ([\d.]+):(\d+)/,
  );
  const theirs = await benchServer('pykmip', py, tls);
  await stop(py);

  const rows = [
    ['Get, 1 connection', 'get1'],
    [`Get, 1 connection, ${PIPELINE} pipelined`, 'get1p'],
    [`Get, ${CONNECTIONS} connections`, 'getN'],
    ['Create, 1 connection', 'create1'],
    [`Create, ${CONNECTIONS} connections`, 'createN'],
  ];
  console.log('\n| operation | ekmsim eks (ops/s) | pykmip-server (ops/s) | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const [label, key] of rows) {
    console.log(`| ${label} | ${ours[key].toFixed(0)} | ${theirs[key].toFixed(0)} | ${(ours[key] / theirs[key]).toFixed(1)}× |`);
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
