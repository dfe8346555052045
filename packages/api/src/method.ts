/**
 * What an API method is: its name, the endpoint version that introduced it, its parameter
 * schema, whether it changes state (and so is logged), what it returns and the exceptions it
 * can raise (both for docs/api.md), and the handler.
 */
import type { LogFields } from '@ekmsim/core';
import type { Master } from '@ekmsim/master';
import type { ParamSpec, ParamsOf } from './schema.js';
import type { SimControl } from './sim-control.js';
import type { ApiVersion } from './versions.js';

/** A method's `result`: always an object, `{}` when there is nothing to return. */
export type MethodResult = Readonly<Record<string, unknown>>;

export interface MethodContext {
  readonly master: Master;
  /** Present on the simulator's control endpoint. */
  readonly sim: SimControl | undefined;
  /** The endpoint version the request came in on (`/json-rpc/<version>`). */
  readonly version: ApiVersion;
  /** The names of the methods this endpoint serves, sorted (GetAPI). */
  readonly methodNames: () => readonly string[];
}

export interface ApiMethod {
  readonly name: string;
  readonly since: ApiVersion;
  readonly params: readonly ParamSpec[];
  readonly changesState: boolean;
  /** The result's members, for the docs (`kmipKeyServer`: KeyServerKmip). */
  readonly result: string;
  /** Method-specific exception names, for the docs (request-level ones apply to every method). */
  readonly errors: readonly string[];
  readonly description: string;
  /** Undeclared parameters are refused (xInvalidParameter) instead of ignored. */
  readonly refuseUndeclared?: boolean;
  run(ctx: MethodContext, params: Readonly<Record<string, unknown>>): Promise<MethodResult>;
  /** Log fields that describe the call without secrets (certificates by subject and fingerprint). */
  audit(params: Readonly<Record<string, unknown>>): LogFields;
}

export interface MethodDefinition<S extends readonly ParamSpec[]> {
  readonly name: string;
  readonly since: ApiVersion;
  readonly params: S;
  readonly changesState: boolean;
  readonly result: string;
  readonly errors: readonly string[];
  readonly description: string;
  readonly refuseUndeclared?: boolean;
  readonly run: (ctx: MethodContext, params: ParamsOf<S>) => Promise<MethodResult> | MethodResult;
  readonly audit?: (params: ParamsOf<S>) => LogFields;
}

/** Erases a definition's parameter type once the schema has fixed it. */
export function defineMethod<const S extends readonly ParamSpec[]>(def: MethodDefinition<S>): ApiMethod {
  const { run, audit, ...rest } = def;
  return {
    ...rest,
    run: async (ctx, params) => run(ctx, params as ParamsOf<S>),
    audit: (params) => (audit === undefined ? {} : audit(params as ParamsOf<S>)),
  };
}

/** The result of a method with nothing to return (Test*, Delete*, Enable…, the EKM assignment methods, the power switches). */
export const EMPTY_RESULT: MethodResult = Object.freeze({});
