/**
 * The runner talks to the simulation the way an administrator's tools do: JSON-RPC over HTTPS
 * (the Element API and the control API), HTTP Basic, the cluster's self-signed certificate not
 * verified (as the official SDKs do).
 */
import { request } from 'node:https';

export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly elementName: string,
    message: string,
  ) {
    super(message);
  }
}

export type ApiCall = (method: string, params?: Readonly<Record<string, unknown>>) => Promise<Record<string, unknown>>;

export function jsonRpc(url: string, auth: string): ApiCall {
  let id = 0;
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ id: ++id, method, params });
      const req = request(url, { method: 'POST', auth, rejectUnauthorized: false, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let reply: { result?: Record<string, unknown>; error?: { name: string; message: string } };
          try {
            reply = JSON.parse(text) as typeof reply;
          } catch {
            reject(new Error(`${method}: HTTP ${res.statusCode ?? 0}: ${text.slice(0, 200)}`));
            return;
          }
          if (reply.error !== undefined) reject(new ApiCallError(reply.error.name, reply.error.message));
          else resolve(reply.result ?? {});
        });
      });
      req.on('error', reject);
      req.end(body);
    });
}
