/** The `ekmsim` command: builds the process's clock, randomness and output, then dispatches. */
import { secureRng, systemClock } from '@ekmsim/core';
import type { KeyPairSource } from '@ekmsim/pki';
import { apiCommand } from './commands/api.js';
import { caCommand } from './commands/ca.js';
import { demoCommand } from './commands/demo.js';
import { eksCommand } from './commands/eks.js';
import { keyserverCommand } from './commands/keyserver.js';
import { kmipCommand } from './commands/kmip.js';
import { nodeCommand } from './commands/node.js';
import { runCommand } from './commands/run.js';
import { ttlvCommand } from './commands/ttlv.js';
import { upCommand } from './commands/up.js';
import type { CommandIo } from './io.js';

const COMMANDS: Record<string, (argv: string[], io: CommandIo) => Promise<number>> = {
  api: apiCommand,
  ca: caCommand,
  demo: demoCommand,
  eks: eksCommand,
  kmip: kmipCommand,
  node: nodeCommand,
  keyserver: keyserverCommand,
  run: runCommand,
  ttlv: ttlvCommand,
  up: upCommand,
};

const USAGE = `usage: ekmsim <command> [options]

commands:
  run [FILE|DIR …]       run scenario files (default: the library in scenarios/)
  demo [SCENARIO]        the live dashboard in a browser: guided scenarios, controls, timeline
  up                     run a simulated cluster: master, storage nodes, Element API, mock key servers
  node --join URL        run one storage node as its own process, joined to ekmsim up
  api METHOD [k=v …]     call an Element API (or --sim control API) method
  ca init|issue|sign     a local certificate authority (TR-4843 §7.2 signing)
  eks                    run a mock KMIP key server
  keyserver NAME ACTION  administer a mock key server of ekmsim up (stop, revoke, deleteKey, …)
  kmip <operation>       send a KMIP request to a key server
  ttlv decode|encode     convert between TTLV hex and KMIP's JSON form`;

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve(sig));
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: string[], keyPairs: KeyPairSource): Promise<number> {
  const [name, ...rest] = argv;
  const io: CommandIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    clock: systemClock(),
    rng: secureRng(),
    keyPairs,
    stopSignal: stopSignal(),
    readStdin,
  };
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) io.err(USAGE);
    else io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`ekmsim: unknown command ${JSON.stringify(name)}`);
    io.err(USAGE);
    return 2;
  }
  return command(rest, io);
}

/** Runs the command line and ends the process with its status. */
export function runCli(argv: string[], keyPairs: KeyPairSource): void {
  main(argv, keyPairs).then(
    // Long-running commands resolve only after they have stopped cleanly; nothing else may keep
    // the process alive (a stray handle would make a finished command hang).
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`ekmsim: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
