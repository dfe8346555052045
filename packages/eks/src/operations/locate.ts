/**
 * Locate (KMIP 1.4 §4.9): the caller's objects that match every attribute given, oldest first.
 * An attribute given once matches any instance of equal value (Name compares Name Value and
 * Name Type); a date attribute given twice is a range, both ends included (KMIP 1.4 §4.9).
 * Destroyed objects are left out unless the State asked for is a destroyed one or the Storage
 * Status Mask includes Destroyed Storage. Offset Items and Maximum Items then apply; Located
 * Items (1.3+) counts every match.
 */
import { Enum, Locate, type Attribute } from '@ekmsim/kmip';
import { isDestroyed, type StoredObject } from '../model/managed-object.js';
import { sameValue } from '../model/ttlv-equal.js';
import { defineHandler } from './context.js';

interface Criterion {
  readonly name: string;
  matches(obj: StoredObject): boolean;
}

function criteria(given: readonly Attribute[]): Criterion[] {
  const byName = new Map<string, Attribute[]>();
  for (const a of given) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
  const out: Criterion[] = [];
  for (const [name, list] of byName) {
    const [lo, hi] = list;
    if (list.length === 2 && lo!.value.type === 'DateTime' && hi!.value.type === 'DateTime') {
      const [min, max] = lo!.value.value <= hi!.value.value ? [lo!.value.value, hi!.value.value] : [hi!.value.value, lo!.value.value];
      out.push({ name, matches: (o) => o.attributes.some((x) => x.name === name && x.value.type === 'DateTime' && x.value.value >= min && x.value.value <= max) });
    } else {
      out.push({ name, matches: (o) => list.every((want) => o.attributes.some((x) => x.name === name && sameValue(x.value, want.value))) });
    }
  }
  return out;
}

function asksForDestroyed(given: readonly Attribute[]): boolean {
  return given.some((a) => a.name === 'State' && a.value.type === 'Enumeration' && (a.value.value === Enum.State.Destroyed || a.value.value === Enum.State.DestroyedCompromised));
}

export const locateHandler = defineHandler(Locate, (req, ctx) => {
  const given = req.attributes ?? [];
  const tests = criteria(given);
  const withDestroyed = asksForDestroyed(given) || ((req.storageStatusMask ?? 0) & Enum.StorageStatusMask.DestroyedStorage) !== 0;
  const found: string[] = [];
  for (const obj of ctx.tx.ownedBy(ctx.client)) {
    if (!withDestroyed && isDestroyed(obj)) continue;
    if (tests.every((t) => t.matches(obj))) found.push(obj.uid);
  }
  const offset = Math.max(0, req.offsetItems ?? 0);
  const page = found.slice(offset, req.maximumItems !== undefined && req.maximumItems >= 0 ? offset + req.maximumItems : undefined);
  if (page[0] !== undefined) ctx.actedOn(page[0]);
  return { locatedItems: found.length, uniqueIdentifiers: page };
});
