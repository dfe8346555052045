/** Value equality of two TTLV items, ignoring their own tags (an attribute's value may carry either). */
import type { TtlvItem } from '@ekmsim/ttlv';

export function sameValue(a: TtlvItem, b: TtlvItem): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'Structure') {
    const bv = (b as typeof a).value;
    return a.value.length === bv.length && a.value.every((c, i) => c.tag === bv[i]!.tag && sameValue(c, bv[i]!));
  }
  if (a.type === 'ByteString') {
    const bv = (b as typeof a).value;
    return a.value.length === bv.length && a.value.every((x, i) => x === bv[i]);
  }
  return a.value === b.value;
}
