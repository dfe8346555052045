/**
 * A new managed object's attributes (Create, Create Key Pair, Register): the client's template,
 * checked, plus what the server sets implicitly (KMIP 1.4 §3: Unique Identifier, Object Type,
 * State, Initial Date, Last Change Date, and defaults such as the Cryptographic Usage Mask).
 */
import { attr, enumName, Enum, isCustomAttributeName, KmipResultError, Tag, type Attribute } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';
import { isMultiInstance, isServerOnly, isWellFormedCustomName } from './attribute-rules.js';
import { checkAttributeValue } from './attribute-values.js';
import { nextIndex, stored, type StoredAttribute, type StoredObject } from './managed-object.js';

/** Throws unless a client may give `list` when making an object of `objectType`. */
export function checkTemplate(list: readonly Attribute[], objectType: number): void {
  const seen = new Set<string>();
  for (const a of list) {
    checkClientAttribute(a);
    if (isServerOnly(a.name)) throw new KmipResultError('InvalidField', `attribute ${JSON.stringify(a.name)} is set by the server, not by the client`);
    if (a.name === 'Object Type' && !(a.value.type === 'Enumeration' && a.value.value === objectType)) {
      throw new KmipResultError('InvalidField', `attribute "Object Type" contradicts the request's Object Type ${objectTypeName(objectType)}`);
    }
    if (!isMultiInstance(a.name) && seen.has(a.name)) throw new KmipResultError('InvalidField', `attribute ${JSON.stringify(a.name)} is single-valued but given more than once`);
    seen.add(a.name);
  }
}

/** Name and value checks shared by templates and Add/Modify Attribute. */
export function checkClientAttribute(a: Attribute): void {
  if (isCustomAttributeName(a.name) && !isWellFormedCustomName(a.name)) {
    throw new KmipResultError('UnsupportedAttribute', `unknown attribute ${JSON.stringify(a.name)} (custom attribute names start with "x-" or "y-")`);
  }
  checkAttributeValue(a);
}

export interface NewObject {
  readonly uid: string;
  readonly owner: string;
  readonly objectType: number;
  readonly object: TtlvItem | undefined;
  /** The client's template, already checked. */
  readonly given: readonly Attribute[];
  /** Attributes the server derives (e.g. from the key block); the template cannot override them. */
  readonly implicit?: readonly Attribute[];
  /** Attributes the server sets only when the template leaves them out. */
  readonly defaults?: readonly Attribute[];
  readonly nowSeconds: bigint;
  /** Templates (KMIP 1.x) have no lifecycle State. */
  readonly hasState: boolean;
}

export function newObject(n: NewObject): StoredObject {
  const list: StoredAttribute[] = [];
  const add = (a: Attribute): void => {
    list.push(stored(a, isMultiInstance(a.name) ? nextIndex(list, a.name) : 0));
  };
  add(attr.uniqueIdentifier(n.uid));
  add(attr.objectType(n.objectType));
  const implicit = n.implicit ?? [];
  for (const a of implicit) add(a);
  const has = (name: string): boolean => list.some((x) => x.name === name);
  for (const a of n.given) if (a.name !== 'Object Type' && !(implicit.some((i) => i.name === a.name) && !isMultiInstance(a.name))) add(a);
  for (const a of n.defaults ?? []) if (!has(a.name)) add(a);
  if (n.hasState) add(attr.state(initialState(list, n.nowSeconds)));
  add(attr.date('Initial Date', n.nowSeconds));
  add(attr.date('Last Change Date', n.nowSeconds));
  return { uid: n.uid, owner: n.owner, objectType: n.objectType, object: n.object, attributes: list };
}

/** Active when the template's Activation Date has come, Pre-Active otherwise (KMIP 1.4 §3.24). */
function initialState(list: readonly StoredAttribute[], nowSeconds: bigint): number {
  const activation = list.find((a) => a.name === 'Activation Date')?.value;
  return activation?.type === 'DateTime' && activation.value <= nowSeconds ? Enum.State.Active : Enum.State.PreActive;
}

export function objectTypeName(objectType: number): string {
  return enumName(Tag.ObjectType, objectType) ?? `0x${objectType.toString(16)}`;
}
