/** `ekmsim eks`: a mock KMIP key server in the foreground until SIGTERM/SIGINT. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startKeyServer } from '@ekmsim/eks';
import { usageFailure, type CommandIo } from '../io.js';
import { consoleLogger } from '../logger.js';

const USAGE = 'ekmsim eks --port P --cert F --key F --ca F --data DIR [--host 127.0.0.1] [--verbose]';

export async function eksCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        ca: { type: 'string' },
        data: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        verbose: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    return usageFailure(io, 'eks', (e as Error).message, USAGE);
  }
  for (const name of ['port', 'cert', 'key', 'ca', 'data'] as const) {
    if (values[name] === undefined) return usageFailure(io, 'eks', `missing --${name}`, USAGE);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageFailure(io, 'eks', `--port must be 0-65535, got ${JSON.stringify(values.port)}`, USAGE);
  let tls;
  try {
    const [certPem, keyPem, caPem] = await Promise.all([values.cert!, values.key!, values.ca!].map((f) => readFile(f, 'utf8')));
    tls = { certPem: certPem!, keyPem: keyPem!, caPem: caPem! };
  } catch (e) {
    io.err(`ekmsim eks: ${(e as Error).message}`);
    return 1;
  }
  const server = await startKeyServer({
    host: values.host,
    port,
    tls,
    dataDir: values.data!,
    clock: io.clock,
    rng: io.rng,
    logger: consoleLogger(io, values.verbose ? 'debug' : 'info'),
  });
  io.out(`listening on ${server.host}:${server.port}`);
  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  io.err(`ekmsim eks: ${signal}, stopping`);
  await server.close();
  return 0;
}
