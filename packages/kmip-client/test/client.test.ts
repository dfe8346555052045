import { SimulatedClock } from '@ekmsim/core';
import { Activate, attr, Check, Create, DeleteAttribute, Enum, readSymmetricKey, Register, Tag, type RequestMessage } from '@ekmsim/kmip';
import {
  attributesToJson,
  KmipClient,
  KmipResultError,
  KmipTransportError,
  memoryTransportPair,
  requestItem,
  transportErrorFrom,
  type KmipClientOptions,
  type KmipServerAddress,
} from '@ekmsim/kmip-client';
import { encodeTtlv } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';
import { answer, answerAll, encodeResponse, flush, KEY_MATERIAL, serveMemory, type ReceivedRequest } from './support/fake-kmip.js';

const START = 1_700_000_000_000;

/** A client wired to in-memory fake servers; `onRequest` decides how each request is answered. */
function setup(onRequest: (r: ReceivedRequest) => void = answerAll, options: Partial<KmipClientOptions> = {}) {
  const clock = new SimulatedClock(START);
  const requests: RequestMessage[] = [];
  const connects: string[] = [];
  const serverClosed: Promise<void>[] = [];
  const client = new KmipClient({
    servers: [{ host: 'kmip.test' }],
    clock,
    connect: (server) => {
      connects.push(server.host);
      const [clientEnd, serverEnd] = memoryTransportPair({ server: `${server.host}:${server.port}` });
      serverClosed.push(
        serveMemory(serverEnd, (r) => {
          requests.push(r.message);
          onRequest(r);
        }).closed,
      );
      return Promise.resolve(clientEnd);
    },
    ...options,
  });
  return { client, clock, requests, connects, serverClosed };
}

/** The Name Value of a Create request (tests use it to tell requests apart). */
function nameOf(req: RequestMessage): string {
  const item = req.batchItems[0]!;
  const attrs = Create.request.fromItem(item.payload, { version: req.header.protocolVersion }).attributes ?? [];
  const name = attrs.find((a) => a.name === 'Name')!.value;
  const value = name.type === 'Structure' ? name.value.find((c) => c.tag === Tag.NameValue) : undefined;
  return value?.type === 'TextString' ? value.value : '';
}

const createdAs = (r: ReceivedRequest): void => r.reply(answer(r.message, [{ payload: { objectType: Enum.ObjectType.SymmetricKey, uniqueIdentifier: `uid-${nameOf(r.message)}` } }]));

describe('request header', () => {
  it('carries version 1.2, the clock time stamp and the batch count, with no batch ID for one item', async () => {
    const { client, requests } = setup();
    expect(await client.create({ name: 'k' })).toBe('1');
    const header = requests[0]!.header;
    expect(header.protocolVersion).toEqual({ major: 1, minor: 2 });
    expect(header.timeStamp).toBe(BigInt(START / 1000));
    expect(header.batchCount).toBe(1);
    expect(requests[0]!.batchItems[0]!.uniqueBatchItemId).toBeUndefined();
  });

  it('speaks the version it is given', async () => {
    const { client, requests } = setup(answerAll, { version: '2.0' });
    await client.create({ name: 'k' });
    expect(requests[0]!.header.protocolVersion).toEqual({ major: 2, minor: 0 });
    expect(requests[0]!.batchItems[0]!.payload.value).toContainEqual(expect.objectContaining({ tag: Tag.Attributes }));
  });

  it('refuses an unsupported version', () => {
    expect(() => setup(answerAll, { version: '2.1' })).toThrow(RangeError);
  });

  it('numbers the items of a batch and returns the raw response', async () => {
    const { client, requests } = setup();
    const res = await client.batch([requestItem(Create, { objectType: Enum.ObjectType.SymmetricKey, attributes: [attr.cryptographicLength(128)] }, client.version), requestItem(Activate, {}, client.version)]);
    const sent = requests[0]!;
    expect(sent.header.batchCount).toBe(2);
    expect(sent.batchItems.map((b) => [...b.uniqueBatchItemId!])).toEqual([[0, 0, 0, 1], [0, 0, 0, 2]]);
    expect(res.batchItems.map((b) => [...b.uniqueBatchItemId!])).toEqual([[0, 0, 0, 1], [0, 0, 0, 2]]);
    expect(res.batchItems.map((b) => b.resultStatus)).toEqual([Enum.ResultStatus.Success, Enum.ResultStatus.Success]);
  });
});

