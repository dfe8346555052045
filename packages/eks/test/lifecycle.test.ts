import { Activate, Create, Destroy, Enum, Get, GetAttributes, Locate, nameValues, readSymmetricKey, Revoke, attr, type ProtocolVersion } from '@ekmsim/kmip';
import { toHex } from '@ekmsim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { V1_2, V2_0, type TestClient } from './support/client.js';
import { makePki, removeDir, runServer, type Pki, type Running } from './support/fixture.js';
import { createAes, expectReason, stateIn } from './support/requests.js';

const S = Enum.State;
let pki: Pki;
let running: Running;

beforeAll(async () => {
  pki = makePki();
  running = await runServer(pki);
});

afterAll(async () => {
  await running.stop();
  removeDir(running.dataDir);
  pki.remove();
});

const deactivate = { revocationReason: { code: Enum.RevocationReasonCode.CessationOfOperation } };

describe.each([
  ['KMIP 1.2', V1_2, 'PermissionDenied', 'ItemNotFound'],
  ['KMIP 2.0', V2_0, 'WrongKeyLifecycleState', 'ObjectDestroyed'],
] as const)('%s', (_label, version: ProtocolVersion, wrongState, destroyedGet) => {
  let alice: TestClient;
  let bob: TestClient;

  beforeAll(async () => {
    alice = await running.connect(pki.alice);
    bob = await running.connect(pki.bob);
  });

  it('runs the symmetric key lifecycle: create, activate, get, locate, get attributes, revoke, destroy', async () => {
    const name = `x-SolidFire-KeyID-${version.major}${version.minor}-lifecycle`;
    const created = await alice.call(Create, createAes(name), version);
    expect(created.objectType).toBe(Enum.ObjectType.SymmetricKey);
    const uid = created.uniqueIdentifier;

    const fresh = await alice.call(GetAttributes, { uniqueIdentifier: uid }, version);
    expect(stateIn(fresh.attributes)).toBe(S.PreActive);
    expect(nameValues(fresh.attributes)).toEqual([name]);

    await alice.call(Activate, { uniqueIdentifier: uid }, version);
    const got = await alice.call(Get, { uniqueIdentifier: uid }, version);
    expect(got.uniqueIdentifier).toBe(uid);
    const key = readSymmetricKey(got.object, version);
    expect(key.material).toHaveLength(32);
    expect(key.algorithm).toBe(Enum.CryptographicAlgorithm.AES);
    const logged = JSON.stringify(running.logger.entries);
    expect(logged).not.toContain(toHex(key.material));
    expect(logged).not.toContain(toHex(key.material).toLowerCase());
    expect(logged).not.toContain(Buffer.from(key.material).toString('base64'));
    const getLogged = running.logger.entries.some((e) => e.fields?.op === 'Get' && e.fields.uid === uid && e.fields.client === 'alice' && e.fields.result === 'Success');
    expect(getLogged).toBe(true);

    const located = await alice.call(Locate, { attributes: [attr.name(name)] }, version);
    expect(located.uniqueIdentifiers).toEqual([uid]);

    const active = await alice.call(GetAttributes, { uniqueIdentifier: uid, attributeNames: ['State', 'Cryptographic Length'] }, version);
    expect(stateIn(active.attributes)).toBe(S.Active);
    expect(active.attributes?.map((a) => a.name).sort()).toEqual(['Cryptographic Length', 'State']);

    await alice.call(Revoke, { uniqueIdentifier: uid, ...deactivate }, version);
    const revoked = await alice.call(GetAttributes, { uniqueIdentifier: uid, attributeNames: ['State'] }, version);
    expect(stateIn(revoked.attributes)).toBe(S.Deactivated);

    await alice.call(Destroy, { uniqueIdentifier: uid }, version);
    const destroyed = await alice.call(GetAttributes, { uniqueIdentifier: uid }, version);
    expect(stateIn(destroyed.attributes)).toBe(S.Destroyed);
    await expectReason(alice.call(Get, { uniqueIdentifier: uid }, version), destroyedGet);
  });

  it('refuses to activate twice', async () => {
    const { uniqueIdentifier } = await alice.call(Create, createAes(), version);
    await alice.call(Activate, { uniqueIdentifier }, version);
    await expectReason(alice.call(Activate, { uniqueIdentifier }, version), wrongState);
  });

  it('refuses to destroy an active key, and the key survives', async () => {
    const { uniqueIdentifier } = await alice.call(Create, createAes(), version);
    await alice.call(Activate, { uniqueIdentifier }, version);
    await expectReason(alice.call(Destroy, { uniqueIdentifier }, version), wrongState);
    await expect(alice.call(Get, { uniqueIdentifier }, version)).resolves.toMatchObject({ uniqueIdentifier });
  });

  it('answers Item Not Found for an unknown Unique Identifier', async () => {
    await expectReason(alice.call(Get, { uniqueIdentifier: 'no-such-object' }, version), 'ItemNotFound');
    await expectReason(alice.call(Destroy, { uniqueIdentifier: 'no-such-object' }, version), 'ItemNotFound');
  });

  it("hides another client's objects exactly as missing ones", async () => {
    const name = `alice-only-${version.major}${version.minor}`;
    const { uniqueIdentifier } = await alice.call(Create, createAes(name), version);
    await expectReason(bob.call(Get, { uniqueIdentifier }, version), 'ItemNotFound');
    await expectReason(bob.call(GetAttributes, { uniqueIdentifier }, version), 'ItemNotFound');
    await expectReason(bob.call(Activate, { uniqueIdentifier }, version), 'ItemNotFound');
    await expectReason(bob.call(Destroy, { uniqueIdentifier }, version), 'ItemNotFound');
    expect((await bob.call(Locate, { attributes: [attr.name(name)] }, version)).uniqueIdentifiers ?? []).toEqual([]);
    expect((await alice.call(Locate, { attributes: [attr.name(name)] }, version)).uniqueIdentifiers).toEqual([uniqueIdentifier]);
  });

  it('revokes a compromised key to Compromised and destroys it to Destroyed Compromised', async () => {
    const { uniqueIdentifier } = await alice.call(Create, createAes(), version);
    await alice.call(Activate, { uniqueIdentifier }, version);
    await alice.call(Revoke, { uniqueIdentifier, revocationReason: { code: Enum.RevocationReasonCode.KeyCompromise }, compromiseOccurrenceDate: 1_700_000_000n }, version);
    const compromised = await alice.call(GetAttributes, { uniqueIdentifier, attributeNames: ['State', 'Compromise Occurrence Date', 'Compromise Date'] }, version);
    expect(stateIn(compromised.attributes)).toBe(S.Compromised);
    expect(compromised.attributes?.find((a) => a.name === 'Compromise Occurrence Date')?.value).toMatchObject({ value: 1_700_000_000n });
    expect(compromised.attributes?.some((a) => a.name === 'Compromise Date')).toBe(true);
    await alice.call(Destroy, { uniqueIdentifier }, version);
    const gone = await alice.call(GetAttributes, { uniqueIdentifier, attributeNames: ['State'] }, version);
    expect(stateIn(gone.attributes)).toBe(S.DestroyedCompromised);
  });

  it('revokes a Pre-Active key, which may then be destroyed', async () => {
    const { uniqueIdentifier } = await alice.call(Create, createAes(), version);
    await alice.call(Revoke, { uniqueIdentifier, ...deactivate }, version);
    await alice.call(Destroy, { uniqueIdentifier }, version);
    await expectReason(alice.call(Revoke, { uniqueIdentifier, ...deactivate }, version), wrongState);
    await expectReason(alice.call(Destroy, { uniqueIdentifier }, version), wrongState);
  });

  it('creates an Active key when its Activation Date has come', async () => {
    const past = BigInt(Math.floor(Date.now() / 1000) - 60);
    const req = createAes();
    const { uniqueIdentifier } = await alice.call(Create, { ...req, attributes: [...req.attributes, attr.date('Activation Date', past)] }, version);
    const got = await alice.call(GetAttributes, { uniqueIdentifier, attributeNames: ['State'] }, version);
    expect(stateIn(got.attributes)).toBe(S.Active);
  });

  it('validates Create: algorithm and length are required and checked', async () => {
    await expectReason(alice.call(Create, { objectType: Enum.ObjectType.SymmetricKey, attributes: [attr.cryptographicLength(256)] }, version), 'InvalidField');
    await expectReason(alice.call(Create, { objectType: Enum.ObjectType.SymmetricKey, attributes: [attr.cryptographicAlgorithm(Enum.CryptographicAlgorithm.AES)] }, version), 'InvalidField');
    await expectReason(alice.call(Create, createAes(undefined, 100), version), 'InvalidField');
    await expectReason(alice.call(Create, { ...createAes(), objectType: Enum.ObjectType.SecretData }, version), 'InvalidField');
    await expectReason(alice.call(Create, { objectType: Enum.ObjectType.SymmetricKey, attributes: [...createAes().attributes, attr.state(S.Active)] }, version), 'InvalidField');
  });
});
