/** What the EAR steps work with, and the one way they fail. */
import { EkmsimError, type Clock, type Logger, type Rng } from '@ekmsim/core';
import type { ClusterDb } from '../db/cluster-db.js';
import type { EventLog } from '../events/event-log.js';
import { DB_PATHS, type EarRecord, type EarTransition } from '../db/layout.js';
import type { MasterNodes } from '../nodes/node-fabric.js';
import { readEar } from './ear-record.js';

export interface EarParts {
  readonly db: ClusterDb;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly nodes: MasterNodes;
  readonly events: EventLog;
}

export const EAR = { component: 'EAR' } as const;

/** A step could not finish now (a node offline or failing); it is retried. Never carries a secret. */
export class EarStepError extends EkmsimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EAR_STEP', message, options);
  }
}

/** The transition in progress; a step running without one is a bug. */
export function transitionOf(ear: EarRecord): EarTransition {
  if (ear.transition === null) throw new EarStepError('no EAR transition is in progress');
  return ear.transition;
}

/** Records the transition's next step (one write), unless the step was abandoned (master closing). */
export function persistStep(parts: EarParts, signal: AbortSignal, next: EarTransition): void {
  if (signal.aborted) throw new EarStepError('the master is closing');
  const ear = readEar(parts.db);
  parts.db.write((tx) => tx.put(DB_PATHS.ear, { ...ear, transition: next } satisfies EarRecord));
}

/** Runs `work` on each node in parallel; resolves with the nodes it failed on and why. */
export async function onEachNode(nodeIDs: readonly number[], work: (nodeID: number) => Promise<void>): Promise<{ nodeID: number; reason: string }[]> {
  const outcomes = await Promise.allSettled(nodeIDs.map(work));
  return outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ nodeID: nodeIDs[i]!, reason: reasonOf(o.reason) }] : []));
}

export function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function describeFailures(what: string, failures: readonly { nodeID: number; reason: string }[]): string {
  return `${what} failed on ${failures.map((f) => `node ${f.nodeID} (${f.reason})`).join(', ')}`;
}
