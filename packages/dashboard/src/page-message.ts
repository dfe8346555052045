/**
 * A page's message, checked before anything acts on it: JSON, a known type, arguments of the
 * right kinds. A page is a browser anyone on the host can open; what it sends is input.
 */
import type { ActionArgs, ActionName, PageMessage } from './protocol.js';

const ACTIONS: readonly ActionName[] = [
  'powerOffNode', 'powerOnNode', 'powerCycleNode', 'powerCycleCluster', 'stealDrive', 'stealNode', 'stealCluster', 'stopKeyServer', 'startKeyServer',
  'cutNodeLink', 'healNodeLink', 'revokeClusterCertificate', 'deleteAuthenticationKey', 'advanceClock', 'pause', 'resume', 'setSpeed',
];
const ARG_TYPES: Readonly<Record<keyof ActionArgs, 'number' | 'string'>> = { nodeID: 'number', driveID: 'number', keyServer: 'string', member: 'number', seconds: 'number', speed: 'number' };
const GUIDED_OPS = ['load', 'next', 'skip', 'restart'] as const;

export type Parsed = { readonly ok: true; readonly message: PageMessage } | { readonly ok: false; readonly id?: number; readonly error: string };

export function parsePageMessage(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the message is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'the message is not a JSON object' };
  const m = value as Record<string, unknown>;
  const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : undefined;
  const refuse = (error: string): Parsed => ({ ok: false, ...(id === undefined ? {} : { id }), error });
  switch (m.type) {
    case 'action': {
      if (id === undefined) return refuse('an action needs a numeric id');
      if (typeof m.action !== 'string' || !(ACTIONS as readonly string[]).includes(m.action)) return refuse(`unknown action ${JSON.stringify(m.action)}`);
      const args = m.args ?? {};
      if (typeof args !== 'object' || args === null || Array.isArray(args)) return refuse('args must be an object');
      for (const [name, v] of Object.entries(args)) {
        const type: 'number' | 'string' | undefined = ARG_TYPES[name as keyof ActionArgs];
        if (type === undefined) return refuse(`unknown argument ${name}`);
        if (typeof v !== type) return refuse(`${name} must be a ${type}`);
      }
      return { ok: true, message: { type: 'action', id, action: m.action as ActionName, args } };
    }
    case 'guided': {
      if (typeof m.op !== 'string' || !(GUIDED_OPS as readonly string[]).includes(m.op)) return refuse(`unknown guided op ${JSON.stringify(m.op)}`);
      if (m.file !== undefined && typeof m.file !== 'string') return refuse('file must be a string');
      return { ok: true, message: { type: 'guided', op: m.op as (typeof GUIDED_OPS)[number], ...(typeof m.file === 'string' ? { file: m.file } : {}) } };
    }
    case 'export':
      return { ok: true, message: { type: 'export' } };
    default:
      return refuse(`unknown message type ${JSON.stringify(m.type)}`);
  }
}
