import type { Clock, Rng } from '@ekmsim/core';
import type { KeyPairSource } from '@ekmsim/pki';

/** What a command gets from the process: output lines, the clock, the random source and the RSA key pairs. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  readonly clock: Clock;
  readonly rng: Rng;
  /** Where RSA key pairs come from (some made ahead for `run`); made when asked for when absent. */
  readonly keyPairs?: KeyPairSource;
  /** Resolves on SIGINT/SIGTERM, for long-running commands. */
  readonly stopSignal?: Promise<string>;
  /** The whole of standard input, for commands that read `-`. */
  readStdin?(): Promise<string>;
}

/** A bad command line: reported as one line plus the usage, exit status 2. */
export class UsageError extends Error {}

export function usageFailure(io: CommandIo, command: string, problem: string, usage: string): number {
  io.err(`ekmsim ${command}: ${problem}`);
  io.err(`usage: ${usage}`);
  return 2;
}
