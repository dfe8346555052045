/**
 * A third-party client against ekmsim's key server: PyKMIP's ProxyKmipClient (Debian
 * python3-pykmip, under /usr/bin/python3) runs the whole symmetric key lifecycle against
 * `ekmsim eks`, and every must-fail case fails with a KMIP error, not a dropped connection.
 * Fails, never skips, when PyKMIP is missing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEksProcess, type EksProcess } from './helpers/ekmsim.js';
import { makeTestCerts, runPykmipClientLifecycle, type TestCerts } from './helpers/pykmip.js';

type Entry = Record<string, unknown> & { ok: boolean };

describe('PyKMIP ProxyKmipClient -> ekmsim eks', () => {
  let tmp: string;
  let certs: TestCerts;
  let eks: EksProcess;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-interop-'));
    certs = await makeTestCerts(join(tmp, 'certs'));
    eks = await startEksProcess({ cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert, data: join(tmp, 'eks') });
  });

  afterAll(async () => {
    await eks?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  for (const kmipVersion of ['1.2', '1.4', '2.0'] as const) {
    it(`completes the key lifecycle and fails every must-fail case with a KMIP error (KMIP ${kmipVersion})`, async () => {
      const result = await runPykmipClientLifecycle({
        host: eks.host,
        port: eks.port,
        certPath: certs.clientCert,
        keyPath: certs.clientKey,
        caPath: certs.caCert,
        kmipVersion,
      });
      expect(result.fatal).toBeNull();
      const steps = result.steps as Record<string, Entry>;
      const name = result.name as string;
      const uid = steps.create?.uid as string;
      expect(steps.create).toMatchObject({ ok: true });
      expect(steps.activate).toMatchObject({ ok: true });
      expect(steps.get).toMatchObject({ ok: true, object_type: 'SYMMETRIC_KEY', algorithm: 'AES', length: 256, key_bits: 256, key_format_type: 'RAW' });
      expect(steps.locate).toMatchObject({ ok: true, uids: [uid] });
      expect(steps.get_attributes).toMatchObject({ ok: true, state: 'ACTIVE' });
      const attrs = steps.get_attributes?.attributes as Record<string, unknown>;
      expect(attrs['Cryptographic Algorithm']).toBe('AES');
      expect(attrs['Cryptographic Length']).toBe(256);
      expect(attrs['Cryptographic Usage Mask']).toBe(12);
      expect(attrs.Name).toEqual([{ value: name, type: 'UNINTERPRETED_TEXT_STRING' }]);
      expect(steps.revoke).toMatchObject({ ok: true });
      expect(steps.get_attributes_after_revoke).toMatchObject({ ok: true, state: 'DEACTIVATED' });
      expect(steps.destroy).toMatchObject({ ok: true });

      const mustFail = result.must_fail as Record<string, Entry>;
      const lifecycleReason = kmipVersion === '2.0' ? 'WRONG_KEY_LIFECYCLE_STATE' : 'PERMISSION_DENIED';
      expect(mustFail.activate_twice).toMatchObject({ ok: false, status: 'OPERATION_FAILED', reason: lifecycleReason });
      expect(mustFail.destroy_active).toMatchObject({ ok: false, status: 'OPERATION_FAILED', reason: lifecycleReason });
      const goneReason = kmipVersion === '2.0' ? 'OBJECT_DESTROYED' : 'ITEM_NOT_FOUND';
      expect(mustFail.get_after_destroy).toMatchObject({ ok: false, status: 'OPERATION_FAILED', reason: goneReason });
      expect(mustFail.get_unknown_uid).toMatchObject({ ok: false, status: 'OPERATION_FAILED', reason: 'ITEM_NOT_FOUND' });
      expect(mustFail.destroy_unknown_uid).toMatchObject({ ok: false, status: 'OPERATION_FAILED', reason: 'ITEM_NOT_FOUND' });
      expect(result.summary).toEqual({ happy_path_ok: true, must_fail_all_failed: true });
    });
  }
});
