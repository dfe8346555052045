/** IBM Security Key Lifecycle Manager (TR-4843 §8). */
import { SKLM_DEVICE_GROUP, SKLM_UNTRUSTED_MESSAGE } from '@ekmsim/eks';
import { Get, Query, Enum } from '@ekmsim/kmip';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pem } from './support/certs.js';
import { V1_4 } from './support/client.js';
import { makePki, removeDir, scratchDir, type Pki } from './support/fixture.js';
import { createItem, createKey, expectAdminError, expectFailure, startVendor, type VendorServer } from './support/vendor.js';

let pki: Pki;
let element: Pem;
let fingerprint: string;

beforeAll(() => {
  pki = makePki();
  element = pki.ca.issue('cluster1', 'client', undefined, { ou: 'SolidFire' });
  fingerprint = new X509Certificate(element.certPem).fingerprint256;
});

afterAll(() => {
  pki.remove();
});

async function withSklm(body: (s: VendorServer) => Promise<void>, dataDir?: string): Promise<void> {
  const s = await startVendor({ server: pki.server, caPem: pki.ca.certPem }, { vendor: 'sklm', dataDir: dataDir ?? scratchDir() });
  try {
    await body(s);
  } finally {
    await s.stop();
    if (dataDir === undefined) removeDir(s.dataDir);
  }
}

const ELEMENT_KEY_NAME = 'x-SolidFire-KeyID-85d97960-8a7b-4095-b69b-7c0e6c9cb952';

describe('SKLM (TR-4843 §8.4)', () => {
  it('answers an untrusted certificate with CTGKS0070E and lists it as pending; once accepted it is served', async () => {
    await withSklm(async (s) => {
      const c = await s.connect(element);
      expectFailure(await createItem(c), 'OperationFailed', 'InvalidMessage', SKLM_UNTRUSTED_MESSAGE);
      expect(SKLM_UNTRUSTED_MESSAGE).toBe('CTGKS0070E Server does not trust the client certificate.');
      const pending = s.admin.listCertificates().certificates;
      expect(pending).toEqual([expect.objectContaining({ fingerprint, commonName: 'cluster1', status: 'pending', host: null })]);
      expect(new X509Certificate(pending[0]!.certificatePem).fingerprint256).toBe(fingerprint);
      expect(s.admin.listObjects()).toEqual([]);

      expect(s.admin.acceptCertificate({ fingerprint })).toEqual([expect.objectContaining({ fingerprint, status: 'trusted' })]);
      const uid = await createKey(c, ELEMENT_KEY_NAME);
      expect(uid).toMatch(/^KEY-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await expect(c.call(Get, { uniqueIdentifier: uid }, V1_4)).resolves.toBeDefined();
      expect(s.admin.listObjects()).toEqual([
        {
          uid,
          objectType: 'SymmetricKey',
          name: ELEMENT_KEY_NAME,
          state: 'PreActive',
          owner: 'cluster1',
          columns: { 'Name attribute': ELEMENT_KEY_NAME, 'Device Group': SKLM_DEVICE_GROUP, 'Client Name': '', 'Objects Type': 'SYMMETRIC_KEY', UUID: uid },
        },
      ]);
      expect(SKLM_DEVICE_GROUP).toBe('GENERIC');
      const q = await c.call(Query, { queryFunctions: [Enum.QueryFunction.QueryServerInformation] }, V1_4);
      expect(q.vendorIdentification).toBe('IBM');
    });
  });

  it('keeps trust across a restart; untrusting makes the certificate pending again on its next request', async () => {
    const dataDir = scratchDir();
    await withSklm(async (s) => {
      expectFailure(await createItem(await s.connect(element)), 'OperationFailed', 'InvalidMessage', SKLM_UNTRUSTED_MESSAGE);
      s.admin.acceptCertificate({ commonName: 'cluster1' });
    }, dataDir);
    await withSklm(async (s) => {
      const c = await s.connect(element);
      await createKey(c);
      expect(s.admin.untrustCertificate({ fingerprint })).toEqual([expect.objectContaining({ status: 'trusted' })]);
      expectFailure(await createItem(c), 'OperationFailed', 'InvalidMessage', SKLM_UNTRUSTED_MESSAGE);
      expect(s.admin.listCertificates().certificates.map((x) => x.status)).toEqual(['pending']);
    }, dataDir);
    removeDir(dataDir);
  });

  it('checks accept and untrust arguments', async () => {
    await withSklm(async (s) => {
      await expectAdminError(() => s.admin.acceptCertificate({ fingerprint }), 'NOT_FOUND');
      await createItem(await s.connect(element));
      s.admin.acceptCertificate({ fingerprint });
      await expectAdminError(() => s.admin.acceptCertificate({ fingerprint }), 'CONFLICT');
      await expectAdminError(() => s.admin.acceptCertificate({ fingerprint: 'zz' }), 'INVALID_ARGUMENT');
      await expectAdminError(() => s.admin.untrustCertificate({ commonName: 'nobody' }), 'NOT_FOUND');
      await expectAdminError(() => s.admin.addLocalUser({ name: 'SolidFire' }), 'NOT_SUPPORTED');
      expect(s.admin.listCertificates().certificates.map((x) => x.status)).toEqual(['trusted']);
    });
  });
});
