/**
 * The HTTPS server: Basic auth on every request, then `POST /json-rpc/<version>` for every
 * version GetAPI lists and `POST /sim/json-rpc/1.0` (when a SimControl is given). Any other
 * path is a 404 page, any other HTTP method on those paths a 405. API answers, errors included,
 * are HTTP 200; an oversized body is HTTP 413 with an Element error object.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { silentLogger, type Clock, type Logger, type Rng } from '@ekmsim/core';
import type { Master } from '@ekmsim/master';
import { dispatch, type DispatchEnv, type Endpoint } from './dispatch.js';
import { errorEnvelope } from './envelope.js';
import { API_ERROR_NAMES } from './errors.js';
import { basicAuthChecker, type Credentials } from './http/auth.js';
import { readBody } from './http/body.js';
import { sendJson, sendPage } from './http/pages.js';
import { ELEMENT_METHODS, SIM_METHODS } from './methods/index.js';
import { MethodTable } from './registry.js';
import { ApiServerError } from './server-error.js';
import type { SimControl } from './sim-control.js';
import { loadOrCreateTlsIdentity } from './tls-identity.js';
import { isApiVersion } from './versions.js';

export interface ApiServerOptions {
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Where the self-signed certificate is kept (`api-tls.pem`, `api-tls.key`). */
  readonly dataDir: string;
  readonly credentials: Credentials;
  readonly master: Master;
  /** Serves `/sim/json-rpc/1.0` when given. */
  readonly sim?: SimControl;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger?: Logger;
  /** Largest request body accepted, default 2 MiB (WriteBlocks' largest call is 1.4 MB of base64). */
  readonly maxBodyBytes?: number;
}

export interface ApiServer {
  /** `https://127.0.0.1:8443`; the Element API is at `${url}/json-rpc/12.3`. */
  readonly url: string;
  readonly port: number;
  /** SHA-256 fingerprint of the server certificate, for clients that want to pin it. */
  readonly certificateFingerprint: string;
  /** Stops listening, lets calls in progress finish, then closes every connection. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 2 * 1_048_576;
export const SIM_API_PATH = '/sim/json-rpc/1.0';

const elementTable = new MethodTable(ELEMENT_METHODS);
const simTable = new MethodTable(SIM_METHODS);

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new ApiServerError('INVALID_OPTION', `maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  }
  const tls = await loadOrCreateTlsIdentity(options.dataDir, { clock: options.clock, rng: options.rng, logger });
  const checkAuth = basicAuthChecker(options.credentials);
  let incidents = 0;
  const env: DispatchEnv = { master: options.master, sim: options.sim, logger, nextIncident: () => ++incidents };
  const inFlight = new Set<Promise<void>>();

  const route = (path: string): Endpoint | undefined => {
    if (path === SIM_API_PATH) return options.sim === undefined ? undefined : { path, table: simTable, version: '1.0' };
    const m = /^\/json-rpc\/(\d+\.\d+)$/.exec(path);
    return m?.[1] !== undefined && isApiVersion(m[1]) ? { path, table: elementTable, version: m[1] } : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const verdict = checkAuth(req.headers.authorization);
    const path = new URL(req.url ?? '/', 'https://cluster').pathname;
    const endpoint = verdict.ok ? route(path) : undefined;
    if (!verdict.ok || endpoint === undefined || req.method !== 'POST') {
      if (!verdict.ok) logger.log('warn', 'authentication failed', { component: 'API', remote, username: verdict.username, path });
      const body = await readBody(req, maxBodyBytes, false);
      if (body.kind === 'aborted') return;
      sendPage(res, !verdict.ok ? 401 : endpoint === undefined ? 404 : 405, body.kind !== 'ok');
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (body.kind === 'tooLarge') {
      logger.log('warn', `request refused: body of ${body.size} bytes exceeds ${maxBodyBytes}`, { component: 'API', remote, endpoint: path, outcome: API_ERROR_NAMES.requestTooLarge });
      const message = `The request body exceeds the ${maxBodyBytes}-byte limit.`;
      sendJson(res, 413, errorEnvelope(null, { code: 500, name: API_ERROR_NAMES.requestTooLarge, message }), !body.drained);
      return;
    }
    sendJson(res, 200, await dispatch(body.bytes, endpoint, env, remote));
  };

  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem, minVersion: 'TLSv1.2' }, (req, res) => {
    const done = handle(req, res)
      .catch((e: unknown) => {
        // dispatch answers every API failure itself; this is the HTTP plumbing failing.
        logger.log('error', `request handling failed: ${e instanceof Error ? e.message : String(e)}`, { component: 'API' });
        if (!res.headersSent) res.writeHead(500, { Connection: 'close' }).end();
        else res.destroy();
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  server.on('tlsClientError', (e) => logger.log('debug', `TLS handshake failed: ${e.message}`, { component: 'API' }));
  const port = await listen(server, host, options.port);
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.log('info', `Element API listening on ${url}`, { component: 'API', fingerprint: tls.fingerprintSha256 });
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    certificateFingerprint: tls.fingerprintSha256,
    close: () => (closing ??= shutdown(server, inFlight, logger)),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(new ApiServerError('LISTEN', `cannot listen on ${host}:${port}: ${e.message}`, { cause: e }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

async function shutdown(server: Server, inFlight: Set<Promise<void>>, logger: Logger): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await Promise.allSettled([...inFlight]);
  server.closeAllConnections();
  await closed;
  logger.log('info', 'Element API stopped', { component: 'API' });
}
