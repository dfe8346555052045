/** Helpers shared by Add, Modify and Delete Attribute. */
import { KmipResultError, type Attribute } from '@ekmsim/kmip';
import { isReadOnly } from '../model/attribute-rules.js';
import type { StoredAttribute } from '../model/managed-object.js';

/** The attribute instance as a 1.x reply echoes it: the index only when it is not the default 0. */
export function echoed(a: StoredAttribute): Attribute {
  return a.index === 0 ? { name: a.name, value: a.value } : a;
}

export function requireClientWritable(name: string): void {
  if (isReadOnly(name)) throw new KmipResultError('AttributeReadOnly', `attribute ${JSON.stringify(name)} cannot be changed by a client`);
}

export function attributeNotFound(uid: string, name: string, index?: number): KmipResultError {
  const which = index === undefined ? JSON.stringify(name) : `${JSON.stringify(name)} index ${index}`;
  return new KmipResultError('AttributeNotFound', `object ${uid} has no attribute ${which}`);
}
