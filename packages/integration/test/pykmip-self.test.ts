/**
 * Harness self-test: PyKMIP's client against PyKMIP's server. Proves the helpers (certs, server
 * start/stop, client JSON) and pins PyKMIP 0.10's own answers, which the ekmsim interop tests
 * compare against. Requires Debian python3-pykmip; fails (never skips) without it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeTestCerts,
  runPykmipClientLifecycle,
  startPykmipServer,
  type PykmipServer,
  type TestCerts,
} from './helpers/pykmip.js';

type Entry = Record<string, unknown> & { ok: boolean };
type Section = Record<string, Entry>;

function section(result: Record<string, unknown>, name: string): Section {
  const s = result[name];
  expect(s, `result.${name}`).toBeTypeOf('object');
  return s as Section;
}

describe('PyKMIP harness self-test (PyKMIP client -> PyKMIP server)', () => {
  let tmp: string;
  let certs: TestCerts;
  let server: PykmipServer;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-pykmip-'));
    certs = await makeTestCerts(join(tmp, 'certs'));
    server = await startPykmipServer({
      host: '127.0.0.1',
      port: 0,
      certPath: certs.serverCert,
      keyPath: certs.serverKey,
      caPath: certs.caCert,
      dataDir: join(tmp, 'server'),
    });
  });

  afterAll(async () => {
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('starts on a kernel-picked port and logs to its data dir', async () => {
    expect(server.port).toBeGreaterThan(0);
    const log = await readFile(server.logPath, 'utf8');
    expect(log).toContain('Server successfully bound socket handler');
  });

  for (const kmipVersion of [undefined, '1.4', '2.0'] as const) {
    it(`runs the symmetric key lifecycle (KMIP ${kmipVersion ?? 'default 1.2'})`, async () => {
      const result = await runPykmipClientLifecycle({
        host: server.host,
        port: server.port,
        certPath: certs.clientCert,
        keyPath: certs.clientKey,
        caPath: certs.caCert,
        ...(kmipVersion ? { kmipVersion } : {}),
      });
      expect(result.fatal).toBeNull();
      expect(result.tls).toMatchObject({ version: 'TLSv1.2', server_hostname_sent: null });

      const steps = section(result, 'steps');
      const name = result.name as string;
      expect(name).toMatch(/^x-SolidFire-KeyID-[0-9a-f-]{36}$/);

      expect(steps.create).toMatchObject({ ok: true });
      const uid = steps.create?.uid as string;
      expect(uid).toMatch(/^\d+$/); // PyKMIP numbers its objects 1, 2, ...
      expect(steps.activate).toMatchObject({ ok: true });
      expect(steps.get).toMatchObject({ ok: true, object_type: 'SYMMETRIC_KEY', algorithm: 'AES', length: 256, key_bits: 256, key_format_type: 'RAW' });
      expect(steps.locate).toMatchObject({ ok: true, uids: [uid] });
      expect(steps.get_attributes).toMatchObject({ ok: true, state: 'ACTIVE' });
      const attrs = steps.get_attributes?.attributes as Record<string, unknown>;
      expect(attrs['Cryptographic Usage Mask']).toBe(12); // Encrypt | Decrypt
      expect(attrs['Cryptographic Algorithm']).toBe('AES');
      expect(attrs['Cryptographic Length']).toBe(256);
      expect(attrs.Name).toEqual([{ value: name, type: 'UNINTERPRETED_TEXT_STRING' }]);
      expect(steps.revoke).toMatchObject({ ok: true });
      expect(steps.get_attributes_after_revoke).toMatchObject({ ok: true, state: 'DEACTIVATED' });
      expect(steps.destroy).toMatchObject({ ok: true });

      const mustFail = section(result, 'must_fail');
      const permissionDenied = { ok: false, status: 'OPERATION_FAILED', reason: 'PERMISSION_DENIED' };
      const notFound = { ok: false, status: 'OPERATION_FAILED', reason: 'ITEM_NOT_FOUND' };
      expect(mustFail.activate_twice).toMatchObject({
        ...permissionDenied,
        message: 'The object state is not pre-active and cannot be activated.',
      });
      expect(mustFail.destroy_active).toMatchObject({
        ...permissionDenied,
        message: 'Object is active and cannot be destroyed.',
      });
      expect(mustFail.get_after_destroy).toMatchObject({ ...notFound, message: `Could not locate object: ${uid}` });
      const unknown = result.unknown_uid as string;
      expect(mustFail.get_unknown_uid).toMatchObject({ ...notFound, message: `Could not locate object: ${unknown}` });
      expect(mustFail.destroy_unknown_uid).toMatchObject({ ...notFound, message: `Could not locate object: ${unknown}` });

      // PyKMIP deletes destroyed objects: GetAttributes after Destroy is Item Not Found.
      const observed = section(result, 'observed');
      expect(observed.get_attributes_after_destroy).toMatchObject(notFound);
      expect(observed.locate_after_destroy).toMatchObject({ ok: true, uids: [] });

      expect(result.summary).toEqual({ happy_path_ok: true, must_fail_all_failed: true });
    });
  }

  it('rejects with the server stderr when PyKMIP cannot start', async () => {
    await expect(
      startPykmipServer({
        host: '127.0.0.1',
        certPath: join(tmp, 'missing.crt'),
        keyPath: certs.serverKey,
        caPath: certs.caCert,
        dataDir: join(tmp, 'broken'),
      }),
    ).rejects.toThrow(/exited before becoming ready[\s\S]*missing\.crt: no such file/);
  });

  it('reports a connection failure as a rejection, not as a result', async () => {
    await expect(
      runPykmipClientLifecycle({
        host: '127.0.0.1',
        port: 1, // nothing listens there
        certPath: certs.clientCert,
        keyPath: certs.clientKey,
        caPath: certs.caCert,
      }),
    ).rejects.toThrow(/connection failure during open/);
  });
});
