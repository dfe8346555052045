import { Activate } from './activate.js';
import { AddAttribute } from './add-attribute.js';
import { Check } from './check.js';
import { Create } from './create.js';
import { CreateKeyPair } from './create-key-pair.js';
import { DeleteAttribute } from './delete-attribute.js';
import { Destroy } from './destroy.js';
import { DiscoverVersions } from './discover-versions.js';
import { Get } from './get.js';
import { GetAttributeList } from './get-attribute-list.js';
import { GetAttributes } from './get-attributes.js';
import { Locate } from './locate.js';
import { ModifyAttribute } from './modify-attribute.js';
import { Query } from './query.js';
import { Register } from './register.js';
import { Revoke } from './revoke.js';
import type { OperationSpec } from './operation.js';

export { Activate, AddAttribute, Check, Create, CreateKeyPair, DeleteAttribute, Destroy, DiscoverVersions, Get, GetAttributeList, GetAttributes, Locate, ModifyAttribute, Query, Register, Revoke };

/** Every operation this stack speaks, by Operation enumeration value. */
export const OPERATIONS: ReadonlyMap<number, OperationSpec<unknown, unknown>> = new Map(
  [Activate, AddAttribute, Check, Create, CreateKeyPair, DeleteAttribute, Destroy, DiscoverVersions, Get, GetAttributeList, GetAttributes, Locate, ModifyAttribute, Query, Register, Revoke].map(
    (op) => [op.code, op as OperationSpec<unknown, unknown>],
  ),
);
