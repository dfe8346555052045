/** Every operation the key server handles, by Operation enumeration value. */
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

export const OPERATION_HANDLERS: ReadonlyMap<number, OperationHandler> = new Map(
  [...HANDLERS, queryHandler(HANDLERS.map((h) => h.code))].map((h) => [h.code, h]),
);