describe('typed operations', () => {
  it('create sends AES-256, Encrypt|Decrypt and the Name', async () => {
    const { client, requests } = setup();
    await client.create({ name: 'x-SolidFire-KeyID-1' });
    const sent = Create.request.fromItem(requests[0]!.batchItems[0]!.payload, { version: client.version });
    expect(sent.objectType).toBe(Enum.ObjectType.SymmetricKey);
    expect(attributesToJson(sent.attributes!)).toEqual({
      'Cryptographic Algorithm': 'AES',
      'Cryptographic Length': 256,
      'Cryptographic Usage Mask': ['Encrypt', 'Decrypt'],
      Name: { NameValue: 'x-SolidFire-KeyID-1', NameType: 'UninterpretedTextString' },
    });
  });

  it('get reads the symmetric key material', async () => {
    const { client } = setup();
    const got = await client.get('7');
    expect(got).toMatchObject({ objectType: Enum.ObjectType.SymmetricKey, uniqueIdentifier: '7', key: { algorithm: Enum.CryptographicAlgorithm.AES, length: 256 } });
    expect(got.key!.material).toEqual(KEY_MATERIAL);
  });

  it('getAttributes renders as JSON, repeated names as arrays', async () => {
    const { client } = setup(answerAll, { version: '2.0' });
    const json = attributesToJson(await client.getAttributes('1'));
    expect(json).toEqual({ 'Cryptographic Algorithm': 'AES', State: 'Active', Name: [{ NameValue: 'k1', NameType: 'UninterpretedTextString' }, { NameValue: 'k2', NameType: 'UninterpretedTextString' }] });
  });

  it('locate, activate, destroy, discoverVersions, query', async () => {
    const { client } = setup();
    expect(await client.locate({ name: 'k', objectType: 'SymmetricKey', maximumItems: 10 })).toEqual(['1', '2']);
    expect(await client.activate('5')).toBe('5');
    await expect(client.destroy('5')).resolves.toBeUndefined();
    expect(await client.discoverVersions(['1.4', '1.2'])).toEqual([{ major: 1, minor: 4 }, { major: 1, minor: 2 }]);
    expect((await client.query()).vendorIdentification).toBe('fake');
  });

  it('register, createKeyPair, deleteAttribute (2.0) and check build their payloads', async () => {
    const { client, requests } = setup(answerAll, { version: '2.0' });
    const v = client.version;
    expect(await client.register({ key: { material: KEY_MATERIAL }, name: 'imported' })).toBe('1');
    const registered = Register.request.fromItem(requests[0]!.batchItems[0]!.payload, { version: v });
    expect(readSymmetricKey(registered.object, v)).toMatchObject({ material: KEY_MATERIAL, algorithm: Enum.CryptographicAlgorithm.AES, length: 256 });
    expect(await client.createKeyPair({ privateKeyName: 'priv' })).toEqual({ privateKeyUid: '10', publicKeyUid: '11' });
    await client.deleteAttribute('1', 'Name');
    expect(DeleteAttribute.request.fromItem(requests[2]!.batchItems[0]!.payload, { version: v }).attributeReferences).toEqual(['Name']);
    await client.check('1', { cryptographicUsageMask: ['Encrypt'] });
    expect(Check.request.fromItem(requests[3]!.batchItems[0]!.payload, { version: v }).cryptographicUsageMask).toBe(Enum.CryptographicUsageMask.Encrypt);
    await expect(client.register({})).rejects.toThrow(TypeError);
  });

  it('revoke for key compromise adds the compromise date from the clock', async () => {
    const { client, requests } = setup();
    await client.revoke('3', 'KeyCompromise', 'stolen');
    const payload = requests[0]!.batchItems[0]!.payload;
    expect(payload.value).toContainEqual({ tag: Tag.CompromiseOccurrenceDate, type: 'DateTime', value: BigInt(START / 1000) });
  });

  it('a failed result is a KmipResultError with status, reason and message', async () => {
    const { client } = setup((r) => r.reply(answer(r.message, [{ reason: 'ItemNotFound', message: 'no object 9' }])));
    const error = await client.get('9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KmipResultError);
    expect(error).toMatchObject({ status: 'OperationFailed', reason: 'ItemNotFound', resultMessage: 'no object 9' });
  });
});

describe('correlation and pipelining', () => {
  it('with maxInFlight 1 (the default) writes one request at a time and matches answers in order', async () => {
    const held: ReceivedRequest[] = [];
    const { client } = setup((r) => held.push(r));
    const calls = ['a', 'b', 'c'].map((name) => client.create({ name }));
    await flush();
    expect(held).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      createdAs(held[i]!);
      await flush();
    }
    expect(await Promise.all(calls)).toEqual(['uid-a', 'uid-b', 'uid-c']);
  });

  it('pipelines up to maxInFlight and correlates answers sent in one chunk and in split chunks', async () => {
    const held: ReceivedRequest[] = [];
    const { client } = setup((r) => held.push(r), { maxInFlight: 3 });
    const names = ['a', 'b', 'c', 'd', 'e'];
    const calls = names.map((name) => client.create({ name }));
    await flush();
    expect(held.map((r) => nameOf(r.message))).toEqual(['a', 'b', 'c']);
    // Two answers in one chunk, then one answer byte by byte.
    const bytes = held.slice(0, 3).map((r) => encodeResponse(answer(r.message, [{ payload: { objectType: 2, uniqueIdentifier: `uid-${nameOf(r.message)}` } }])));
    held[0]!.reply(Uint8Array.from([...bytes[0]!, ...bytes[1]!]));
    for (const b of bytes[2]!) held[2]!.reply(Uint8Array.of(b));
    await flush();
    expect(held).toHaveLength(5);
    createdAs(held[3]!);
    createdAs(held[4]!);
    expect(await Promise.all(calls)).toEqual(names.map((n) => `uid-${n}`));
  });
});

