/** The simulator's control API: its methods, its errors, and what an unexpected throw looks like. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRng, systemClock } from '@ekmsim/core';
import { createCa, createCsr, generateKeyPair } from '@ekmsim/pki';
import { ELEMENT, SIM, startFixture, type Fixture } from './support/fixture.js';
import { testSimControl } from './support/sim-control.js';

describe('control API /sim/json-rpc/1.0', () => {
  const clock = systemClock();
  const rng = secureRng();
  let fx: Fixture;
  let csr: string;

  beforeAll(async () => {
    const good = await createCa({ commonName: 'good CA', clock, rng });
    const other = await createCa({ commonName: 'other CA', clock, rng });
    // A simulation bug: a CA certificate paired with another CA's key.
    const broken = { certPem: good.certPem, keyPem: other.keyPem };
    fx = await startFixture({
      sim: testSimControl(
        [
          { info: { name: 'kms1', vendor: 'generic', hostnames: ['kms1.example'], port: 5696, caCertificate: good.certPem }, ca: good },
          { info: { name: 'broken', vendor: 'generic', hostnames: ['broken.example'], port: 5696, caCertificate: good.certPem }, ca: broken },
        ],
        { clock, rng },
      ),
    });
    const keys = await generateKeyPair();
    csr = createCsr({ keyPem: keys.privateKeyPem, subject: { commonName: 'someone' } });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('lists the simulated key servers', async () => {
    const reply = await fx.call('ListSimKeyServers', {}, { path: SIM });
    expect((reply.result?.keyServers as { name: string }[]).map((k) => k.name)).toEqual(['kms1', 'broken']);
    expect(reply.raw.body).toMatch(/^\{"id":1,"result":\{"keyServers":\[\{"caCertificate":"-----BEGIN CERTIFICATE-----\\n/);
  });

  it('signs a CSR and reports an unknown key server or a bad CSR by name', async () => {
    expect((await fx.result('SignClientCertificate', { keyServer: 'kms1', csr }, SIM)).certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect((await fx.call('SignClientCertificate', { keyServer: 'nope', csr }, { path: SIM })).error?.name).toBe('xSimKeyServerDoesNotExist');
    expect((await fx.call('SignClientCertificate', { keyServer: 'kms1', csr: 'not a CSR' }, { path: SIM })).error?.name).toBe('xInvalidParameter');
    expect((await fx.call('SignClientCertificate', { keyServer: 'kms1' }, { path: SIM })).error).toEqual({ code: 500, name: 'xInvalidParameter', message: 'csr: missing required parameter' });
  });

  it('keeps the two method sets apart', async () => {
    expect((await fx.call('GetAPI', {}, { path: SIM })).error?.name).toBe('xUnknownAPIMethod');
    expect((await fx.call('ListSimKeyServers', {}, { path: ELEMENT })).error?.name).toBe('xUnknownAPIMethod');
  });

  it('answers an unexpected throw with xAssertionFailure and no detail, and logs the detail', async () => {
    const reply = await fx.call('SignClientCertificate', { keyServer: 'broken', csr }, { path: SIM, id: 'x-1' });
    expect(reply.id).toBe('x-1');
    expect(reply.error?.name).toBe('xAssertionFailure');
    expect(reply.error?.code).toBe(500);
    expect(reply.error?.message).toMatch(/^Unexpected error in SignClientCertificate; the cluster log has the details \(incident \d+\)\.$/);
    expect(reply.raw.body).not.toMatch(/PkiError|KEY_MISMATCH|at .*\.js/);
    const line = fx.logger.api().find((e) => e.level === 'error' && e.fields.method === 'SignClientCertificate');
    expect(line?.message).toMatch(/KEY_MISMATCH|does not belong/);
    expect(line?.fields).toMatchObject({ component: 'API', id: 'x-1', outcome: 'xAssertionFailure', keyServer: 'broken' });
    expect(line?.fields.stack).toEqual(expect.any(String));
  });

  it('logs SignClientCertificate with the CSR subject, never its body', () => {
    const ok = fx.logger.api().find((e) => e.fields.method === 'SignClientCertificate' && e.fields.outcome === 'ok');
    expect(ok?.fields).toMatchObject({ keyServer: 'kms1', csrSubject: 'CN=someone' });
    const bodyLine = csr.split('\n')[1] ?? '';
    expect(bodyLine.length).toBeGreaterThan(40);
    expect(fx.logger.text()).not.toContain(bodyLine);
  });
});
