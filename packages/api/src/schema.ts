/**
 * Parameter schemas: each method declares its parameters once (name, JSON type, required,
 * default, integer bounds, the endpoint version that introduced it); the validator below and the generated
 * method reference in docs/api.md both read the declaration, and the handler's parameter type
 * is inferred from it.
 */
import { ElementApiError } from '@ekmsim/master';
import { API_ERROR_NAMES, invalidType, missingParameter, renderValue } from './errors.js';
import { versionAtLeast, type ApiVersion } from './versions.js';

export type ParamType = 'integer' | 'string' | 'boolean' | 'string[]' | 'integer[]' | 'object' | 'NewDrive[]';

/** The drive types AddDrives accepts (SDK `NewDrive.type`); without one the cluster chooses. */
export const NEW_DRIVE_TYPES = ['slice', 'block', 'volume'] as const;
export type NewDriveType = (typeof NEW_DRIVE_TYPES)[number];

/** An AddDrives item. A bare driveID (Ansible's form) is read as `{driveID}`. */
export interface NewDrive {
  readonly driveID: number;
  readonly type?: NewDriveType;
}

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly required?: boolean;
  /** Used when the parameter is absent (or null); documented as the default. */
  readonly default?: string | number | boolean;
  /** First endpoint version that accepts the parameter (default: the method's). */
  readonly since?: ApiVersion;
  /** Smallest and largest value of an integer parameter (xInvalidParameter outside). */
  readonly min?: number;
  readonly max?: number;
  /** The only values a string parameter takes (xInvalidParameter otherwise). */
  readonly values?: readonly string[];
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
          : T extends 'NewDrive[]'
            ? readonly NewDrive[]
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

/** Checks one value against its declared type and returns it (NewDrive items normalised); throws xInvalidParameterType naming `path`. */
function checkType(path: string, type: ParamType, value: unknown): unknown {
  switch (type) {
    case 'integer':
      if (!isInteger(value)) throw invalidType(path, 'integer', value);
      return value;
    case 'string':
    case 'boolean':
      if (typeof value !== type) throw invalidType(path, type, value);
      return value;
    case 'object':
      if (!isObject(value)) throw invalidType(path, 'object', value);
      return value;
    case 'string[]':
    case 'integer[]': {
      if (!Array.isArray(value)) throw invalidType(path, 'array', value);
      const item = type === 'string[]' ? 'string' : 'integer';
      value.forEach((v, i) => checkType(`${path}[${i}]`, item, v));
      return value;
    }
    case 'NewDrive[]':
      if (!Array.isArray(value)) throw invalidType(path, 'array', value);
      return value.map((v, i) => newDrive(`${path}[${i}]`, v));
  }
}

/** `{driveID, type?}` or a bare driveID; anything else is a type error naming the item. */
function newDrive(path: string, value: unknown): NewDrive {
  if (isInteger(value)) return { driveID: value };
  if (!isObject(value)) throw invalidType(path, 'integer or object', value);
  const { driveID, type } = value;
  if (driveID === undefined || driveID === null) throw missingParameter(`${path}.driveID`);
  if (!isInteger(driveID)) throw invalidType(`${path}.driveID`, 'integer', driveID);
  if (type === undefined || type === null) return { driveID };
  if (typeof type !== 'string') throw invalidType(`${path}.type`, 'string', type);
  if (!isNewDriveType(type)) {
    const allowed = NEW_DRIVE_TYPES.map((t) => JSON.stringify(t)).join(', ');
    throw new ElementApiError(API_ERROR_NAMES.invalidParameter, `${path}.type: expected one of ${allowed} but found ${renderValue(type)}`);
  }
  return { driveID, type };
}

const isNewDriveType = (text: string): text is NewDriveType => (NEW_DRIVE_TYPES as readonly string[]).includes(text);

/** An integer outside its declared bounds: `blocks: must be from 1 to 256 but found 0`. */
function checkRange(spec: ParamSpec, value: number): void {
  const { min, max } = spec;
  if ((min === undefined || value >= min) && (max === undefined || value <= max)) return;
  const bounds = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${String(max)}`;
  throw new ElementApiError(API_ERROR_NAMES.invalidParameter, `${spec.name}: must be ${bounds} but found ${value}`);
}

/** A string outside its declared values: `faultTypes: expected one of "current", "resolved", "all" but found "x"`. */
function checkValues(spec: ParamSpec, value: string): void {
  if (spec.values === undefined || spec.values.includes(value)) return;
  const allowed = spec.values.map((v) => JSON.stringify(v)).join(', ');
  throw new ElementApiError(API_ERROR_NAMES.invalidParameter, `${spec.name}: expected one of ${allowed} but found ${renderValue(value)}`);
}

/**
 * The parameters a method receives: declared ones checked and defaulted, in declaration order;
 * undeclared ones ignored, as a real cluster does, unless `refuseUndeclared` (SetConstants: a
 * misspelt constant must not pass silently). A null value counts as absent. Checks run in
 * declaration order, so the first bad parameter is the one reported.
 */
export function validateParams(specs: readonly ParamSpec[], params: Record<string, unknown>, version: ApiVersion, refuseUndeclared = false): Record<string, unknown> {
  if (refuseUndeclared) {
    const unknown = Object.keys(params).find((name) => !specs.some((s) => s.name === name));
    if (unknown !== undefined) {
      throw new ElementApiError(API_ERROR_NAMES.invalidParameter, `${unknown}: unknown parameter (expected ${specs.map((s) => s.name).join(', ')})`);
    }
  }
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
    const checked = checkType(spec.name, spec.type, value);
    if (typeof checked === 'number') checkRange(spec, checked);
    if (typeof checked === 'string') checkValues(spec, checked);
    out[spec.name] = checked;
  }
  return out;
}

/** `params` as the request gave it: absent or null → `{}`; anything but an object is a type error. */
export function requestParams(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw invalidType('params', 'object', raw);
  return raw;
}
