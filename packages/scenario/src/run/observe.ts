/**
 * What the runner reads of a running simulation to judge conditions and assertions, all through
 * the APIs: node and drive lock states (GetNodeState), current faults (ListClusterFaults), the
 * EAR state (GetClusterInfo), the thief's view (GetTheftReport).
 */
import type { FaultMatch } from '../format.js';
import type { ApiCall } from './json-rpc.js';
import { textMatches } from './match.js';

export interface Apis {
  readonly element: ApiCall;
  readonly control: ApiCall;
}

export interface Fault {
  readonly clusterFaultID: number;
  readonly code: string;
  readonly severity: string;
  readonly details: string;
}

export interface NodeView {
  readonly nodeID: number;
  readonly online: boolean;
  readonly node: { readonly phase: string; readonly drives: readonly { readonly locked: boolean }[] } | null;
}

export async function currentFaults(apis: Apis): Promise<Fault[]> {
  return ((await apis.element('ListClusterFaults', { faultTypes: 'current' })) as { faults: Fault[] }).faults;
}

export function faultMatches(m: FaultMatch, f: Fault): boolean {
  return f.code === m.code && (m.severity === undefined || f.severity === m.severity) && (m.details === undefined || textMatches(m.details, f.details));
}

export function describeFaults(faults: readonly Fault[]): string {
  return faults.length === 0 ? 'no current fault' : faults.map((f) => `${f.code}/${f.severity}: ${f.details}`).join(' | ');
}

/** Every node of the cluster, as the control API sees it (stolen ones are not in ListActiveNodes). */
export async function nodeViews(apis: Apis, count: number): Promise<NodeView[]> {
  const views: NodeView[] = [];
  for (let nodeID = 1; nodeID <= count; nodeID++) {
    try {
      views.push((await apis.control('GetNodeState', { nodeID })) as unknown as NodeView);
    } catch {
      views.push({ nodeID, online: false, node: null });
    }
  }
  return views;
}

export async function earState(apis: Apis): Promise<string> {
  return ((await apis.element('GetClusterInfo')) as { clusterInfo: { encryptionAtRestState: string } }).clusterInfo.encryptionAtRestState;
}

export interface TheftView {
  readonly settled: boolean;
  readonly nodes: readonly { readonly online: boolean }[];
  readonly drives: readonly { readonly driveID: number; readonly locked: boolean | null; readonly plaintextReadable: boolean; readonly detail: string }[];
}

export async function theftReport(apis: Apis): Promise<TheftView> {
  return (await apis.control('GetTheftReport')) as unknown as TheftView;
}
