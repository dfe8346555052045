/** `ekmsim up`: the master, the Element API and the named mock key servers, until SIGTERM/SIGINT. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CLUSTER, KEY_SERVER_VENDORS, memberCount, startSimulation, type ClusterSpec, type KeyServerSpec, type KeyServerVendor } from '@ekmsim/sim';
import { startDashboard } from '@ekmsim/dashboard';
import { jsonRpc } from '@ekmsim/scenario';
import { usageFailure, type CommandIo } from '../io.js';
import { consoleLogger } from '../logger.js';
import { uiPort } from './demo.js';

const USAGE = `ekmsim up [--api-port 8443] [--data DIR] [--key-server NAME=VENDOR[:MEMBERS] …] [--user admin] [--password admin]
  [--nodes 4] [--drives-per-node 12] [--shamir-threshold 2] [--node-port PORT] [--ui-port 8080]
  VENDOR: ${KEY_SERVER_VENDORS.join(' | ')}; MEMBERS: hytrust only (default 2);
  without --key-server, one key server kms1=generic`;

export const DEFAULT_API_PORT = 8443;
export const DEFAULT_CREDENTIALS = { username: 'admin', password: 'admin' } as const;

export function parseKeyServer(text: string): KeyServerSpec {
  const m = /^([A-Za-z0-9][A-Za-z0-9_-]*)=([a-z-]+)(?::(\d+))?$/.exec(text);
  if (m === null) throw new Error(`--key-server ${JSON.stringify(text)}: expected NAME=VENDOR or NAME=hytrust:MEMBERS (NAME: letters, digits, - and _)`);
  if (!(KEY_SERVER_VENDORS as readonly string[]).includes(m[2]!)) throw new Error(`--key-server ${m[1]!}: unknown vendor ${JSON.stringify(m[2])} (known: ${KEY_SERVER_VENDORS.join(', ')})`);
  const spec: KeyServerSpec = { name: m[1]!, vendor: m[2] as KeyServerVendor, ...(m[3] === undefined ? {} : { members: Number(m[3]) }) };
  memberCount(spec); // throws with the reason
  return spec;
}

function count(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`${option} must be an integer ${min}-${max}, got ${JSON.stringify(text)}`);
  return n;
}

export async function upCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  let keyServers: KeyServerSpec[];
  let apiPort: number;
  let cluster: ClusterSpec;
  let uiPortNumber: number | undefined;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'api-port': { type: 'string', default: String(DEFAULT_API_PORT) },
        data: { type: 'string', default: '.ekmsim' },
        'key-server': { type: 'string', multiple: true },
        user: { type: 'string', default: DEFAULT_CREDENTIALS.username },
        password: { type: 'string', default: DEFAULT_CREDENTIALS.password },
        nodes: { type: 'string', default: String(DEFAULT_CLUSTER.nodes) },
        'drives-per-node': { type: 'string', default: String(DEFAULT_CLUSTER.drivesPerNode) },
        'shamir-threshold': { type: 'string' },
        'node-port': { type: 'string' },
        'ui-port': { type: 'string' },
      },
    }));
    uiPortNumber = values['ui-port'] === undefined ? undefined : uiPort(values['ui-port']);
    const nodePort = values['node-port'] === undefined ? undefined : count('--node-port', values['node-port'], 0, 65535);
    const threshold = values['shamir-threshold'] === undefined ? undefined : count('--shamir-threshold', values['shamir-threshold'], 1, 255);
    cluster = {
      nodes: count('--nodes', values.nodes, 0, 255),
      drivesPerNode: count('--drives-per-node', values['drives-per-node'], 1, 64),
      ...(threshold === undefined ? {} : { shamirThreshold: threshold }),
      ...(nodePort === undefined ? {} : { nodePort }),
    };
    apiPort = Number(values['api-port']);
    if (!Number.isInteger(apiPort) || apiPort < 0 || apiPort > 65535) throw new Error(`--api-port must be 0-65535, got ${JSON.stringify(values['api-port'])}`);
    keyServers = (values['key-server'] ?? ['kms1=generic']).map(parseKeyServer);
    const names = keyServers.map((k) => k.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new Error(`--key-server ${dup} given twice`);
  } catch (e) {
    return usageFailure(io, 'up', (e as Error).message, USAGE);
  }
  const dataDir = resolve(values.data);
  const sim = await startSimulation({
    dataDir,
    apiPort,
    credentials: { username: values.user, password: values.password },
    keyServers,
    cluster,
    clock: io.clock,
    rng: io.rng,
  });
  io.out(`Element API: ${sim.apiUrl}/json-rpc/12.3 (user ${values.user}, password ${values.password === DEFAULT_CREDENTIALS.password ? DEFAULT_CREDENTIALS.password : '(as given)'})`);
  io.out(`simulator control API: ${sim.apiUrl}/sim/json-rpc/1.0`);
  for (const k of sim.keyServers) io.out(`key server ${k.name} (${k.vendor}): ${k.hostnames.join(', ')} port ${k.port}`);
  io.out(`storage nodes: ${cluster.nodes} × ${cluster.drivesPerNode} drives${sim.nodeUrl === undefined ? '' : `; nodes join at ${sim.nodeUrl}`}`);
  io.out(`data: ${dataDir} (logs: sf-master.info, sf-master.error)`);
  // The dashboard follows this simulation through its APIs, as any other client does.
  const auth = `${values.user}:${values.password}`;
  const dashboard =
    uiPortNumber === undefined
      ? undefined
      : await startDashboard({
          port: uiPortNumber,
          clock: io.clock,
          logger: consoleLogger(io, 'warn'),
          live: {
            apis: { element: jsonRpc(`${sim.apiUrl}/json-rpc/12.3`, auth), control: jsonRpc(`${sim.apiUrl}/sim/json-rpc/1.0`, auth) },
            head: { name: `ekmsim up in ${dataDir}`, seed: 1, cluster: { nodes: cluster.nodes, drivesPerNode: cluster.drivesPerNode }, keyServers: keyServers.map((k) => ({ ...k })) },
          },
        });
  if (dashboard !== undefined) io.out(`dashboard: ${dashboard.url}`);
  io.out('ready');
  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  io.err(`ekmsim up: ${signal}, stopping`);
  await dashboard?.close();
  await sim.close();
  return 0;
}
