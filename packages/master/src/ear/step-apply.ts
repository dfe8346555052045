/**
 * Step 2, apply: every member moves every drive's PIN to the target generation's AK (or back to
 * the MSID when disabling), in parallel. A node counts as done when it answers with every drive
 * at the target and none mid-change; the others are asked again at the next try (the call is
 * idempotent, so a master restarted here simply asks everyone again).
 */
import type { NodeState } from '@ekmsim/wire';
import { EAR, EarStepError, describeFailures, onEachNode, persistStep, transitionOf, type EarParts } from './ear-parts.js';
import { readEar } from './ear-record.js';

/** `applied` remembers, across tries of this transition, the nodes that are done. */
export async function apply(parts: EarParts, applied: Set<number>, signal: AbortSignal): Promise<void> {
  const transition = transitionOf(readEar(parts.db));
  const generation = transition.target?.generation ?? null;
  const pending = transition.members.filter((id) => !applied.has(id));
  const what = generation === null ? 'the factory MSID' : `generation ${generation}`;
  if (pending.length > 0) parts.logger.log('info', `Applying ${what} on node(s) ${pending.join(', ')}`, EAR);
  const failures = await onEachNode(pending, async (nodeID) => {
    const { state } = await parts.nodes.call(nodeID, 'applyGeneration', { generation });
    const behind = drivesNotAt(state, generation);
    if (behind.length > 0) throw new EarStepError(`drive(s) ${behind.join(', ')} not at ${what}`);
    applied.add(nodeID);
  });
  if (failures.length > 0) throw new EarStepError(describeFailures(`applying ${what}`, failures));
  persistStep(parts, signal, { ...transition, step: 'commit' });
  parts.logger.log('info', `Every drive of node(s) ${transition.members.join(', ') || 'none'} is at ${what}`, EAR);
}

function drivesNotAt(state: NodeState, generation: number | null): string[] {
  return state.drives.filter((d) => d.keyGeneration !== generation || d.switching !== null).map((d) => d.serial);
}
