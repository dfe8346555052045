import { Activate, attr, Create, CreateKeyPair, DiscoverVersions, Enum, Get, GetAttributes, type OperationSpec, type ProtocolVersion } from '@ekmsim/kmip';
import { concatBytes } from '@ekmsim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestBytes, V1_2, V2_0, type BatchEntry, type TestClient } from './support/client.js';
import { makePki, removeDir, runServer, type Pki, type Running } from './support/fixture.js';
import { createAes, expectReason, stateIn } from './support/requests.js';

let pki: Pki;
let running: Running;
let alice: TestClient;

beforeAll(async () => {
  pki = makePki();
  running = await runServer(pki);
  alice = await running.connect(pki.alice);
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dataDir);
  pki.remove();
});

const entry = <Req, Res>(op: OperationSpec<Req, Res>, payload: Req, id?: number): BatchEntry => ({
  op: op,
  payload,
  ...(id === undefined ? {} : { id: Uint8Array.of(id) }),
});

const S = Enum.ResultStatus;
const option = Enum.BatchErrorContinuationOption;

describe.each([
  ['KMIP 1.2', V1_2],
  ['KMIP 2.0', V2_0],
] as const)('%s', (_label, version: ProtocolVersion) => {
  it('answers pipelined messages sent in one write, in order', async () => {
    const uids: string[] = [];
    for (let i = 0; i < 5; i++) uids.push((await alice.call(Create, createAes(`pipelined-${i}`), version)).uniqueIdentifier);
    alice.send(concatBytes(uids.map((uid) => requestBytes(version, [entry(Get, { uniqueIdentifier: uid })]))));
    for (const uid of uids) {
      const item = (await alice.nextResponse()).batchItems[0]!;
      expect(item.resultStatus).toBe(S.Success);
      expect(Get.response.fromItem(item.payload!, { version }).uniqueIdentifier).toBe(uid);
    }
  });

  it('uses the ID Placeholder: Create, then Activate and Get Attributes without a Unique Identifier', async () => {
    const response = await alice.batch(version, [entry(Create, createAes()), entry(Activate, {}), entry(GetAttributes, { attributeNames: ['State'] })]);
    expect(response.batchItems.map((b) => b.resultStatus)).toEqual([S.Success, S.Success, S.Success]);
    const uid = Create.response.fromItem(response.batchItems[0]!.payload!, { version }).uniqueIdentifier;
    const attrs = GetAttributes.response.fromItem(response.batchItems[2]!.payload!, { version });
    expect(attrs.uniqueIdentifier).toBe(uid);
    expect(stateIn(attrs.attributes)).toBe(Enum.State.Active);
  });

  it('sets the ID Placeholder to the private key after Create Key Pair', async () => {
    const rsa = [attr.cryptographicAlgorithm(Enum.CryptographicAlgorithm.RSA), attr.cryptographicLength(2048)];
    const response = await alice.batch(version, [entry(CreateKeyPair, { commonAttributes: rsa }), entry(Get, {})]);
    expect(response.batchItems.map((b) => b.resultStatus)).toEqual([S.Success, S.Success]);
    const pair = CreateKeyPair.response.fromItem(response.batchItems[0]!.payload!, { version });
    const got = Get.response.fromItem(response.batchItems[1]!.payload!, { version });
    expect(got.uniqueIdentifier).toBe(pair.privateKeyUniqueIdentifier);
    expect(got.objectType).toBe(Enum.ObjectType.PrivateKey);
  });

  it('fails an operation without a Unique Identifier when no ID Placeholder is set', async () => {
    await expectReason(alice.call(Activate, {}, version), 'MissingData');
  });

  it('stops at the first failure by default and echoes Unique Batch Item IDs', async () => {
    const response = await alice.batch(version, [entry(DiscoverVersions, {}, 1), entry(Get, { uniqueIdentifier: 'missing' }, 2), entry(DiscoverVersions, {}, 3)]);
    expect(response.header.batchCount).toBe(2);
    expect(response.batchItems.map((b) => [b.uniqueBatchItemId?.[0], b.resultStatus])).toEqual([
      [1, S.Success],
      [2, S.OperationFailed],
    ]);
  });

  it('goes on after a failure with Batch Error Continuation Option Continue', async () => {
    const response = await alice.batch(version, [entry(Get, { uniqueIdentifier: 'missing' }, 7), entry(DiscoverVersions, {}, 8)], { batchErrorContinuationOption: option.Continue });
    expect(response.batchItems.map((b) => [b.uniqueBatchItemId?.[0], b.resultStatus])).toEqual([
      [7, S.OperationFailed],
      [8, S.Success],
    ]);
  });

  it('serves Undo as Stop: earlier items stay done', async () => {
    const response = await alice.batch(version, [entry(Create, createAes('undo-kept')), entry(Get, { uniqueIdentifier: 'missing' }), entry(DiscoverVersions, {})], {
      batchErrorContinuationOption: option.Undo,
    });
    expect(response.batchItems.map((b) => b.resultStatus)).toEqual([S.Success, S.OperationFailed]);
    const uid = Create.response.fromItem(response.batchItems[0]!.payload!, { version }).uniqueIdentifier;
    await expect(alice.call(Get, { uniqueIdentifier: uid }, version)).resolves.toMatchObject({ uniqueIdentifier: uid });
  });
});
