/**
 * A client as the SDKs are: node:https, certificate not verified, HTTP Basic auth, no
 * Content-Type unless a test sets one. Returns the raw reply so tests can check bytes.
 */
import { request } from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly peerCertificate: PeerCertificate;
}

export interface PostOptions {
  /** `user:password`; null sends no Authorization header. Default `admin:admin`. */
  readonly auth?: string | null;
  readonly method?: string;
  readonly headers?: Record<string, string>;
}

export function send(url: string, body: string | Buffer, options: PostOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const auth = options.auth === undefined ? 'admin:admin' : options.auth;
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        rejectUnauthorized: false,
        agent: false,
        headers: options.headers ?? {},
        ...(auth === null ? {} : { auth }),
      },
      (res) => {
        const peerCertificate = (res.socket as TLSSocket).getPeerCertificate();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), peerCertificate }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface Envelope {
  readonly id?: unknown;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly message: string; readonly name: string };
}

/** An error envelope's `error`, failing the test if the call succeeded. */
export function errorOf(reply: Reply): { code: number; message: string; name: string } {
  const env = JSON.parse(reply.body) as Envelope;
  if (env.error === undefined) throw new Error(`expected an error, got ${reply.body.slice(0, 300)}`);
  return env.error;
}
