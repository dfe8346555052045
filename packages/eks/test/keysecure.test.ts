/** Gemalto SafeNet KeySecure (TR-4843 §4) and KeySecure for Government (§5). */
import { KEYSECURE_OBJECT_TYPES, KEYSECURE_OPERATIONS, type VendorName } from '@ekmsim/eks';
import { Check, Enum, Query, Register, Tag } from '@ekmsim/kmip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pem } from './support/certs.js';
import { V1_2, V1_4, V2_0 } from './support/client.js';
import { makePki, removeDir, scratchDir, type Pki } from './support/fixture.js';
import { expectReason } from './support/requests.js';
import { createItem, createKey, expectAdminError, expectFailure, startVendor, type VendorServer } from './support/vendor.js';

let pki: Pki;
/** Element's client certificate: CN cluster1, OU SolidFire (TR-4843 §4.1). */
let element: Pem;
let noOu: Pem;

beforeAll(() => {
  pki = makePki();
  element = pki.ca.issue('cluster1', 'client', undefined, { ou: 'SolidFire' });
  noOu = pki.ca.issue('cluster2', 'client');
});

afterAll(() => {
  pki.remove();
});

/** Runs `body` against a server on `dataDir` (a scratch directory, removed afterwards, when left out). */
async function withServer(vendor: VendorName, body: (s: VendorServer) => void | Promise<void>, dataDir?: string): Promise<void> {
  const s = await startVendor({ server: pki.server, caPem: pki.ca.certPem }, { vendor, dataDir: dataDir ?? scratchDir() });
  try {
    await body(s);
  } finally {
    await s.stop();
    if (dataDir === undefined) removeDir(s.dataDir);
  }
}

const Q = Enum.QueryFunction;

describe('KeySecure (TR-4843 §4)', () => {
  it('serves exactly the §4.2 operations and managed object types, and Query says so', async () => {
    await withServer('keysecure', async (s) => {
      s.admin.setUserForOuRequired({ required: false });
      const c = await s.connect(element);
      for (const version of [V1_2, V2_0]) {
        const q = await c.call(Query, { queryFunctions: [Q.QueryOperations, Q.QueryObjects, Q.QueryServerInformation] }, version);
        expect([...(q.operations ?? [])].sort((a, b) => a - b)).toEqual([...KEYSECURE_OPERATIONS, Enum.Operation.Query].sort((a, b) => a - b));
        const T = Enum.ObjectType;
        const expected = version.major >= 2 ? KEYSECURE_OBJECT_TYPES.filter((t) => t !== T.Template) : KEYSECURE_OBJECT_TYPES;
        expect([...(q.objectTypes ?? [])].sort()).toEqual([...expected].sort());
        expect(q.vendorIdentification).toBe('Gemalto SafeNet');
      }
      const q20 = await c.call(Query, { queryFunctions: [Q.QueryServerInformation] }, V2_0);
      expect(q20.serverInformation?.type === 'Structure' && q20.serverInformation.value.map((f) => f.value)).toEqual(['SafeNet KeySecure', '8.10.1', 'SafeNet KeySecure']);
      await expectReason(c.call(Check, { uniqueIdentifier: await createKey(c) }, V1_4), 'OperationNotSupported');
      const opaque = { tag: Tag.OpaqueObject, type: 'Structure', value: [{ tag: Tag.OpaqueDataType, type: 'Enumeration', value: Enum.OpaqueDataType.None }, { tag: Tag.OpaqueDataValue, type: 'ByteString', value: new Uint8Array(8) }] } as const;
      await expectReason(c.call(Register, { objectType: Enum.ObjectType.OpaqueData, object: opaque }, V2_0), 'InvalidObjectType');
    });
  });

  it('refuses a client whose certificate OU names no local user, then serves it once the user exists', async () => {
    await withServer('keysecure', async (s) => {
      const c = await s.connect(element);
      expectFailure(await createItem(c), 'OperationFailed', 'AuthenticationNotSuccessful', 'authentication failed: no local user "SolidFire" exists for the client certificate\'s OU');
      expect(s.admin.listObjects()).toEqual([]);
      expect(s.admin.addLocalUser({ name: 'SolidFire' })).toEqual({ users: ['SolidFire'], userForOuRequired: true });
      await createKey(c);
      s.admin.removeLocalUser({ name: 'SolidFire' });
      expectFailure(await createItem(c), 'OperationFailed', 'AuthenticationNotSuccessful', /no local user "SolidFire"/);
    });
  });

  it('refuses a certificate without OU while the requirement holds, and serves everyone once it is turned off', async () => {
    await withServer('keysecure', async (s) => {
      s.admin.addLocalUser({ name: 'SolidFire' });
      const c = await s.connect(noOu);
      expectFailure(await createItem(c), 'OperationFailed', 'AuthenticationNotSuccessful', /has no OU/);
      expect(s.admin.setUserForOuRequired({ required: false }).userForOuRequired).toBe(false);
      await createKey(c);
    });
  });

  it('keeps local users and the setting across a restart', async () => {
    const dataDir = scratchDir();
    await withServer('keysecure', (s) => {
      s.admin.addLocalUser({ name: 'SolidFire' });
      s.admin.addLocalUser({ name: 'Ops Team' });
      s.admin.setUserForOuRequired({ required: true });
    }, dataDir);
    await withServer(
      'keysecure',
      async (s) => {
        expect(s.admin.listLocalUsers()).toEqual({ users: ['SolidFire', 'Ops Team'], userForOuRequired: true });
        await createKey(await s.connect(element));
      },
      dataDir,
    );
    removeDir(dataDir);
  });

  it('checks local user arguments and changes nothing on error', async () => {
    await withServer('keysecure', async (s) => {
      s.admin.addLocalUser({ name: 'SolidFire' });
      await expectAdminError(() => s.admin.addLocalUser({ name: 'SolidFire' }), 'CONFLICT');
      await expectAdminError(() => s.admin.removeLocalUser({ name: 'nobody' }), 'NOT_FOUND');
      await expectAdminError(() => s.admin.addLocalUser({ name: '' }), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.addLocalUser({ name: 'a\nb' }), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.addLocalUser({ name: 'x'.repeat(65) }), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.addLocalUser({ user: 'x' } as never), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.setUserForOuRequired({ required: 'no' } as never), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.setKmipLicense({ licensed: true }), 'NOT_SUPPORTED');
      expect(s.admin.listLocalUsers()).toEqual({ users: ['SolidFire'], userForOuRequired: true });
    });
  });
});

