/**
 * One JSON-RPC call, from body bytes to reply text: parse, find the method on this endpoint,
 * validate its parameters against the schema, run it, wrap the result or the error in the
 * envelope. Calls that change state are logged with their outcome; an unexpected throw is logged
 * in full and answered with a generic error that carries no detail.
 */
import type { LogFields, Logger } from '@ekmsim/core';
import { ElementApiError, type Master } from '@ekmsim/master';
import { errorEnvelope, successEnvelope, type ErrorObject } from './envelope.js';
import { API_ERROR_NAMES, renderValue } from './errors.js';
import type { ApiMethod, MethodContext } from './method.js';
import type { MethodTable } from './registry.js';
import { parseRequest } from './request.js';
import { requestParams, validateParams } from './schema.js';
import type { SimControl } from './sim-control.js';
import type { ApiVersion } from './versions.js';

export interface Endpoint {
  /** `/json-rpc/12.3`, for logs. */
  readonly path: string;
  readonly table: MethodTable;
  readonly version: ApiVersion;
}

export interface DispatchEnv {
  readonly master: Master;
  readonly sim: SimControl | undefined;
  readonly logger: Logger;
  /** A number that ties a generic error reply to its log line. */
  readonly nextIncident: () => number;
}

const COMPONENT = 'API';

export async function dispatch(body: Uint8Array, endpoint: Endpoint, env: DispatchEnv, remote: string): Promise<string> {
  const parsed = parseRequest(body);
  if (!parsed.ok) {
    env.logger.log('warn', `request refused: ${parsed.error.elementName}: ${parsed.error.message}`, {
      component: COMPONENT,
      endpoint: endpoint.path,
      outcome: parsed.error.elementName,
      remote,
    });
    return errorEnvelope(parsed.id, errorObject(parsed.error));
  }
  const { id, method: name } = parsed.request;
  const method = endpoint.table.find(name, endpoint.version);
  if (method === undefined) {
    return errorEnvelope(id, { code: 500, name: API_ERROR_NAMES.unknownMethod, message: `method=${name}` });
  }
  const ctx: MethodContext = {
    master: env.master,
    sim: env.sim,
    version: endpoint.version,
    methodNames: () => endpoint.table.namesAt(endpoint.version),
  };
  let params: Readonly<Record<string, unknown>> | undefined;
  try {
    params = validateParams(method.params, requestParams(parsed.request.params), endpoint.version, method.refuseUndeclared === true);
    const reply = successEnvelope(id, await method.run(ctx, params));
    if (method.changesState) logCall(env.logger, 'info', method, id, 'ok', `${method.name} succeeded`, auditOf(method, params), endpoint, remote);
    return reply;
  } catch (e) {
    if (e instanceof ElementApiError) {
      if (method.changesState) {
        const fields = params === undefined ? {} : auditOf(method, params);
        logCall(env.logger, 'warn', method, id, e.elementName, `${method.name} failed: ${e.elementName}: ${e.message}`, fields, endpoint, remote);
      }
      return errorEnvelope(id, errorObject(e));
    }
    const incident = env.nextIncident();
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const fields = { ...(params === undefined ? {} : auditOf(method, params)), incident, stack: e instanceof Error ? e.stack : undefined };
    const message = `${method.name} failed unexpectedly (incident ${incident}): ${detail}`;
    logCall(env.logger, 'error', method, id, API_ERROR_NAMES.unexpected, message, fields, endpoint, remote);
    return errorEnvelope(id, {
      code: 500,
      name: API_ERROR_NAMES.unexpected,
      message: `Unexpected error in ${method.name}; the cluster log has the details (incident ${incident}).`,
    });
  }
}

function errorObject(e: ElementApiError): ErrorObject {
  return { code: e.httpCode, name: e.elementName, message: e.message };
}

function auditOf(method: ApiMethod, params: Readonly<Record<string, unknown>>): LogFields {
  try {
    return method.changesState ? method.audit(params) : {};
  } catch {
    return { audit: 'unavailable' };
  }
}

function logCall(
  logger: Logger,
  level: 'info' | 'warn' | 'error',
  method: ApiMethod,
  id: unknown,
  outcome: string,
  message: string,
  fields: LogFields,
  endpoint: Endpoint,
  remote: string,
): void {
  logger.log(level, message, {
    ...fields,
    component: COMPONENT,
    method: method.name,
    id: typeof id === 'number' || typeof id === 'string' ? id : renderValue(id),
    outcome,
    endpoint: endpoint.path,
    remote,
  });
}
