/** An operation's descriptor: its Operation enumeration and its request and response payloads. */
import type { TtlvItem } from '@ekmsim/ttlv';
import { Enum } from '../registry/enums.generated.js';
import { Tag } from '../registry/tags.generated.js';
import { struct, type Infer, type Shape, type ValueCodec } from '../schema/codec.js';

export type OperationName = keyof typeof Enum.Operation;

export interface OperationSpec<Req, Res> {
  readonly name: OperationName;
  readonly code: number;
  readonly request: ValueCodec<Req>;
  readonly response: ValueCodec<Res>;
}

export function defineOperation<RQ extends Shape, RS extends Shape>(name: OperationName, request: RQ, response: RS): OperationSpec<Infer<RQ>, Infer<RS>> {
  return {
    name,
    code: Enum.Operation[name],
    request: struct(Tag.RequestPayload, request),
    response: struct(Tag.ResponsePayload, response),
  };
}

export type RequestOf<O> = O extends OperationSpec<infer Q, unknown> ? Q : never;
export type ResponseOf<O> = O extends OperationSpec<unknown, infer S> ? S : never;

/** Payload TTLV of an operation, for callers that build messages by hand. */
export type Payload = TtlvItem;
