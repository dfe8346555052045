/** Runs the built `ekmsim` command as a child process, the way a user does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './pykmip.js';

export const EKMSIM_MAIN = join(repoRoot, 'packages/cli/dist/main.js');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ekmsim ARGS…` to completion. */
export function ekmsim(args: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EKMSIM_MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** How a test ends a long-running `ekmsim` child: SIGKILL (no chance to flush) or SIGTERM. */
export interface ChildControls {
  /** SIGKILL: no chance to flush or close anything. */
  kill9(): Promise<void>;
  /** SIGTERM, and wait for a clean exit. */
  stop(): Promise<number | null>;
}

export function childControls(child: ChildProcess, exited: Promise<number | null>): ChildControls {
  return {
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface EksProcess extends ChildControls {
  readonly host: string;
  readonly port: number;
  readonly child: ChildProcess;
  stderr(): string;
}

export interface EksFiles {
  cert: string;
  key: string;
  ca: string;
  data: string;
}

/** `ekmsim eks --port 0 …`, resolved once it prints `listening on HOST:PORT`. */
export function startEksProcess(files: EksFiles, port = 0): Promise<EksProcess> {
  const child = spawn(
    process.execPath,
    [EKMSIM_MAIN, 'eks', '--host', '127.0.0.1', '--port', String(port), '--cert', files.cert, '--key', files.key, '--ca', files.ca, '--data', files.data],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      stdout += d.toString();
      const m = /listening on ([\d.]+):(\d+)/.exec(stdout);
      if (m === null) return;
      child.stdout.off('data', onData);
      resolve({
        host: m[1]!,
        port: Number(m[2]),
        child,
        stderr: () => stderr,
        ...childControls(child, exited),
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => reject(new Error(`ekmsim eks exited (${String(code)}) before listening: ${stderr}`)));
  });
}

/** A long-running `ekmsim` child (`up`, `node`, …) once it has printed its `ready` line. */
export interface ReadyProcess extends ChildControls {
  readonly child: ChildProcess;
  /** Everything it printed so far, both streams. */
  readonly output: () => string;
}

export function startReady(command: string, args: readonly string[]): Promise<ReadyProcess> {
  const child = spawn(process.execPath, [EKMSIM_MAIN, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (!/^ready$/m.test(out)) return;
      clearInterval(poll);
      resolve({ child, output: () => out, ...childControls(child, exited) });
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`ekmsim ${command} exited (${String(code)}) before it was ready: ${out}`));
    });
  });
}
