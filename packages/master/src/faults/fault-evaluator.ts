/**
 * Evaluates the cluster faults every 30 s of the master's clock (Element: "the system caches
 * faults every 30 seconds") and whenever something may have changed them:
 * - the 30 s tick, a node joining or leaving, a change to the key servers in use (modified,
 *   deleted, added to or removed from a provider) and `evaluate()` probe the key servers (from
 *   the master and every online node) and then check everything;
 * - a node's state report and each state-changing API call check everything with the last probe
 *   results (no network), so a drive that unlocks or a renewed certificate clears at once.
 * One evaluation runs at a time; requests made meanwhile are merged into the next one.
 * The next tick is armed when a ticked evaluation has finished, not when it starts: a clock
 * jump of a month (AdvanceClock) then costs one evaluation at the far end, not 89,000 ticks
 * fired one after the other while nothing can run between them.
 */
import type { Clock, Logger } from '@ekmsim/core';
import type { ClusterDb } from '../db/cluster-db.js';
import type { ContactContext } from '../kmip/contact.js';
import type { MasterNodes } from '../nodes/node-fabric.js';
import { certificateFaults } from './certificate-faults.js';
import { driveFaults } from './drive-faults.js';
import type { FaultStore } from './fault-store.js';
import { keyServerFaults } from './key-server-faults.js';
import { probeKeyServers, type ProbeResult } from './key-server-probes.js';
import type { SliceWatch } from './slice-faults.js';

export const FAULT_EVALUATION_INTERVAL_MS = 30_000;

export interface FaultEvaluatorParts {
  readonly db: ClusterDb;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly nodes: MasterNodes;
  readonly contact: ContactContext;
  readonly store: FaultStore;
  readonly slices: SliceWatch;
}

export interface FaultEvaluator {
  /** Arms the 30 s tick. */
  start(): void;
  /** An evaluation soon; `probe` also contacts the key servers. */
  request(probe: boolean): void;
  /** A full evaluation (with probes) after any running one; resolves once its faults are recorded. */
  evaluate(): Promise<void>;
  /** Resolves once no evaluation is running or asked for (at once when idle). */
  settled(): Promise<void>;
  /** No more evaluations; one in flight records nothing (its contacts end on their own timeouts). */
  stop(): void;
}

export function createFaultEvaluator(parts: FaultEvaluatorParts): FaultEvaluator {
  const { clock, logger } = parts;
  let timer: unknown;
  let stopped = false;
  let running = false;
  let wanted: { probe: boolean; done: (() => void)[] } | undefined;
  let lastProbes: readonly ProbeResult[] = [];
  const idleWaiters: (() => void)[] = [];
  const idle = (): boolean => !running && wanted === undefined;

  const once = async (probe: boolean): Promise<void> => {
    // Starts once the code that asked has run to its end: a tick fired inside a clock jump
    // (AdvanceClock) must not open connections whose timeouts the rest of the jump would fire.
    await Promise.resolve();
    if (probe) lastProbes = await probeKeyServers({ db: parts.db, nodes: parts.nodes, contact: parts.contact, logger });
    if (stopped) return;
    const now = clock.now();
    parts.store.reconcile(keyServerFaults(parts.db, lastProbes));
    parts.store.reconcile(certificateFaults(parts.db, now));
    parts.store.reconcile(driveFaults(parts.db, parts.nodes));
    parts.store.reconcile(parts.slices.evaluate(now));
  };

  const kick = (): void => {
    if (running || stopped || wanted === undefined) return;
    const { probe, done } = wanted;
    wanted = undefined;
    running = true;
    void once(probe)
      .catch((e: unknown) => logger.log('error', `Fault evaluation failed: ${e instanceof Error ? e.message : String(e)}`, { component: 'FAULT' }))
      .finally(() => {
        running = false;
        for (const resolve of done) resolve();
        kick();
        if (idle()) for (const resolve of idleWaiters.splice(0)) resolve();
      });
  };

  const request = (probe: boolean, done?: () => void): void => {
    if (stopped) {
      done?.();
      return;
    }
    wanted = { probe: probe || (wanted?.probe ?? false), done: [...(wanted?.done ?? []), ...(done === undefined ? [] : [done])] };
    kick();
  };

  const arm = (): void => {
    if (!stopped) timer = clock.setTimeout(tick, FAULT_EVALUATION_INTERVAL_MS);
  };
  const tick = (): void => {
    timer = undefined;
    request(true, arm);
  };

  return {
    start() {
      if (timer === undefined) arm();
    },
    request: (probe) => request(probe),
    evaluate: () => new Promise<void>((resolve) => request(true, resolve)),
    settled: () => (idle() || stopped ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      for (const resolve of wanted?.done ?? []) resolve();
      wanted = undefined;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
}
