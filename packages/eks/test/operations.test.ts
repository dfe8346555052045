import { createPublicKey } from 'node:crypto';
import {
  Activate,
  AddAttribute,
  attr,
  attribute,
  Check,
  Create,
  CreateKeyPair,
  DeleteAttribute,
  Destroy,
  DiscoverVersions,
  Enum,
  Get,
  GetAttributeList,
  GetAttributes,
  Locate,
  ModifyAttribute,
  nameValues,
  Query,
  Register,
  SUPPORTED_VERSIONS,
  symmetricKeyObject,
  Tag,
  textAttribute,
  type Attribute,
  type ProtocolVersion,
} from '@ekmsim/kmip';
import { VENDOR_IDENTIFICATION } from '@ekmsim/eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { V1_2, V1_4, V2_0, type TestClient } from './support/client.js';
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

const custom = (name: string, value: string): Attribute => attribute(name, { tag: 0, type: 'TextString', value });

describe('Discover Versions and Query', () => {
  it('answers the common versions in the server order, or all of them for an empty request', async () => {
    const all = await alice.call(DiscoverVersions, {}, V1_4);
    expect(all.protocolVersions).toEqual(SUPPORTED_VERSIONS);
    const some = await alice.call(DiscoverVersions, { protocolVersions: [V1_2, { major: 9, minor: 9 }, V2_0] }, V1_4);
    expect(some.protocolVersions).toEqual([V2_0, V1_2]);
  });

  it('names its operations, object types and vendor', async () => {
    const Q = Enum.QueryFunction;
    for (const version of [V1_2, V2_0]) {
      const q = await alice.call(Query, { queryFunctions: [Q.QueryOperations, Q.QueryObjects, Q.QueryServerInformation] }, version);
      expect(q.operations).toEqual(expect.arrayContaining([Enum.Operation.Create, Enum.Operation.Get, Enum.Operation.Check, Enum.Operation.Query, Enum.Operation.DiscoverVersions]));
      expect(q.objectTypes).toContain(Enum.ObjectType.SymmetricKey);
      expect(q.objectTypes?.includes(Enum.ObjectType.Template)).toBe(version.major < 2);
      expect(q.vendorIdentification).toBe(VENDOR_IDENTIFICATION);
    }
  });
});