describe('KeySecure for Government (TR-4843 §5)', () => {
  it('refuses KMIP until licensed, then applies the KeySecure user rule, and serves once both are met', async () => {
    const dataDir = scratchDir();
    await withServer('keysecure-gov', async (s) => {
      expect(s.admin.status().settings.kmipLicensed).toBe(false);
      const c = await s.connect(element);
      expectFailure(await createItem(c), 'OperationFailed', 'PermissionDenied', 'this KeySecure is not licensed for KMIP');
      s.admin.addLocalUser({ name: 'SolidFire' });
      expectFailure(await createItem(c), 'OperationFailed', 'PermissionDenied', 'this KeySecure is not licensed for KMIP');
      expect(s.admin.setKmipLicense({ licensed: true })).toEqual({ licensed: true });
      await createKey(c);
      s.admin.removeLocalUser({ name: 'SolidFire' });
      expectFailure(await createItem(c), 'OperationFailed', 'AuthenticationNotSuccessful', /SolidFire/);
      s.admin.addLocalUser({ name: 'SolidFire' });
      const q = await c.call(Query, { queryFunctions: [Q.QueryServerInformation] }, V1_4);
      expect(q.vendorIdentification).toBe('SafeNet Assured Technologies');
    }, dataDir);
    await withServer(
      'keysecure-gov',
      async (s) => {
        expect(s.admin.status().settings.kmipLicensed).toBe(true);
        const c = await s.connect(element);
        await createKey(c);
        s.admin.setKmipLicense({ licensed: false });
        expectFailure(await createItem(c), 'OperationFailed', 'PermissionDenied', /not licensed/);
        await expectAdminError(() => s.admin.setKmipLicense({} as never), 'INVALID_ARGUMENT');
      },
      dataDir,
    );
    removeDir(dataDir);
  });
});
