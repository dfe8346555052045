import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PkiError } from '@ekmsim/pki';
import { expect } from 'vitest';

/** A scratch directory for files handed to the openssl CLI. */
export interface Scratch {
  readonly dir: string;
  write(name: string, text: string): string;
  remove(): void;
}

export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'ekmsim-pki-'));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs openssl, throwing if it fails; returns its stdout, or stdout and stderr together with
 * `merged` (OpenSSL 3 reports "verify OK" for a CSR on stderr).
 */
export function openssl(args: readonly string[], options: { merged?: boolean } = {}): string {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} exited with ${String(r.status)}:\n${r.stderr}`);
  return options.merged === true ? `${r.stdout}${r.stderr}` : r.stdout;
}

/** Runs openssl expecting it to fail; returns what it printed. */
export function opensslFailure(args: readonly string[]): string {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status === 0) throw new Error(`openssl ${args.join(' ')} unexpectedly succeeded`);
  return `${r.stdout}${r.stderr}`;
}

/** Asserts that `fn` throws a PkiError with `code` (and, for PEM errors, `problem`). */
export function expectPkiError(fn: () => unknown, code: string, problem?: string): PkiError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(PkiError);
  const err = caught as PkiError;
  expect(err.code).toBe(code);
  if (problem !== undefined) expect(err.problem).toBe(problem);
  return err;
}

export async function expectPkiRejection(promise: Promise<unknown>, code: string): Promise<PkiError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PkiError);
  expect((err as PkiError).code).toBe(code);
  return err as PkiError;
}

/** The base64 body of a PEM, to check that no message ever quotes it. */
export function pemBody(pem: string): string {
  return pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----')).join('');
}

export const DAY_MS = 86_400_000;
