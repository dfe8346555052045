/**
 * Where nodes running as their own OS process (`ekmsim node --join ws://HOST:PORT`) connect: a
 * WebSocket server whose every connection is one node's channel to the master. The handshake
 * response tells a node that says who it is (JOIN_HEADERS) its place on the simulated network.
 */
import { WebSocketServer } from 'ws';
import { JOIN_HEADERS } from '@ekmsim/node';
import { webSocketChannel, MAX_MESSAGE_CHARS, type Channel } from '@ekmsim/wire';
import type { NodeNetwork } from './network/network.js';

export interface NodeListener {
  readonly url: string;
  close(): Promise<void>;
}

export interface NodeListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly attach: (channel: Channel) => void;
  /** The network of node `nodeID` (throws for an ID that has no address). */
  readonly network?: (nodeID: number) => NodeNetwork;
}

export function listenForNodes(options: NodeListenerOptions): Promise<NodeListener> {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({ host: options.host, port: options.port, maxPayload: MAX_MESSAGE_CHARS * 4 });
    server.once('error', reject);
    server.on('headers', (headers, request) => {
      const id = Number(request.headers[JOIN_HEADERS.nodeID]);
      if (options.network === undefined || !Number.isSafeInteger(id)) return;
      try {
        const network = options.network(id);
        headers.push(`${JOIN_HEADERS.nameServer}: ${network.nameServer}`, `${JOIN_HEADERS.localAddress}: ${network.localAddress}`);
      } catch {
        // An ID without an address joins without the simulated network; `join` judges the ID.
      }
    });
    server.on('connection', (socket) => {
      socket.on('error', () => socket.terminate());
      options.attach(webSocketChannel(socket));
    });
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolve({
        url: `ws://${options.host}:${port}`,
        close: () =>
          new Promise((done) => {
            for (const client of server.clients) client.terminate();
            server.close(() => done());
          }),
      });
    });
  });
}
