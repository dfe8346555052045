import { DiscoverVersions, encodeRequestMessage, Enum, enumName, Get, Tag, type ProtocolVersion, type ResponseMessage } from '@ekmsim/kmip';
import { encodeTtlv, ttlv, type TtlvItem } from '@ekmsim/ttlv';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestBytes, V1_2, V1_4, V2_0, type TestClient } from './support/client.js';
import { makePki, removeDir, runServer, type Pki, type Running } from './support/fixture.js';

let pki: Pki;
let running: Running;
let client: TestClient;

beforeAll(async () => {
  pki = makePki();
  running = await runServer(pki, { maxMessageSize: 65_536 });
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dataDir);
  pki.remove();
});

beforeEach(async () => {
  client = await running.connect(pki.alice);
});

function expectFailure(response: ResponseMessage, reason: keyof typeof Enum.ResultReason, version: ProtocolVersion): string {
  expect(response.header.protocolVersion).toEqual(version);
  expect(response.batchItems).toHaveLength(1);
  const item = response.batchItems[0]!;
  expect(item.resultStatus).toBe(Enum.ResultStatus.OperationFailed);
  expect(enumName(Tag.ResultReason, item.resultReason ?? 0)).toBe(reason);
  return item.resultMessage ?? '';
}

/** The same connection still answers a valid request. */
async function expectStillServing(c: TestClient): Promise<void> {
  await expect(c.call(DiscoverVersions, {}, V1_4)).resolves.toBeDefined();
}

/** The server still takes and serves a fresh connection. */
async function expectServerAlive(): Promise<void> {
  await expectStillServing(await running.connect(pki.alice));
}

const validRequest = (): Uint8Array => requestBytes(V1_2, [{ op: DiscoverVersions, payload: {} }]);

function message(version: ProtocolVersion | undefined, items: readonly TtlvItem[], count = items.length, tag: number = Tag.RequestMessage): Uint8Array {
  const header: TtlvItem[] = [];
  if (version !== undefined) {
    header.push(ttlv.structure(Tag.ProtocolVersion, [ttlv.integer(Tag.ProtocolVersionMajor, version.major), ttlv.integer(Tag.ProtocolVersionMinor, version.minor)]));
  }
  header.push(ttlv.integer(Tag.BatchCount, count));
  return encodeTtlv(ttlv.structure(tag, [ttlv.structure(Tag.RequestHeader, header), ...items]));
}

const batchItem = (operation: number, payload: readonly TtlvItem[] = []): TtlvItem =>
  ttlv.structure(Tag.BatchItem, [ttlv.enumeration(Tag.Operation, operation), ttlv.structure(Tag.RequestPayload, payload)]);

describe('input that cannot be framed: the connection closes', () => {
  it('closes on garbage bytes without answering', async () => {
    client.send(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(await client.next()).toBeUndefined();
    await expectServerAlive();
  });

  it('closes when the client hangs up in the middle of a message', async () => {
    const bytes = validRequest();
    client.send(bytes.subarray(0, 20));
    client.socket.end();
    expect(await client.next()).toBeUndefined();
    await client.closed;
    await expectServerAlive();
    expect(running.logger.entries.some((e) => e.message.includes('hung up mid-message'))).toBe(true);
  });

  it('answers a whole request that arrived in the same write as garbage, then closes (regression: it was lost)', async () => {
    client.send(new Uint8Array([...validRequest(), ...new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n')]));
    const response = await client.nextResponse();
    expect(response.batchItems[0]?.resultStatus).toBe(Enum.ResultStatus.Success);
    expect(await client.next()).toBeUndefined();
    await expectServerAlive();
  });

  it('answers an oversized declared length with Invalid Message (KMIP 1.0), then closes', async () => {
    client.send(Uint8Array.from([0x42, 0x00, 0x78, 0x01, 0x00, 0x20, 0x00, 0x00]));
    const text = expectFailure(await client.nextResponse(), 'InvalidMessage', { major: 1, minor: 0 });
    expect(text).toMatch(/limit/);
    expect(await client.next()).toBeUndefined();
    await expectServerAlive();
  });

  it('answers a Structure length that is not a multiple of 8 with Invalid Message, then closes', async () => {
    client.send(Uint8Array.from([0x42, 0x00, 0x78, 0x01, 0x00, 0x00, 0x00, 0x0c]));
    expectFailure(await client.nextResponse(), 'InvalidMessage', { major: 1, minor: 0 });
    expect(await client.next()).toBeUndefined();
    await expectServerAlive();
  });
});

describe('connections that never become TLS', () => {
  it('survives plain-TCP garbage instead of a ClientHello, and a reset mid-handshake', async () => {
    await new Promise<void>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port: running.endpoint.port }, () => s.write('hello, not TLS\r\n'.repeat(100)));
      s.on('error', () => undefined);
      s.on('close', () => resolve());
    });
    await new Promise<void>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port: running.endpoint.port }, () => {
        s.write(Uint8Array.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
        s.resetAndDestroy();
        resolve();
      });
      s.on('error', () => undefined);
    });
    await expectServerAlive();
    expect(running.logger.entries.some((e) => e.message.startsWith('TLS handshake failed'))).toBe(true);
  });
});

