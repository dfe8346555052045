/**
 * Parameter schemas: each method declares its parameters once (name, JSON type, required,
 * default, the endpoint version that introduced it); the validator below and the generated
 * method reference in docs/api.md both read the declaration, and the handler's parameter type
 * is inferred from it.
 */
import { ElementApiError } from '@ekmsim/master';
import { API_ERROR_NAMES, invalidType, missingParameter } from './errors.js';
import { versionAtLeast, type ApiVersion } from './versions.js';

export type ParamType = 'integer' | 'string' | 'boolean' | 'string[]' | 'integer[]' | 'object';

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly required?: boolean;
  /** Used when the parameter is absent (or null); documented as the default. */
  readonly default?: string | number | boolean;
  /** First endpoint version that accepts the parameter (default: the method's). */
  readonly since?: ApiVersion;
  readonly description: string;
}

type TypeOf<T extends ParamType> = T extends 'integer'
  ? number
  : T extends 'string'
    ? string
    : T extends 'boolean'
      ? boolean
      : T extends 'string[]'
        ? readonly string[]
        : T extends 'integer[]'
          ? readonly number[]
          : Readonly<Record<string, unknown>>;

type Present<P extends ParamSpec> = P extends { readonly required: true } ? true : P extends { readonly default: unknown } ? true : false;

/** The validated parameters of a method, typed from its schema. */
export type ParamsOf<S extends readonly ParamSpec[]> = {
  readonly [P in S[number] as Present<P> extends true ? P['name'] : never]: TypeOf<P['type']>;
} & {
  readonly [P in S[number] as Present<P> extends true ? never : P['name']]?: TypeOf<P['type']>;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Checks one value against its declared type; throws xInvalidParameterType naming `path`. */
function checkType(path: string, type: ParamType, value: unknown): void {
  switch (type) {
    case 'integer':
      if (!isInteger(value)) throw invalidType(path, 'integer', value);
      return;
    case 'string':
    case 'boolean':
      if (typeof value !== type) throw invalidType(path, type, value);
      return;
    case 'object':
      if (!isObject(value)) throw invalidType(path, 'object', value);
      return;
    case 'string[]':
    case 'integer[]': {
      if (!Array.isArray(value)) throw invalidType(path, 'array', value);
      const item = type === 'string[]' ? 'string' : 'integer';
      value.forEach((v, i) => checkType(`${path}[${i}]`, item, v));
      return;
    }
  }
}

/**
 * The parameters a method receives: declared ones checked and defaulted, in declaration order;
 * undeclared ones ignored, as a real cluster does. A null value counts as absent. Checks run in
 * declaration order, so the first bad parameter is the one reported.
 */
export function validateParams(specs: readonly ParamSpec[], params: Record<string, unknown>, version: ApiVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = Object.hasOwn(params, spec.name) ? params[spec.name] : undefined;
    if (value === undefined || value === null) {
      if (spec.default !== undefined) out[spec.name] = spec.default;
      else if (spec.required === true) throw missingParameter(spec.name);
      continue;
    }
    if (spec.since !== undefined && !versionAtLeast(version, spec.since)) {
      throw new ElementApiError(
        API_ERROR_NAMES.invalidParameter,
        `${spec.name}: not supported on API ${version}; use API ${spec.since} or later`,
      );
    }
    checkType(spec.name, spec.type, value);
    out[spec.name] = value;
  }
  return out;
}

/** `params` as the request gave it: absent or null → `{}`; anything but an object is a type error. */
export function requestParams(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw invalidType('params', 'object', raw);
  return raw;
}
