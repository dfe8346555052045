/**
 * The page and its WebSocket on one HTTP port: `/` the page, `/style.css`, `/app/NAME.js` its
 * compiled modules, `/ws` the WebSocket. Everything is served from the package itself (no CDN;
 * the Content-Security-Policy allows nothing else), so the page works offline.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const PAGE_DIR = new URL('../web/', import.meta.url);
const MODULES_DIR = new URL('./web/web/', import.meta.url);
const MODULE_NAME = /^\/app\/([a-z0-9-]+\.js)$/;
/** A page's message is small; anything bigger is not one. */
const MAX_MESSAGE_BYTES = 64 * 1024;

const HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
};

export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface PageServerOptions {
  readonly host: string;
  readonly port: number;
  /** A page connected; `send` reaches that page only. */
  readonly onConnection: (socket: WebSocket) => void;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const http: Server = createServer((req, res) => void serve(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  http.on('upgrade', (req, socket, head) => {
    if (req.url !== '/ws') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => options.onConnection(ws));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain; charset=utf-8', 'only GET\n');
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const module = MODULE_NAME.exec(path)?.[1];
  const file =
    path === '/' || path === '/index.html'
      ? { url: new URL('index.html', PAGE_DIR), type: 'text/html; charset=utf-8' }
      : path === '/style.css'
        ? { url: new URL('style.css', PAGE_DIR), type: 'text/css; charset=utf-8' }
        : module !== undefined
          ? { url: new URL(module, MODULES_DIR), type: 'text/javascript; charset=utf-8' }
          : undefined;
  if (file === undefined) return reply(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  try {
    reply(res, 200, file.type, await readFile(file.url));
  } catch {
    reply(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }
}

function reply(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