describe('timeouts on the clock', () => {
  it('a request unanswered when the clock passes its timeout fails and closes the connection', async () => {
    let answering = false;
    const { client, clock, connects, serverClosed } = setup((r) => answering && answerAll(r), { timeouts: { requestMs: 5000 } });
    const call = client.create();
    await flush();
    clock.advance(4999);
    await flush();
    clock.advance(1);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KmipTransportError);
    expect(error).toMatchObject({ kind: 'timeout', requestSent: true, server: 'kmip.test:5696' });
    await serverClosed[0];
    answering = true;
    expect(await client.create()).toBe('1');
    expect(connects).toHaveLength(2);
  });

  it('requests queued behind a timed-out one fail as closed', async () => {
    const { client, clock } = setup(() => {}, { timeouts: { requestMs: 1000 } });
    const first = client.create().catch((e: unknown) => e);
    await flush();
    clock.advance(500);
    const second = client.create().catch((e: unknown) => e);
    clock.advance(500);
    expect(await first).toMatchObject({ kind: 'timeout', requestSent: true });
    expect(await second).toMatchObject({ kind: 'closed', requestSent: false });
  });
});

describe('broken responses', () => {
  it('a message that is not a Response Message is a protocol error; the connection stays usable', async () => {
    let n = 0;
    const { client, connects } = setup((r) => (n++ === 0 ? r.reply(encodeTtlv({ tag: Tag.RequestMessage, type: 'Structure', value: [] })) : answerAll(r)));
    await expect(client.create()).rejects.toMatchObject({ kind: 'protocol' });
    expect(await client.create()).toBe('1');
    expect(connects).toHaveLength(1);
  });

  it('bytes that do not frame are a protocol error and close the connection', async () => {
    const { client, serverClosed } = setup((r) => r.reply(Uint8Array.of(0x42, 0x00, 0x7b, 0x02, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0)));
    const error = await client.create().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'protocol', requestSent: true });
    expect((error as Error).cause).toMatchObject({ code: 'BAD_TYPE' });
    await serverClosed[0];
  });

  it('a response over maxResponseSize is a protocol error', async () => {
    const { client } = setup(answerAll, { maxResponseSize: 64 });
    await expect(client.get('1')).rejects.toMatchObject({ kind: 'protocol', cause: { code: 'TOO_LARGE' } });
  });

  it('a payload that does not decode is a protocol error', async () => {
    const { client } = setup((r) => {
      const res = answer(r.message, [{ payload: { uniqueIdentifier: '1' } }]);
      r.reply({ ...res, batchItems: [{ ...res.batchItems[0]!, operation: Enum.Operation.Get, payload: { tag: Tag.ResponsePayload, type: 'Structure', value: [] } }] });
    });
    await expect(client.get('1')).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('the server closing with a request in flight fails it as closed', async () => {
    const { client } = setup(() => {});
    const call = client.create();
    await flush();
    await client.close();
    await expect(call).rejects.toMatchObject({ kind: 'closed', requestSent: true });
    await expect(client.create()).rejects.toMatchObject({ kind: 'closed', requestSent: false });
  });
});

