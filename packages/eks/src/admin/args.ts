/**
 * Checks an admin method's arguments as what they are at run time: JSON from a control API or
 * a CLI, whatever the TypeScript types say. Each failure names the method and the field.
 */
import { KeyServerAdminError } from '../errors.js';

export type Args = Readonly<Record<string, unknown>>;

function invalid(method: string, message: string): KeyServerAdminError {
  return new KeyServerAdminError('INVALID_ARGUMENT', `${method}: ${message}`);
}

/** The argument object, holding no field but `allowed` (a misspelt field is an error, not ignored). */
export function argsObject(method: string, args: unknown, allowed: readonly string[], optional = false): Args {
  if (args === undefined && optional) return {};
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw invalid(method, 'expects an object of arguments');
  for (const key of Object.keys(args)) {
    if (!allowed.includes(key)) throw invalid(method, `unknown argument ${JSON.stringify(key)} (takes ${allowed.length === 0 ? 'none' : allowed.join(', ')})`);
  }
  return args as Args;
}

/** A non-empty single-line string without control characters or surrounding blanks. */
export function textArg(method: string, args: Args, field: string, maxLength = 256): string {
  const v = args[field];
  if (typeof v !== 'string') throw invalid(method, `${field} must be a string`);
  if (v.length === 0) throw invalid(method, `${field} must not be empty`);
  if (v.length > maxLength) throw invalid(method, `${field} is longer than ${maxLength} characters`);
  if (/\p{Cc}/u.test(v)) throw invalid(method, `${field} must not contain control characters`);
  if (v.trim() !== v) throw invalid(method, `${field} must not begin or end with blanks`);
  return v;
}

export function optionalTextArg(method: string, args: Args, field: string, maxLength = 256): string | undefined {
  return args[field] === undefined ? undefined : textArg(method, args, field, maxLength);
}

/** A string of any content (PEM text, base64), bounded in size. */
export function blobArg(method: string, args: Args, field: string, maxLength: number): string {
  const v = args[field];
  if (typeof v !== 'string' || v.length === 0) throw invalid(method, `${field} must be a non-empty string`);
  if (v.length > maxLength) throw invalid(method, `${field} is longer than ${maxLength} characters`);
  return v;
}

export function boolArg(method: string, args: Args, field: string): boolean {
  const v = args[field];
  if (typeof v !== 'boolean') throw invalid(method, `${field} must be true or false`);
  return v;
}

export function optionalIntArg(method: string, args: Args, field: string, min: number, max: number): number | undefined {
  const v = args[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(method, `${field} must be a whole number from ${min} to ${max}`);
  return v;
}

export function oneOfArg<T extends string>(method: string, args: Args, field: string, choices: readonly T[]): T {
  const v = args[field];
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) throw invalid(method, `${field} must be one of ${choices.join(', ')}`);
  return v as T;
}

export { invalid as invalidArgument };
