/**
 * Reading a request body with a size limit. Past the limit the bytes are counted and dropped,
 * so an honest client that sent too much still reads the 413 reply; past eight times the limit
 * (or when Content-Length announces that much) reading stops and the connection is closed.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly kind: 'ok'; readonly bytes: Buffer }
  | { readonly kind: 'tooLarge'; readonly size: number; readonly drained: boolean }
  | { readonly kind: 'aborted' };

const DRAIN_FACTOR = 8;

/** `keep: false` reads and drops everything (requests answered without looking at the body). */
export function readBody(req: IncomingMessage, maxBytes: number, keep = true): Promise<BodyResult> {
  const hardCap = maxBytes * DRAIN_FACTOR;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > hardCap) {
    req.pause();
    return Promise.resolve({ kind: 'tooLarge', size: declared, drained: false });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > hardCap) {
        req.pause();
        settle({ kind: 'tooLarge', size, drained: false });
      } else if (keep && size <= maxBytes) {
        chunks.push(chunk);
      } else {
        chunks.length = 0;
      }
    });
    req.on('end', () => settle(size > maxBytes && keep ? { kind: 'tooLarge', size, drained: true } : { kind: 'ok', bytes: Buffer.concat(chunks) }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}