describe('failover', () => {
  const servers: KmipServerAddress[] = [{ host: 'a.kmip.test' }, { host: 'b.kmip.test', port: 5697 }];

  function failoverSetup(down: Set<string>) {
    const connects: string[] = [];
    const ends: { close(): void }[] = [];
    const client = new KmipClient({
      servers,
      clock: new SimulatedClock(START),
      connect: (server) => {
        connects.push(server.host);
        if (down.has(server.host)) return Promise.reject(transportErrorFrom(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
        const [clientEnd, serverEnd] = memoryTransportPair({ server: `${server.host}:${server.port}` });
        serveMemory(serverEnd, answerAll);
        ends.push(serverEnd);
        return Promise.resolve(clientEnd);
      },
    });
    return { client, connects, ends };
  }

  it('moves to the next host on a transport error and sticks to the one that worked', async () => {
    const down = new Set(['a.kmip.test']);
    const { client, connects, ends } = failoverSetup(down);
    expect(await client.create()).toBe('1');
    expect(client.server).toEqual(servers[1]);
    ends[0]!.close();
    await flush();
    down.delete('a.kmip.test');
    expect(await client.create()).toBe('1');
    expect(connects).toEqual(['a.kmip.test', 'b.kmip.test', 'b.kmip.test']);
  });

  /** Server `a` takes a request and drops its connection unanswered (a HyTrust member stopped mid-request); `b` answers. */
  function droppingSetup() {
    const seen: string[] = [];
    const client = new KmipClient({
      servers,
      clock: new SimulatedClock(START),
      connect: (server) => {
        const [clientEnd, serverEnd] = memoryTransportPair({ server: `${server.host}:${server.port}` });
        serveMemory(serverEnd, (r) => {
          seen.push(`${server.host} operation ${r.message.batchItems[0]!.operation}`);
          if (server.host === 'a.kmip.test') serverEnd.close();
          else answerAll(r);
        });
        return Promise.resolve(clientEnd);
      },
    });
    return { client, seen };
  }

  it('a read whose connection closes unanswered is sent again to the next host (failover mid-request)', async () => {
    const { client, seen } = droppingSetup();
    const got = await client.get('1');
    expect(got.uniqueIdentifier).toBe('1');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^a\.kmip\.test /);
    expect(seen[1]).toMatch(/^b\.kmip\.test /);
    expect(client.server).toEqual(servers[1]);
  });

  it('a write whose connection closes unanswered is not sent again: the server may have done it', async () => {
    const { client, seen } = droppingSetup();
    await expect(client.create()).rejects.toMatchObject({ kind: 'closed', requestSent: true });
    expect(seen).toHaveLength(1);
  });

  it('when every host fails, reports each attempt', async () => {
    const { client } = failoverSetup(new Set(['a.kmip.test', 'b.kmip.test']));
    const error = (await client.create().catch((e: unknown) => e)) as KmipTransportError;
    expect(error.kind).toBe('refused');
    expect(error.attempts.map((a) => a.server)).toEqual(['a.kmip.test:5696', 'b.kmip.test:5697']);
  });
});
