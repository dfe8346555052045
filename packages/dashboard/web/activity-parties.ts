/**
 * Who an activity's `from` and `to` name, as the simulator writes them: `master`, `node 3`,
 * `thief master`, `thief node 1`, a key server `kms1` or one of its members `kms1 member 2`
 * (counted from 1, as the host names kms1-1, kms1-2 are).
 */

export type Party =
  | { readonly kind: 'master' }
  | { readonly kind: 'node'; readonly nodeID: number }
  | { readonly kind: 'thief' }
  | { readonly kind: 'keyServer'; readonly name: string; /** 0-based */ readonly member: number }
  | { readonly kind: 'unknown' };

const NODE = /^node (\d+)$/;
const MEMBER = /^(.+) member (\d+)$/;

export function parseParty(text: string, keyServerNames: readonly string[]): Party {
  if (text === 'master') return { kind: 'master' };
  if (text.startsWith('thief')) return { kind: 'thief' };
  const node = NODE.exec(text);
  if (node?.[1] !== undefined) return { kind: 'node', nodeID: Number(node[1]) };
  if (keyServerNames.includes(text)) return { kind: 'keyServer', name: text, member: 0 };
  const member = MEMBER.exec(text);
  if (member?.[1] !== undefined && member[2] !== undefined && keyServerNames.includes(member[1])) {
    return { kind: 'keyServer', name: member[1], member: Math.max(0, Number(member[2]) - 1) };
  }
  return { kind: 'unknown' };
}
