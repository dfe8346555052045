/** `ekmsim up` as a child process, resolved once it prints `ready`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { childControls, EKMSIM_MAIN, type ChildControls } from './ekmsim.js';

export interface UpProcess extends ChildControls {
  readonly apiBase: string;
  readonly child: ChildProcess;
  readonly output: () => string;
}

export function startUp(args: readonly string[]): Promise<UpProcess> {
  const child = spawn(process.execPath, [EKMSIM_MAIN, 'up', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const m = /Element API: (https:\/\/[^/\s]+)\/json-rpc/.exec(out);
      if (m === null || !/^ready$/m.test(out)) return;
      clearInterval(poll);
      resolve({
        apiBase: m[1]!,
        child,
        output: () => out,
        ...childControls(child, exited),
      });
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`ekmsim up exited (${String(code)}) before it was ready: ${out}`));
    });
  });
}