describe.each([
  ['KMIP 1.2', V1_2],
  ['KMIP 2.0', V2_0],
] as const)('%s', (_label, version: ProtocolVersion) => {
  const tagV = `${version.major}${version.minor}`;

  it('adds, modifies and deletes client attributes', async () => {
    const { uniqueIdentifier } = await alice.call(Create, createAes(`attrs-${tagV}`), version);
    await alice.call(AddAttribute, { uniqueIdentifier, attribute: attr.name(`second-${tagV}`) }, version);
    await alice.call(AddAttribute, { uniqueIdentifier, attribute: custom('x-purpose', 'drive AK') }, version);
    await alice.call(AddAttribute, { uniqueIdentifier, attribute: attribute('Contact Information', { tag: 0, type: 'TextString', value: 'ops' }) }, version);
    let got = await alice.call(GetAttributes, { uniqueIdentifier }, version);
    expect(nameValues(got.attributes)).toEqual([`attrs-${tagV}`, `second-${tagV}`]);
    expect(textAttribute(got.attributes, 'x-purpose')).toBe('drive AK');

    const list = await alice.call(GetAttributeList, { uniqueIdentifier }, version);
    expect(list.attributeNames).toEqual(expect.arrayContaining(['Name', 'x-purpose', 'State', 'Contact Information']));

    await alice.call(ModifyAttribute, { uniqueIdentifier, attribute: custom('x-purpose', 'boot AK') }, version);
    got = await alice.call(GetAttributes, { uniqueIdentifier, attributeNames: ['x-purpose'] }, version);
    expect(textAttribute(got.attributes, 'x-purpose')).toBe('boot AK');

    const deleteRequest = version.major >= 2 ? { uniqueIdentifier, attributeReferences: ['x-purpose'] } : { uniqueIdentifier, attributeName: 'x-purpose' };
    await alice.call(DeleteAttribute, deleteRequest, version);
    got = await alice.call(GetAttributes, { uniqueIdentifier }, version);
    expect(textAttribute(got.attributes, 'x-purpose')).toBeUndefined();
    await expectReason(alice.call(DeleteAttribute, deleteRequest, version), version.major >= 2 ? 'AttributeNotFound' : 'ItemNotFound');
  });

  it('refuses attribute changes a client may not make', async () => {
    const { uniqueIdentifier } = await alice.call(Create, createAes(), version);
    const readOnly = version.major >= 2 ? 'AttributeReadOnly' : 'PermissionDenied';
    await expectReason(alice.call(AddAttribute, { uniqueIdentifier, attribute: attr.state(Enum.State.Active) }, version), readOnly);
    await expectReason(alice.call(ModifyAttribute, { uniqueIdentifier, attribute: attr.cryptographicLength(128) }, version), readOnly);
    await alice.call(AddAttribute, { uniqueIdentifier, attribute: attribute('Contact Information', { tag: 0, type: 'TextString', value: 'a' }) }, version);
    await expectReason(
      alice.call(AddAttribute, { uniqueIdentifier, attribute: attribute('Contact Information', { tag: 0, type: 'TextString', value: 'b' }) }, version),
      version.major >= 2 ? 'AttributeSingleValued' : 'IllegalOperation',
    );
    await expectReason(alice.call(ModifyAttribute, { uniqueIdentifier, attribute: custom('x-never-added', 'v') }, version), version.major >= 2 ? 'AttributeNotFound' : 'ItemNotFound');
    await expectReason(alice.call(AddAttribute, { uniqueIdentifier, attribute: custom('no-prefix', 'v') }, version), version.major >= 2 ? 'UnsupportedAttribute' : 'InvalidField');
  });

  it('locates by object type, state, algorithm, length and custom attribute, with Offset and Maximum Items', async () => {
    const group = `locate-${tagV}`;
    const uids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const req = createAes(undefined, i < 3 ? 256 : 128);
      uids.push((await alice.call(Create, { ...req, attributes: [...req.attributes, custom('x-group', group)] }, version)).uniqueIdentifier);
    }
    await alice.call(Activate, { uniqueIdentifier: uids[0]! }, version);
    const mine = custom('x-group', group);
    const find = async (attributes: Attribute[], extra: { maximumItems?: number; offsetItems?: number } = {}): Promise<string[]> =>
      (await alice.call(Locate, { attributes, ...extra }, version)).uniqueIdentifiers ?? [];

    expect(await find([mine])).toEqual(uids);
    expect(await find([mine, attr.cryptographicLength(128)])).toEqual(uids.slice(3));
    expect(await find([mine, attr.state(Enum.State.Active)])).toEqual([uids[0]]);
    expect(await find([mine, attr.objectType(Enum.ObjectType.SymmetricKey), attr.cryptographicAlgorithm(Enum.CryptographicAlgorithm.AES)])).toEqual(uids);
    expect(await find([mine], { maximumItems: 2 })).toEqual(uids.slice(0, 2));
    // Offset Items and Located Items exist from KMIP 1.3 on.
    const from13 = version.major > 1 || version.minor >= 3;
    expect(await find([mine], { offsetItems: 1, maximumItems: 2 })).toEqual(from13 ? uids.slice(1, 3) : uids.slice(0, 2));
    const located = await alice.call(Locate, { attributes: [mine], maximumItems: 1 }, version);
    expect(located.locatedItems).toBe(from13 ? 5 : undefined);

    await alice.call(Destroy, { uniqueIdentifier: uids[4]! }, version);
    expect(await find([mine])).toEqual(uids.slice(0, 4));
    expect(await find([mine, attr.state(Enum.State.Destroyed)])).toEqual([uids[4]]);
  });

  it('checks existence and usage mask', async () => {
    const { uniqueIdentifier } = await alice.call(Create, createAes(), version);
    const U = Enum.CryptographicUsageMask;
    await expect(alice.call(Check, { uniqueIdentifier, cryptographicUsageMask: U.Encrypt }, version)).resolves.toMatchObject({ uniqueIdentifier });
    await expectReason(alice.call(Check, { uniqueIdentifier, cryptographicUsageMask: U.Sign }, version), version.major >= 2 ? 'IncompatibleCryptographicUsageMask' : 'PermissionDenied');
    await expectReason(alice.call(Check, { uniqueIdentifier: 'nope' }, version), 'ItemNotFound');
  });

  it('registers a symmetric key and secret data, kept as sent', async () => {
    const material = Uint8Array.from({ length: 16 }, (_, i) => i);
    const key = symmetricKeyObject({ material, algorithm: Enum.CryptographicAlgorithm.AES, length: 128 }, version);
    const reg = await alice.call(Register, { objectType: Enum.ObjectType.SymmetricKey, attributes: [attr.name(`registered-${tagV}`)], object: key }, version);
    const got = await alice.call(Get, { uniqueIdentifier: reg.uniqueIdentifier }, version);
    expect(got.object).toEqual(key);
    const attrs = await alice.call(GetAttributes, { uniqueIdentifier: reg.uniqueIdentifier }, version);
    expect(stateIn(attrs.attributes)).toBe(Enum.State.PreActive);
    expect(attrs.attributes?.find((a) => a.name === 'Cryptographic Length')?.value).toMatchObject({ value: 128 });

    const secret = {
      tag: Tag.SecretData,
      type: 'Structure',
      value: [
        { tag: Tag.SecretDataType, type: 'Enumeration', value: Enum.SecretDataType.Password },
        { tag: Tag.KeyBlock, type: 'Structure', value: [{ tag: Tag.KeyFormatType, type: 'Enumeration', value: Enum.KeyFormatType.Opaque }, { tag: Tag.KeyValue, type: 'Structure', value: [{ tag: Tag.KeyMaterial, type: 'ByteString', value: material }] }] },
      ],
    } as const;
    const s = await alice.call(Register, { objectType: Enum.ObjectType.SecretData, object: secret }, version);
    expect((await alice.call(Get, { uniqueIdentifier: s.uniqueIdentifier }, version)).object).toEqual(secret);
    await expectReason(alice.call(Register, { objectType: Enum.ObjectType.Certificate, object: secret }, version), version.major >= 2 ? 'InvalidObjectType' : 'InvalidField');
  });

  it('creates a linked RSA key pair whose public key node:crypto reads', async () => {
    const rsa = [attr.cryptographicAlgorithm(Enum.CryptographicAlgorithm.RSA), attr.cryptographicLength(2048), attr.name(`pair-${tagV}`)];
    const pair = await alice.call(CreateKeyPair, { commonAttributes: rsa }, version);
    const pub = await alice.call(Get, { uniqueIdentifier: pair.publicKeyUniqueIdentifier }, version);
    expect(pub.objectType).toBe(Enum.ObjectType.PublicKey);
    const block = pub.object.type === 'Structure' ? pub.object.value[0] : undefined;
    const keyValue = block?.type === 'Structure' ? block.value.find((c) => c.tag === Tag.KeyValue) : undefined;
    const material = keyValue?.type === 'Structure' ? keyValue.value.find((c) => c.tag === Tag.KeyMaterial) : undefined;
    expect(material?.type).toBe('ByteString');
    const parsed = createPublicKey({ key: Buffer.from(material!.value as Uint8Array), format: 'der', type: 'pkcs1' });
    expect(parsed.asymmetricKeyDetails?.modulusLength).toBe(2048);

    const privAttrs = await alice.call(GetAttributes, { uniqueIdentifier: pair.privateKeyUniqueIdentifier, attributeNames: ['Link'] }, version);
    const link = privAttrs.attributes?.[0]?.value;
    expect(link?.type === 'Structure' && link.value.find((c) => c.tag === Tag.LinkedObjectIdentifier)?.value).toBe(pair.publicKeyUniqueIdentifier);
    await expectReason(alice.call(CreateKeyPair, { commonAttributes: [attr.cryptographicAlgorithm(Enum.CryptographicAlgorithm.AES), attr.cryptographicLength(256)] }, version), 'InvalidField');
  });

  it('serves only the stored Key Format Type on Get', async () => {
    const { uniqueIdentifier } = await alice.call(Create, createAes(), version);
    await expect(alice.call(Get, { uniqueIdentifier, keyFormatType: Enum.KeyFormatType.Raw }, version)).resolves.toBeDefined();
    await expectReason(alice.call(Get, { uniqueIdentifier, keyFormatType: Enum.KeyFormatType.TransparentSymmetricKey }, version), 'KeyFormatTypeNotSupported');
  });
});
