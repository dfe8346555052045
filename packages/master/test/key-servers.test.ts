/** CreateKeyServerKmip … ListKeyServersKmip without contacting any server: checks, ids, filters. */
import { issueClientCertificate, signCsr, type CertAndKey } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorName, failure, openCluster, SUBJECT, type TestCluster } from './support/cluster.js';
import { clock, makeCa, rng } from './support/site.js';

let ca: CertAndKey;
let otherCa: CertAndKey;
let c: TestCluster;
let cert: string;

beforeAll(async () => {
  ca = await makeCa('KMS CA');
  otherCa = await makeCa('Other CA');
  c = await openCluster();
  await c.master.createPublicPrivateKeyPair(SUBJECT);
  cert = signCsr({ csrPem: c.master.getClientCertificateSignRequest(), ca, clock, rng });
});

afterAll(() => c.close());

const params = (over: Partial<Parameters<TestCluster['master']['createKeyServerKmip']>[0]> = {}) => ({
  kmipCaCertificate: ca.certPem,
  kmipClientCertificate: cert,
  kmipKeyServerHostnames: ['kms.example.test'],
  kmipKeyServerName: 'kms',
  ...over,
});

describe('CreateKeyServerKmip', () => {
  it('defaults the port to 5696, and ids increase from 1 and are never reused', async () => {
    const a = await c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: ['a.test'] }));
    expect(a).toMatchObject({ keyServerID: 1, kmipKeyServerPort: 5696, keyProviderID: null, kmipAssignedProviderIsActive: null });
    const b = await c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: ['b.test'] }));
    expect(b.keyServerID).toBe(2);
    await c.master.deleteKeyServerKmip(2);
    expect((await c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: ['b.test'] }))).keyServerID).toBe(3);
  });

  it('xKeyServerFailedKeyAlreadyExists for the same host names (any order or case) and port', async () => {
    await c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: ['n1.test', 'n2.test'], kmipKeyServerPort: 5697 }));
    expect(await errorName(c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: ['N2.test', 'n1.TEST'], kmipKeyServerPort: 5697 })))).toBe(
      'xKeyServerFailedKeyAlreadyExists',
    );
    // Another port, or another set of names, is another server.
    await c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: ['n1.test', 'n2.test'], kmipKeyServerPort: 5698 }));
    await c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: ['n1.test'], kmipKeyServerPort: 5697 }));
  });

  it('xInvalidParameter for no host names or a port out of range', async () => {
    expect(await errorName(c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: [] })))).toBe('xInvalidParameter');
    expect(await errorName(c.master.createKeyServerKmip(params({ kmipKeyServerPort: 70000 })))).toBe('xInvalidParameter');
  });

  describe('xKeyServerInvalidAuth (TR-4843 §10.5 and the key pair)', () => {
    const body = (pem: string): string[] => pem.split('\n');
    const cases: [string, () => Partial<ReturnType<typeof params>>, RegExp][] = [
      ['"\\n" typed instead of new lines', () => ({ kmipCaCertificate: ca.certPem.replace(/\n/g, '\\n') }), /kmipCaCertificate: .*"\\n"/],
      ['a carriage return', () => ({ kmipClientCertificate: cert.replace(/\n/g, '\r\n') }), /kmipClientCertificate: .*carriage return/],
      ['no BEGIN line', () => ({ kmipClientCertificate: body(cert).slice(1).join('\n') }), /kmipClientCertificate: .*BEGIN/],
      ['no END line', () => ({ kmipCaCertificate: body(ca.certPem).slice(0, -2).join('\n') }), /kmipCaCertificate: .*no "-----END CERTIFICATE-----" line/],
      ['a space inside the base64', () => ({ kmipClientCertificate: cert.replace(/\n(.{10})/, '\n$1 ') }), /kmipClientCertificate: line 2, column 11 .*a space/],
      ['a private key given as the client certificate', () => ({ kmipClientCertificate: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }), /expected a CERTIFICATE PEM/],
      ['base64 that is not a certificate', () => ({ kmipCaCertificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }), /kmipCaCertificate: .*not an X\.509 certificate/],
    ];
    for (const [label, change, message] of cases) {
      it(label, async () => {
        const f = await failure(c.master.createKeyServerKmip(params(change())));
        expect(f.name).toBe('xKeyServerInvalidAuth');
        expect(f.message).toMatch(message);
        expect(f.message).not.toMatch(/PRIVATE KEY-----|AAAA/);
      });
    }

    it('says which certificate of a CA bundle is malformed, and on which line', async () => {
      const broken = otherCa.certPem.replace(/\n(.{5})/, '\n$1*');
      const bundle = ca.certPem + broken;
      const f = await failure(c.master.createKeyServerKmip(params({ kmipCaCertificate: bundle })));
      expect(f.name).toBe('xKeyServerInvalidAuth');
      const secondStarts = ca.certPem.split('\n').length; // 1-based line of the second BEGIN
      expect(f.message).toContain(`certificate 2 of 2, starting at line ${secondStarts}`);
      expect(f.message).toContain(`that is line ${secondStarts + 1} of kmipCaCertificate`);
    });

    it('accepts a bundle of several CA certificates when one issued the client certificate', async () => {
      const s = await c.master.createKeyServerKmip(params({ kmipCaCertificate: `${otherCa.certPem}\n${ca.certPem}`, kmipKeyServerHostnames: ['bundle.test'] }));
      expect(s.kmipCaCertificate).toBe(`${otherCa.certPem}\n${ca.certPem}`);
    });

    it('a client certificate of another key pair', async () => {
      const stranger = await issueClientCertificate({ commonName: SUBJECT.commonName, ca, clock, rng });
      const f = await failure(c.master.createKeyServerKmip(params({ kmipClientCertificate: stranger.certPem })));
      expect(f).toMatchObject({ name: 'xKeyServerInvalidAuth' });
      expect(f.message).toMatch(/does not belong to the cluster's key pair/);
    });

    it('a client certificate the CA did not issue', async () => {
      const f = await failure(c.master.createKeyServerKmip(params({ kmipCaCertificate: otherCa.certPem })));
      expect(f).toMatchObject({ name: 'xKeyServerInvalidAuth' });
      expect(f.message).toMatch(/was not issued by the certificate in kmipCaCertificate \(CN=Other CA\)/);
    });
  });

  it('xSslKeysDoNotExist on a cluster without a key pair', async () => {
    const bare = await openCluster();
    try {
      expect(await errorName(bare.master.createKeyServerKmip(params()))).toBe('xSslKeysDoNotExist');
    } finally {
      await bare.close();
    }
  });
});

