/** A key server of any vendor personality on a scratch directory, and the checks vendor tests share. */
import { secureRng, systemClock, type Clock } from '@ekmsim/core';
import { startKeyServer, type KeyServer, type KeyServerAdmin, type MemberAddress, type VendorName } from '@ekmsim/eks';
import { Create, DiscoverVersions, Enum, type ResponseBatchItem } from '@ekmsim/kmip';
import { expect } from 'vitest';
import type { Pem } from './certs.js';
import { connectClient, requestBytes, V1_4, type ClientOptions, type Endpoint, type TestClient } from './client.js';
import { MemoryLogger, scratchDir } from './fixture.js';
import { createAes } from './requests.js';

export interface ServerPki {
  /** The server's certificate and key. */
  readonly server: Pem;
  /** The CA(s) client certificates must chain to, which also verify the server. */
  readonly caPem: string;
  readonly caKeyPem?: string;
}

export interface VendorOptions {
  readonly vendor: VendorName;
  readonly dataDir?: string;
  readonly additionalMembers?: readonly MemberAddress[];
  readonly clock?: Clock;
}

export interface VendorServer {
  readonly server: KeyServer;
  readonly admin: KeyServerAdmin;
  readonly dataDir: string;
  readonly logger: MemoryLogger;
  endpoint(member?: number): Endpoint;
  connect(identity: Pem, member?: number, extra?: ClientOptions): Promise<TestClient>;
  /** Log messages that refused or dropped a client. */
  refusals(): string[];
  stop(): Promise<void>;
}

export async function startVendor(pki: ServerPki, options: VendorOptions): Promise<VendorServer> {
  const dataDir = options.dataDir ?? scratchDir();
  const logger = new MemoryLogger();
  const server = await startKeyServer({
    host: '127.0.0.1',
    port: 0,
    tls: { certPem: pki.server.certPem, keyPem: pki.server.keyPem, caPem: pki.caPem, ...(pki.caKeyPem === undefined ? {} : { caKeyPem: pki.caKeyPem }) },
    dataDir,
    clock: options.clock ?? systemClock(),
    rng: secureRng(),
    logger,
    vendor: options.vendor,
    ...(options.additionalMembers === undefined ? {} : { additionalMembers: options.additionalMembers }),
  });
  const clients: TestClient[] = [];
  const endpoint = (member = 0): Endpoint => ({ port: server.members[member]!.port, caPem: pki.caPem });
  return {
    server,
    admin: server.admin,
    dataDir,
    logger,
    endpoint,
    async connect(identity, member = 0, extra = {}) {
      const c = await connectClient(endpoint(member), identity, extra);
      clients.push(c);
      return c;
    },
    refusals: () => logger.entries.filter((e) => /^(client refused|connection refused|connection dropped)/.test(e.message)).map((e) => e.message),
    async stop() {
      for (const c of clients) c.socket.destroy();
      await server.close();
    },
  };
}

/** The server must not serve this client: the handshake fails, or the connection closes unanswered. */
export async function expectRefused(endpoint: Endpoint, identity: Pem, extra: ClientOptions = {}): Promise<void> {
  let client;
  try {
    client = await connectClient(endpoint, identity, extra);
  } catch {
    return;
  }
  client.send(requestBytes(V1_4, [{ op: DiscoverVersions, payload: {} }]));
  expect(await client.next()).toBeUndefined();
}

/** Creates a key and returns its Unique Identifier. */
export async function createKey(client: TestClient, name?: string): Promise<string> {
  return (await client.call(Create, createAes(name), V1_4)).uniqueIdentifier;
}

/** The raw first batch item of a Create: status, reason and message as the server sent them. */
export async function createItem(client: TestClient): Promise<ResponseBatchItem> {
  const response = await client.batch(V1_4, [{ op: Create, payload: createAes() }]);
  return response.batchItems[0]!;
}

/** Expects a failed item with exactly this status, reason and message. */
export function expectFailure(item: ResponseBatchItem, status: keyof typeof Enum.ResultStatus, reason: keyof typeof Enum.ResultReason, message: string | RegExp): void {
  expect(item.resultStatus).toBe(Enum.ResultStatus[status]);
  expect(item.resultReason).toBe(Enum.ResultReason[reason]);
  if (typeof message === 'string') expect(item.resultMessage).toBe(message);
  else expect(item.resultMessage).toMatch(message);
}

/** Expects `fn` to throw (or reject with) a KeyServerAdminError of `code`. */
export async function expectAdminError(fn: () => unknown, code: string): Promise<void> {
  // A sync throw and a rejection both count.
  await expect(Promise.resolve().then(fn)).rejects.toMatchObject({ name: 'KeyServerAdminError', code });
}
