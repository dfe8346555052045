/** `ekmsim node --join …` as a child process, resolved once it prints `ready`. */
import { startReady, type ReadyProcess } from './ekmsim.js';

export type NodeProcess = ReadyProcess;

export function startNodeProcess(args: readonly string[]): Promise<NodeProcess> {
  return startReady('node', args);
}