describe('framed but invalid messages: an Invalid Message response, the connection stays up', () => {
  it('answers a valid header with an undecodable body', async () => {
    client.send(Uint8Array.from([0x42, 0x00, 0x78, 0x01, 0x00, 0x00, 0x00, 0x10, 0x42, 0x00, 0x77, 0xee, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]));
    const text = expectFailure(await client.nextResponse(), 'InvalidMessage', { major: 1, minor: 0 });
    expect(text).toMatch(/not valid TTLV/);
    await expectStillServing(client);
  });

  it('answers a wrong top-level tag in the request version', async () => {
    client.send(message(V1_4, [batchItem(Enum.Operation.DiscoverVersions)], 1, Tag.ResponseMessage));
    expect(expectFailure(await client.nextResponse(), 'InvalidMessage', V1_4)).toMatch(/RequestMessage/);
    await expectStillServing(client);
  });

  it('answers a message without a Protocol Version in KMIP 1.0', async () => {
    client.send(message(undefined, [batchItem(Enum.Operation.DiscoverVersions)]));
    expectFailure(await client.nextResponse(), 'InvalidMessage', { major: 1, minor: 0 });
    await expectStillServing(client);
  });

  it('answers a Batch Count that does not match the batch items', async () => {
    client.send(message(V1_4, [batchItem(Enum.Operation.DiscoverVersions)], 2));
    expect(expectFailure(await client.nextResponse(), 'InvalidMessage', V1_4)).toMatch(/Batch Count/);
    await expectStillServing(client);
  });

  it('answers an unsupported 1.x version in the newest version below it, Invalid Message', async () => {
    client.send(message({ major: 1, minor: 5 }, [batchItem(Enum.Operation.DiscoverVersions)]));
    expect(expectFailure(await client.nextResponse(), 'InvalidMessage', V1_4)).toMatch(/1\.5 is not supported/);
    await expectStillServing(client);
  });

  it('answers an unsupported 2.x or later version in 2.0, Unsupported Protocol Version', async () => {
    for (const v of [{ major: 2, minor: 1 }, { major: 3, minor: 0 }]) {
      client.send(message(v, [batchItem(Enum.Operation.DiscoverVersions)]));
      expectFailure(await client.nextResponse(), 'UnsupportedProtocolVersion', V2_0);
    }
    await expectStillServing(client);
  });

  it('answers an unknown operation with Operation Not Supported, echoing the operation', async () => {
    client.send(message(V1_4, [batchItem(0x99)]));
    const response = await client.nextResponse();
    expectFailure(response, 'OperationNotSupported', V1_4);
    expect(response.batchItems[0]!.operation).toBe(0x99);
    await expectStillServing(client);
  });

  it('answers a payload of the wrong shape with Invalid Message for that batch item', async () => {
    client.send(message(V2_0, [batchItem(Get.code, [ttlv.integer(Tag.UniqueIdentifier, 7)])]));
    const response = await client.nextResponse();
    expect(expectFailure(response, 'InvalidMessage', V2_0)).toMatch(/UniqueIdentifier/);
    expect(response.batchItems[0]!.operation).toBe(Get.code);
    await expectStillServing(client);
  });

  it('answers a request message whose batch item has no operation', async () => {
    client.send(message(V1_2, [ttlv.structure(Tag.BatchItem, [ttlv.structure(Tag.RequestPayload, [])])]));
    expectFailure(await client.nextResponse(), 'InvalidMessage', V1_2);
    await expectStillServing(client);
  });

  it('answers a valid request sent right after an invalid one in the same write', async () => {
    const bad = encodeTtlv(encodeRequestMessage({ header: { protocolVersion: { major: 2, minor: 9 }, batchCount: 1 }, batchItems: [{ operation: DiscoverVersions.code, payload: ttlv.structure(Tag.RequestPayload, []) }] }));
    const both = new Uint8Array(bad.length + validRequest().length);
    both.set(bad);
    both.set(validRequest(), bad.length);
    client.send(both);
    expectFailure(await client.nextResponse(), 'UnsupportedProtocolVersion', V2_0);
    expect((await client.nextResponse()).batchItems[0]!.resultStatus).toBe(Enum.ResultStatus.Success);
  });
});
