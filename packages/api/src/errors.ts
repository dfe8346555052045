/**
 * The exception names the API layer itself raises, before or around the master. Every name a
 * client can see is listed in docs/api.md. The first four are attested on real clusters
 * (element-api.md §1.5-1.6); the request-level ones are the simulator's own, because no public
 * source shows what a real cluster answers to a body that is not a JSON-RPC request.
 */
import { ElementApiError } from '@ekmsim/master';

export const API_ERROR_NAMES = {
  /** No such method on this endpoint (or on any). */
  unknownMethod: 'xUnknownAPIMethod',
  /** A parameter (or `params` itself) has the wrong JSON type. */
  invalidType: 'xInvalidParameterType',
  /** A required parameter is missing, or one is given that this endpoint version lacks. */
  invalidParameter: 'xInvalidParameter',
  /** Anything the code did not expect (a bug): the details go to the log, never to the client. */
  unexpected: 'xAssertionFailure',
  /** Simulator-defined: the body is not JSON (or not UTF-8). */
  invalidJson: 'xInvalidJSON',
  /** Simulator-defined: JSON, but not a request object (array/batch, scalar, no method). */
  invalidRequest: 'xInvalidRequest',
  /** Simulator-defined: the body is larger than the server accepts (HTTP 413). */
  requestTooLarge: 'xRequestTooLarge',
} as const;

export type ApiErrorName = (typeof API_ERROR_NAMES)[keyof typeof API_ERROR_NAMES];

/** Longest rendering of a wrong value quoted in a type error; longer ones are cut with "…". */
const MAX_FOUND_CHARS = 80;

/** `keyServerID: Invalid type: expected integer but found "x"` (the value JSON-encoded). */
export function invalidType(path: string, expected: string, found: unknown): ElementApiError {
  return new ElementApiError(API_ERROR_NAMES.invalidType, `${path}: Invalid type: expected ${expected} but found ${renderValue(found)}`);
}

/** A JSON value as a message quotes it: JSON-encoded, cut after 80 characters. */
export function renderValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_FOUND_CHARS ? `${text.slice(0, MAX_FOUND_CHARS)}…` : text;
}

/** `keyServerID: missing required parameter`. */
export function missingParameter(name: string): ElementApiError {
  return new ElementApiError(API_ERROR_NAMES.invalidParameter, `${name}: missing required parameter`);
}
