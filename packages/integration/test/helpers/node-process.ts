/** `ekmsim node --join …` as a child process, resolved once it prints `ready`. */
import { spawn } from 'node:child_process';
import { childControls, EKMSIM_MAIN, type ChildControls } from './ekmsim.js';

export interface NodeProcess extends ChildControls {
  readonly output: () => string;
}

export function startNodeProcess(args: readonly string[]): Promise<NodeProcess> {
  const child = spawn(process.execPath, [EKMSIM_MAIN, 'node', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (!/^ready$/m.test(out)) return;
      clearInterval(poll);
      resolve({ output: () => out, ...childControls(child, exited) });
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`ekmsim node exited (${String(code)}) before it was ready: ${out}`));
    });
  });
}
