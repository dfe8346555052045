/**
 * A managed object as the key server keeps it: its owner, its object TTLV (absent once
 * destroyed: the key material is gone) and its attributes. Records are immutable; a change makes
 * a new record, so a handler that fails half-way leaves nothing behind.
 */
import { attr, attribute, Enum, type Attribute } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';

/** An attribute instance with its index made explicit (KMIP 1.x Attribute Index; 0 for the first). */
export interface StoredAttribute extends Attribute {
  readonly index: number;
}

export interface StoredObject {
  readonly uid: string;
  /** The subject CN of the client certificate that made or registered it. */
  readonly owner: string;
  readonly objectType: number;
  readonly object: TtlvItem | undefined;
  readonly attributes: readonly StoredAttribute[];
}

export function stored(a: Attribute, index = 0): StoredAttribute {
  return { name: a.name, index, value: a.value };
}

export function instances(obj: StoredObject, name: string): StoredAttribute[] {
  return obj.attributes.filter((a) => a.name === name);
}

export function stateOf(obj: StoredObject): number | undefined {
  const v = obj.attributes.find((a) => a.name === 'State')?.value;
  return v?.type === 'Enumeration' ? v.value : undefined;
}

export function isDestroyed(obj: StoredObject): boolean {
  const s = stateOf(obj);
  return s === Enum.State.Destroyed || s === Enum.State.DestroyedCompromised;
}

export function numberOf(obj: StoredObject, name: string): number | undefined {
  const v = obj.attributes.find((a) => a.name === name)?.value;
  return v?.type === 'Integer' || v?.type === 'Enumeration' ? v.value : undefined;
}

/** Replaces every instance of `a.name` with this single one (index 0), in the first one's place. */
export function withSingle(obj: StoredObject, a: Attribute): StoredObject {
  const next = stored(a);
  const at = obj.attributes.findIndex((x) => x.name === a.name);
  if (at < 0) return { ...obj, attributes: [...obj.attributes, next] };
  const attributes = obj.attributes.filter((x, i) => i === at || x.name !== a.name).map((x) => (x.name === a.name ? next : x));
  return { ...obj, attributes };
}

/** Adds a new instance of a multi-instance attribute, with the next free index. */
export function withInstance(obj: StoredObject, a: Attribute): StoredObject {
  const index = nextIndex(obj.attributes, a.name);
  return { ...obj, attributes: [...obj.attributes, stored(a, index)] };
}

export function nextIndex(list: readonly StoredAttribute[], name: string): number {
  let next = 0;
  for (const x of list) if (x.name === name && x.index >= next) next = x.index + 1;
  return next;
}

export function withReplaced(obj: StoredObject, target: StoredAttribute, value: TtlvItem): StoredObject {
  const next = stored(attribute(target.name, value), target.index);
  return { ...obj, attributes: obj.attributes.map((x) => (x === target ? next : x)) };
}

/** Sets State and the date attribute that records the transition, and Last Change Date. */
export function withState(obj: StoredObject, state: number, nowSeconds: bigint, dates: readonly string[]): StoredObject {
  let next = withSingle(obj, attr.state(state));
  for (const name of dates) next = withSingle(next, attr.date(name, nowSeconds));
  return touched(next, nowSeconds);
}

export function touched(obj: StoredObject, nowSeconds: bigint): StoredObject {
  return withSingle(obj, attr.date('Last Change Date', nowSeconds));
}
