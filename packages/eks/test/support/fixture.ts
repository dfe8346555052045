/** A key server on a scratch data directory, with a CA, its server certificate and two clients. */
import { secureRng, systemClock, type Clock, type LogFields, type Logger, type LogLevel } from '@ekmsim/core';
import { startKeyServer, type KeyServer } from '@ekmsim/eks';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCa, type Pem } from './certs.js';
import { connectClient, type Endpoint, type TestClient } from './client.js';

export interface Pki {
  readonly ca: TestCa;
  readonly server: Pem;
  readonly alice: Pem;
  readonly bob: Pem;
  remove(): void;
}

export function makePki(): Pki {
  const ca = new TestCa('ekmsim test CA');
  return {
    ca,
    server: ca.issue('localhost', 'server'),
    alice: ca.issue('alice', 'client'),
    bob: ca.issue('bob', 'client'),
    remove: () => ca.remove(),
  };
}

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields | undefined;
}

export class MemoryLogger implements Logger {
  readonly entries: LogEntry[] = [];
  log(level: LogLevel, message: string, fields?: LogFields): void {
    this.entries.push({ level, message, fields });
  }
}

export interface Running {
  readonly server: KeyServer;
  readonly endpoint: Endpoint;
  readonly dataDir: string;
  readonly logger: MemoryLogger;
  connect(identity: Pem): Promise<TestClient>;
  stop(): Promise<void>;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'ekmsim-eks-data-'));
}

export async function runServer(pki: Pki, options: { clock?: Clock; dataDir?: string; maxMessageSize?: number } = {}): Promise<Running> {
  const dataDir = options.dataDir ?? scratchDir();
  const logger = new MemoryLogger();
  const server = await startKeyServer({
    host: '127.0.0.1',
    port: 0,
    tls: { certPem: pki.server.certPem, keyPem: pki.server.keyPem, caPem: pki.ca.certPem },
    dataDir,
    clock: options.clock ?? systemClock(),
    rng: secureRng(),
    logger,
    ...(options.maxMessageSize === undefined ? {} : { limits: { maxMessageSize: options.maxMessageSize } }),
  });
  const endpoint = { port: server.port, caPem: pki.ca.certPem };
  const clients: TestClient[] = [];
  return {
    server,
    endpoint,
    dataDir,
    logger,
    async connect(identity) {
      const c = await connectClient(endpoint, identity);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.socket.destroy();
      await server.close();
    },
  };
}

/**
 * One key server for the tests of a describe block: started before them, stopped and its data
 * directory removed after. Called at the top of the block with where its test PKI will be (made
 * in the file's own beforeAll); inside the tests the server is `running()`.
 */
export function serverForBlock(pki: () => Pki): () => Running {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await runServer(pki());
  });
  afterAll(async () => {
    if (running === undefined) return;
    await running.stop();
    removeDir(running.dataDir);
  });
  return () => {
    if (running === undefined) throw new Error('the key server of this block has not started');
    return running;
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
