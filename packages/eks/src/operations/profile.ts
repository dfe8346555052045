/**
 * What a vendor personality changes in the KMIP operations themselves: which operations and
 * managed object types it serves, who it says it is (Query), and how it names new objects.
 */
import type { OperationHandler } from './context.js';

/** Query's Vendor Identification and the KMIP 2.0 Server Information fields. */
export interface ServerIdentity {
  readonly vendorIdentification: string;
  readonly serverName: string;
  readonly productName: string;
  readonly serverVersion: string;
}

export interface OperationProfile {
  /** The served operations by Operation enumeration value, Query included. */
  readonly handlers: ReadonlyMap<number, OperationHandler>;
  /** Managed object types served; Template only answers KMIP 1.x (2.0 has none). */
  readonly objectTypes: readonly number[];
  readonly identity: ServerIdentity;
  /** The Unique Identifier of a new object of `objectType`, made from a fresh UUID. */
  uniqueIdentifier(objectType: number, uuid: string): string;
}
