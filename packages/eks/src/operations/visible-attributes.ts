/** The attributes a reply of a given version may carry: those whose tag that version defines. */
import { attributeTag, isCustomAttributeName, tagExistsIn, versionCode, type Attribute, type ProtocolVersion } from '@ekmsim/kmip';
import type { StoredObject } from '../model/managed-object.js';

export function visibleAttributes(obj: StoredObject, version: ProtocolVersion): Attribute[] {
  const code = versionCode(version);
  const out: Attribute[] = [];
  for (const a of obj.attributes) {
    if (!isCustomAttributeName(a.name) && !tagExistsIn(attributeTag(a.name), code)) continue;
    // Index 0 is the default (KMIP 1.4 §2.1.1): left out, as clients expect for single-valued attributes.
    out.push(a.index === 0 ? { name: a.name, value: a.value } : a);
  }
  return out;
}
