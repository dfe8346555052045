/**
 * Reading a request body into a JSON-RPC request (element-api.md §1.3): one JSON object with
 * `method` (string), `params` (object, optional) and `id` (any JSON value, optional; echoed).
 * Other top-level members (`json-rpc` from the Java SDK, `jsonrpc`) are ignored. No
 * Content-Type is looked at. A body that is not such an object is refused with an Element
 * error object and never reaches a method.
 */
import { ElementApiError } from '@ekmsim/master';
import { API_ERROR_NAMES, renderValue } from './errors.js';

export interface RpcRequest {
  /** As sent; null when absent. */
  readonly id: unknown;
  readonly method: string;
  /** As sent (validated per method); undefined when absent. */
  readonly params: unknown;
}

export type ParsedRequest =
  | { readonly ok: true; readonly request: RpcRequest }
  | { readonly ok: false; readonly id: unknown; readonly error: ElementApiError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseRequest(body: Uint8Array): ParsedRequest {
  const fail = (id: unknown, name: string, message: string): ParsedRequest => ({ ok: false, id, error: new ElementApiError(name, message) });
  let text: string;
  try {
    text = utf8.decode(body); // a leading byte-order mark is dropped
  } catch {
    return fail(null, API_ERROR_NAMES.invalidJson, 'The request body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof SyntaxError ? `: ${e.message}` : '';
    return fail(null, API_ERROR_NAMES.invalidJson, `The request body is not valid JSON${detail}`);
  }
  if (Array.isArray(value)) return fail(null, API_ERROR_NAMES.invalidRequest, 'Batch (array) requests are not supported; send one request object.');
  if (typeof value !== 'object' || value === null) {
    return fail(null, API_ERROR_NAMES.invalidRequest, `The request must be a JSON object, not ${value === null ? 'null' : typeof value}.`);
  }
  const record = value as Record<string, unknown>;
  const id = Object.hasOwn(record, 'id') ? record.id : null;
  const method = record.method;
  if (method === undefined || method === null) return fail(id, API_ERROR_NAMES.invalidRequest, 'method: missing required member');
  if (typeof method !== 'string') return fail(id, API_ERROR_NAMES.invalidRequest, `method: expected a string but found ${renderValue(method)}`);
  return { ok: true, request: { id, method, params: record.params } };
}
