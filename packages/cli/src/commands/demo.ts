/**
 * `ekmsim demo [SCENARIO] [--port 8080] [--host 127.0.0.1] [--library DIR]`: the live dashboard
 * for a class or a demo. It offers the scenario library (default: ./scenarios) in guided mode,
 * each scenario in a fresh simulation of its own, and starts with SCENARIO (default: the whole
 * cluster stolen under external keys). Stops on Ctrl-C.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDashboard } from '@ekmsim/dashboard';
import { loadScenarios, ScenarioFileError } from '@ekmsim/scenario';
import { usageFailure, type CommandIo } from '../io.js';
import { consoleLogger } from '../logger.js';

const USAGE = 'ekmsim demo [SCENARIO] [--port 8080] [--host 127.0.0.1] [--library DIR]';
export const DEFAULT_UI_PORT = 8080;
/** The scenario a trainer starts with: why external keys keep a stolen cluster's data safe. */
export const DEFAULT_DEMO_SCENARIO = 'theft/cluster-stolen-ekm-foreign-site-refused.yaml';

export function uiPort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`the port must be 0-65535, got ${JSON.stringify(text)}`);
  return port;
}

export async function demoCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  let positionals;
  let port: number;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { port: { type: 'string', default: String(DEFAULT_UI_PORT) }, host: { type: 'string', default: '127.0.0.1' }, library: { type: 'string', default: 'scenarios' } },
    }));
    if (positionals.length > 1) throw new Error('give at most one scenario file');
    port = uiPort(values.port);
  } catch (e) {
    return usageFailure(io, 'demo', (e as Error).message, USAGE);
  }
  const libraryDir = resolve(values.library);
  let library;
  try {
    library = loadScenarios([libraryDir]).map((s) => ({ file: relative(process.cwd(), s.file) || s.file, name: s.name }));
  } catch (e) {
    io.err(`ekmsim demo: ${e instanceof ScenarioFileError ? e.message : (e as Error).message}`);
    return 2;
  }
  const wanted = positionals[0] ?? resolve(libraryDir, DEFAULT_DEMO_SCENARIO);
  const initial = library.find((e) => resolve(e.file) === resolve(wanted));
  if (initial === undefined) {
    io.err(`ekmsim demo: ${wanted} is not a scenario of the library in ${libraryDir}`);
    return 2;
  }
  const dashboard = await startDashboard({ host: values.host, port, clock: io.clock, logger: consoleLogger(io, 'warn'), demo: { library, initial: initial.file } });
  io.out(`dashboard: ${dashboard.url}  (scenario: ${initial.name}; open it in a browser, Ctrl-C stops)`);
  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  io.err(`ekmsim demo: ${signal}, stopping`);
  await dashboard.close();
  return 0;
}
