/** `ekmsim up` as a child process, resolved once it prints `ready`. */
import { startReady, type ReadyProcess } from './ekmsim.js';

export interface UpProcess extends ReadyProcess {
  readonly apiBase: string;
}

export async function startUp(args: readonly string[]): Promise<UpProcess> {
  const up = await startReady('up', args);
  const m = /Element API: (https:\/\/[^/\s]+)\/json-rpc/.exec(up.output());
  if (m === null) throw new Error(`ekmsim up printed no API URL: ${up.output()}`);
  return { ...up, apiBase: m[1]! };
}
