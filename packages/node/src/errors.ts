/**
 * The node's errors. What the node answers the master always carries a `NODE_...` code from
 * wire's NODE_ERROR_CODES (the peer forwards code and message); every other throw is mapped to
 * one here, keeping the original as `cause`. Messages name drives, generations and servers,
 * never a key, share or PIN: the families mapped here (sed, shamir, kmip-client, wire) promise
 * the same of theirs.
 */
import { EkmsimError } from '@ekmsim/core';
import { SedIoError, SedLockedError, SedStatusError } from '@ekmsim/sed';
import { ShamirError } from '@ekmsim/shamir';
import { NODE_ERROR_CODES, WireError } from '@ekmsim/wire';

export type NodeErrorCode = (typeof NODE_ERROR_CODES)[keyof typeof NODE_ERROR_CODES];

const NODE_CODES = new Set<string>(Object.values(NODE_ERROR_CODES));

/** An error the master receives as is (code and message). */
export class NodeError extends EkmsimError {
  declare readonly code: NodeErrorCode;

  constructor(code: NodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Problems with the node's own directory, found when it starts (not answered over the wire). */
export const NODE_STORE_ERROR_CODES = {
  /** `node.json` cannot be read or is not a node state. */
  corrupt: 'NODE_STATE_CORRUPT',
  /** `node.json` belongs to another node ID. */
  wrongNode: 'NODE_STATE_WRONG_NODE',
  /** A drive the state lists is missing or damaged. */
  drive: 'NODE_STATE_DRIVE',
} as const;
export type NodeStoreErrorCode = (typeof NODE_STORE_ERROR_CODES)[keyof typeof NODE_STORE_ERROR_CODES];

export class NodeStoreError extends EkmsimError {
  declare readonly code: NodeStoreErrorCode;

  constructor(code: NodeStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** `e` as a NodeError: drive, Shamir and wire failures by kind; anything else is internal, its message withheld. */
export function toNodeError(e: unknown): NodeError {
  if (e instanceof NodeError) return e;
  if (e instanceof EkmsimError && NODE_CODES.has(e.code)) return new NodeError(e.code as NodeErrorCode, e.message, { cause: e });
  if (e instanceof SedLockedError) return new NodeError(NODE_ERROR_CODES.driveLocked, e.message, { cause: e });
  if (e instanceof SedIoError) return new NodeError(NODE_ERROR_CODES.ioError, e.message, { cause: e });
  if (e instanceof SedStatusError) return new NodeError(NODE_ERROR_CODES.driveSecurity, e.message, { cause: e });
  if (e instanceof ShamirError) return new NodeError(NODE_ERROR_CODES.keyUnavailable, e.message, { cause: e });
  if (e instanceof WireError) return new NodeError(NODE_ERROR_CODES.badRequest, e.message, { cause: e });
  return new NodeError(NODE_ERROR_CODES.internal, 'internal error in the node (see its log)', { cause: e });
}

/** The message of an error for a log line or a state report: ours and our libraries' never hold secrets. */
export function describeError(e: unknown): string {
  return toNodeError(e).message;
}
