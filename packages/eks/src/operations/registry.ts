/** Every operation the key server can handle, and the profile a vendor builds from them. */
import { activateHandler } from './activate.js';
import { addAttributeHandler } from './add-attribute.js';
import { checkHandler } from './check.js';
import type { OperationHandler } from './context.js';
import { createKeyPairHandler } from './create-key-pair.js';
import { createHandler } from './create.js';
import { deleteAttributeHandler } from './delete-attribute.js';
import { destroyHandler } from './destroy.js';
import { discoverVersionsHandler } from './discover-versions.js';
import { getAttributeListHandler } from './get-attribute-list.js';
import { getAttributesHandler } from './get-attributes.js';
import { getHandler } from './get.js';
import { locateHandler } from './locate.js';
import { modifyAttributeHandler } from './modify-attribute.js';
import type { OperationProfile, ServerIdentity } from './profile.js';
import { queryHandler } from './query.js';
import { registerHandler } from './register.js';
import { revokeHandler } from './revoke.js';

const HANDLERS: readonly OperationHandler[] = [
  createHandler,
  createKeyPairHandler,
  registerHandler,
  locateHandler,
  checkHandler,
  getHandler,
  getAttributesHandler,
  getAttributeListHandler,
  addAttributeHandler,
  modifyAttributeHandler,
  deleteAttributeHandler,
  activateHandler,
  revokeHandler,
  destroyHandler,
  discoverVersionsHandler,
];

/** Every operation code this server implements besides Query. */
export const IMPLEMENTED_OPERATIONS: readonly number[] = HANDLERS.map((h) => h.code);

export interface ProfileSpec {
  /** The operations to serve besides Query (default: all implemented). */
  readonly operations?: readonly number[];
  readonly objectTypes: readonly number[];
  readonly identity: ServerIdentity;
  readonly uniqueIdentifier?: (objectType: number, uuid: string) => string;
}

export function operationProfile(spec: ProfileSpec): OperationProfile {
  const wanted = new Set(spec.operations ?? IMPLEMENTED_OPERATIONS);
  const served = HANDLERS.filter((h) => wanted.has(h.code));
  const query = queryHandler(served.map((h) => h.code));
  return {
    handlers: new Map([...served, query].map((h) => [h.code, h])),
    objectTypes: spec.objectTypes,
    identity: spec.identity,
    uniqueIdentifier: spec.uniqueIdentifier ?? ((_type, uuid) => uuid),
  };
}
