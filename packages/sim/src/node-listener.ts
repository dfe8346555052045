/**
 * Where nodes running as their own OS process (`ekmsim node --join ws://HOST:PORT`) connect: a
 * WebSocket server whose every connection is one node's channel to the master.
 */
import { WebSocketServer } from 'ws';
import { webSocketChannel, MAX_MESSAGE_CHARS, type Channel } from '@ekmsim/wire';

export interface NodeListener {
  readonly url: string;
  close(): Promise<void>;
}

export function listenForNodes(options: { readonly host: string; readonly port: number; readonly attach: (channel: Channel) => void }): Promise<NodeListener> {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({ host: options.host, port: options.port, maxPayload: MAX_MESSAGE_CHARS * 4 });
    server.once('error', reject);
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