describe('Modify/Delete/Get/ListKeyServersKmip', () => {
  it('ModifyKeyServerKmip replaces only the given fields; only keyServerID is a no-op', async () => {
    const s = await c.master.createKeyServerKmip(params({ kmipKeyServerHostnames: ['mod.test'], kmipKeyServerName: 'before' }));
    expect(await c.master.modifyKeyServerKmip({ keyServerID: s.keyServerID })).toEqual(s);
    const m = await c.master.modifyKeyServerKmip({ keyServerID: s.keyServerID, kmipKeyServerName: 'after', kmipKeyServerPort: 15696 });
    expect(m).toEqual({ ...s, kmipKeyServerName: 'after', kmipKeyServerPort: 15696 });
    expect(c.master.getKeyServerKmip(s.keyServerID)).toEqual(m);
    expect(await errorName(c.master.modifyKeyServerKmip({ keyServerID: s.keyServerID, kmipCaCertificate: otherCa.certPem }))).toBe('xKeyServerInvalidAuth');
    expect(await errorName(c.master.modifyKeyServerKmip({ keyServerID: s.keyServerID, kmipKeyServerHostnames: ['a.test'], kmipKeyServerPort: 5696 }))).toBe(
      'xKeyServerFailedKeyAlreadyExists',
    );
    expect(c.master.getKeyServerKmip(s.keyServerID)).toEqual(m);
  });

  it('xKeyServerIDDoesNotExist for an unknown id in every method that takes one', async () => {
    expect(await errorName(() => c.master.getKeyServerKmip(404))).toBe('xKeyServerIDDoesNotExist');
    expect(await errorName(c.master.modifyKeyServerKmip({ keyServerID: 404, kmipKeyServerName: 'x' }))).toBe('xKeyServerIDDoesNotExist');
    expect(await errorName(c.master.deleteKeyServerKmip(404))).toBe('xKeyServerIDDoesNotExist');
    expect(await errorName(c.master.testKeyServerKmip(404))).toBe('xKeyServerIDDoesNotExist');
    expect(await errorName(c.master.removeKeyServerFromProviderKmip(404))).toBe('xKeyServerIDDoesNotExist');
    const p = await c.master.createKeyProviderKmip('p');
    expect(await errorName(c.master.addKeyServerToProviderKmip(p.keyProviderID, 404))).toBe('xKeyServerIDDoesNotExist');
    await c.master.deleteKeyProviderKmip(p.keyProviderID);
  });
});
