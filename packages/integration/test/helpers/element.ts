/**
 * An Element JSON-RPC client written only from the public API reference: POST a JSON-RPC object
 * to https://HOST/json-rpc/<version> with HTTP Basic auth, certificate not verified (clusters
 * serve a self-signed one), and read `result` or `error` from the reply.
 */
import { request } from 'node:https';

export interface ElementReply {
  status: number;
  body: string;
  json?: { id?: unknown; result?: Record<string, unknown>; error?: { code: number; name: string; message: string } };
}

export function postJson(url: string, body: string, auth = 'admin:admin'): Promise<ElementReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', auth, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let json: ElementReply['json'];
        try {
          json = JSON.parse(text) as ElementReply['json'];
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body: text, ...(json === undefined ? {} : { json }) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export class ElementError extends Error {
  constructor(
    readonly elementName: string,
    message: string,
  ) {
    super(`${elementName}: ${message}`);
  }
}

/** Calls `method` and returns its result, or throws ElementError with the error's name. */
export async function element(base: string, method: string, params: Record<string, unknown> = {}, path = '/json-rpc/12.3'): Promise<Record<string, unknown>> {
  const reply = await postJson(base + path, JSON.stringify({ id: 1, method, params }));
  if (reply.status !== 200 || reply.json === undefined) throw new Error(`${method}: HTTP ${reply.status}: ${reply.body.slice(0, 200)}`);
  if (reply.json.error !== undefined) throw new ElementError(reply.json.error.name, reply.json.error.message);
  return reply.json.result ?? {};
}

/** The Element exception name `call` fails with (fails the test if it succeeds). */
export async function elementErrorName(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof ElementError) return e.elementName;
    throw e;
  }
  throw new Error('expected an Element API error, the call succeeded');
}
