/**
 * `wait` conditions, judged through the APIs. A wait moves the simulation clock on by a second at
 * a time between looks (unlock retries and fault evaluations are due on it), so its timeout is in
 * simulated time; a second is far below any KMIP timeout, so no contact in flight is cut short.
 */
import type { Condition } from '../format.js';
import { resolveValues } from './values.js';
import { currentFaults, describeFaults, earState, faultMatches, nodeViews, theftReport, type Apis } from './observe.js';

/** null when the condition holds, else what is seen instead. */
export async function conditionGap(apis: Apis, c: Condition, nodes: number, saved: ReadonlyMap<string, unknown>): Promise<string | null> {
  if ('asyncResult' in c) {
    const asyncHandle = resolveValues(c.asyncResult, saved);
    const result = (await apis.element('GetAsyncResult', { asyncHandle, keepResult: true })) as { status: string };
    return result.status === 'complete' ? null : `async result ${String(asyncHandle)} is ${result.status}`;
  }
  if ('ear' in c) {
    const state = await earState(apis);
    return state === c.ear ? null : `encryptionAtRestState is ${state}`;
  }
  if ('unlocked' in c || 'locked' in c) {
    const want = 'unlocked' in c ? 'ready' : 'locked';
    const which = 'unlocked' in c ? c.unlocked : c.locked;
    const views = (await nodeViews(apis, nodes)).filter((v) => which === 'all' || which.includes(v.nodeID));
    const off = views.filter((v) => v.node?.phase !== want);
    return off.length === 0 ? null : off.map((v) => `node ${v.nodeID} ${v.node === null ? 'offline' : v.node.phase}`).join(', ');
  }
  if ('fault' in c || 'noFault' in c) {
    const faults = await currentFaults(apis);
    const m = 'fault' in c ? c.fault : c.noFault;
    const present = faults.some((f) => faultMatches(m, f));
    return present === 'fault' in c ? null : describeFaults(faults);
  }
  const report = await theftReport(apis);
  return report.settled && report.nodes.every((n) => n.online) ? null : 'the thief\'s nodes are still trying';
}

export function describeCondition(c: Condition): string {
  const [key, value] = Object.entries(c)[0] as [string, unknown];
  return `${key} ${JSON.stringify(value)}`;
}
