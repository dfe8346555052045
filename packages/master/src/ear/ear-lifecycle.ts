/**
 * Runs the EAR transition recorded in the cluster database, if any: an actor of the EAR machine
 * started at the persisted step, on the master's clock. It is started when a transition begins
 * and when the master opens with one in progress; a node that joins first gets its external
 * records refreshed (refresh-records.ts), then wakes a waiting step, or, when nothing is in
 * progress, is told the cluster's current generation (a node that was off at a commit forgets the
 * generations it no longer needs).
 */
import { createActor, toPromise, type Actor } from 'xstate';
import type { EarTransition } from '../db/layout.js';
import { EAR, reasonOf, type EarParts } from './ear-parts.js';
import { currentGeneration, readEar } from './ear-record.js';
import { createEarMachine, type EarMachine } from './ear.machine.js';
import { refreshExternalRecords } from './refresh-records.js';
import { apply } from './step-apply.js';
import { commit } from './step-commit.js';
import { distribute } from './step-distribute.js';

export interface EarLifecycle {
  /** Starts the persisted transition unless it runs already. */
  resume(): void;
  /** A node joined and has its answer. */
  nodeOnline(nodeID: number): void;
  /** Resolves when no transition is running (at once if none). */
  whenSettled(): Promise<void>;
  stop(): void;
}

export function createEarLifecycle(parts: EarParts): EarLifecycle {
  let actor: Actor<EarMachine> | undefined;
  /** Which transition `actor` runs: a commit ends one before its actor has finished telling the nodes. */
  let running: string | undefined;
  let settled: Promise<void> = Promise.resolve();
  let stopped = false;

  const resume = (): void => {
    const transition = readEar(parts.db).transition;
    if (stopped || transition === null || running === keyOf(transition)) return;
    actor?.stop();
    const applied = new Set<number>();
    const machine = createEarMachine({
      distribute: (signal) => distribute(parts, signal),
      apply: (signal) => apply(parts, applied, signal),
      commit: (signal) => commit(parts, signal),
      failed: (step, error, retryInMs) =>
        parts.logger.log('warn', `EAR step ${step} did not finish: ${reasonOf(error)}; retrying in ${retryInMs / 1000} s or when a node joins`, { ...EAR, step }),
    });
    const started = createActor(machine, { input: { step: transition.step }, clock: parts.clock });
    actor = started;
    running = keyOf(transition);
    parts.logger.log('info', `EAR ${transition.kind} to ${transition.target === null ? 'no key' : `generation ${transition.target.generation}`} running from step ${transition.step}`, EAR);
    started.subscribe({
      complete: () => {
        if (actor !== started) return;
        actor = undefined;
        running = undefined;
      },
    });
    settled = toPromise(started).then(
      () => undefined,
      (e: unknown) => parts.logger.log('error', `EAR machine failed: ${reasonOf(e)}`, EAR),
    );
    started.start();
  };

  return {
    resume,
    nodeOnline(nodeID) {
      if (stopped) return;
      // First on the wire, so the node has current key servers and certificate before whatever
      // the EAR steps or the commit below ask of it (refresh-records.ts says why).
      void refreshExternalRecords(parts, `node ${nodeID} joined`, { nodeIDs: [nodeID] });
      const ear = readEar(parts.db);
      if (ear.transition !== null) {
        // Never a commit mid-transition: the node would drop the generation being distributed.
        resume();
        actor?.send({ type: 'NODE_ONLINE' });
        return;
      }
      const generation = currentGeneration(ear);
      parts.nodes.call(nodeID, 'commitGeneration', { generation }).catch((e: unknown) => {
        parts.logger.log('warn', `Node ${nodeID} was not told that generation ${generation} is current: ${reasonOf(e)}`, EAR);
      });
    },
    whenSettled: () => settled,
    stop() {
      stopped = true;
      actor?.stop();
      actor = undefined;
      running = undefined;
    },
  };
}

function keyOf(t: EarTransition): string {
  return `${t.kind}/${t.startedTime}/${t.target?.generation ?? 'none'}`;
}
