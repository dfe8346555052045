/**
 * Issue 5, "Done when": each vendor set-up of TR-4843 §4–§8, end to end through the Element API
 * (and the control API for what the vendor's own UI does). Each one first makes the misstep its
 * section warns about and shows the symptom the way an administrator sees it: the §10.2
 * exception and the vendor's words from TestKeyServerKmip and AddKeyServerToProviderKmip (which
 * contacts the server) before the server is assigned, and from TestKeyServerKmip and
 * TestKeyProviderKmip once it is. It corrects it as the TR says, then enables encryption at rest
 * with that provider, writes, power-cycles the cluster and reads the data back.
 */
import { X509Certificate } from 'node:crypto';
import type { KeyServerVendor } from '@ekmsim/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { elementErrorName } from './helpers/element.js';
import {
  createServerAndProvider,
  elementFailure,
  enableExternalEar,
  expectBothTestsFail,
  expectBothTestsPass,
  expectServerAccepted,
  expectServerRefused,
  keyPairCsr,
  keyServerAdmin,
  simKeyServer,
  writePowerCycleReadBack,
  type KmipSetup,
  type SimKeyServer,
} from './helpers/vendor-setup.js';

/** Element's subject for the cluster's key pair (its OU defaults to SolidFire). */
const SUBJECT = { commonName: 'cluster1', organization: 'NetApp', country: 'US' };
const CLUSTER = { nodes: 2, drivesPerNode: 1 } as const;
const SETUP_MS = 60_000;

interface ObjectListing {
  uid: string;
  objectType: string;
  name: string | null;
  state: string | null;
  columns: Record<string, string>;
}

interface CertificateListing {
  fingerprint: string;
  commonName: string;
  status: string;
  host: string | null;
}

const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

/** One cluster with one vendor key server for a describe block. */
function vendorCluster(name: string, vendor: KeyServerVendor, members?: number): { t: () => TestCluster; ks: () => SimKeyServer } {
  let t: TestCluster | undefined;
  let ks: SimKeyServer | undefined;
  beforeAll(async () => {
    t = await startTestCluster({ ...CLUSTER, keyServers: [{ name, vendor, ...(members === undefined ? {} : { members }) }] });
    ks = await simKeyServer(t.control, name);
    expect(ks.vendor).toBe(vendor);
  }, SETUP_MS);
  afterAll(async () => {
    await t?.close();
  });
  return { t: () => t!, ks: () => ks! };
}

describe('TR-4843 §4 Gemalto SafeNet KeySecure', () => {
  const c = vendorCluster('ks', 'keysecure');
  let setup: KmipSetup;
  const admin = (action: string, args?: Record<string, unknown>): Promise<unknown> => keyServerAdmin(c.t().control, 'ks', action, args);
  const NO_USER = /AuthenticationNotSuccessful: authentication failed: no local user "SolidFire" exists for the client certificate's OU/;

  it('misstep (§4.1 step 5 skipped): no local user named like the OU SolidFire: Authentication Not Successful naming the user; adding it lets the cluster in', async () => {
    const { api, control } = c.t();
    expect(await admin('listLocalUsers')).toEqual({ users: [], userForOuRequired: true });
    const csr = await keyPairCsr(api, SUBJECT);
    const { certificate } = (await control('SignClientCertificate', { keyServer: 'ks', csr })) as { certificate: string };
    expect(new X509Certificate(certificate).subject).toMatch(/OU=SolidFire/);
    setup = await createServerAndProvider(api, c.ks(), certificate);
    await expectServerRefused(api, setup, 'xKeyServerAuthFailed', NO_USER);
    expect(await admin('addLocalUser', { name: 'SolidFire' })).toEqual({ users: ['SolidFire'], userForOuRequired: true });
    await expectServerAccepted(api, setup);
  });

  it('the other correction: with the user gone both tests fail again; turning the OU-user requirement off lets the cluster in', async () => {
    const { api } = c.t();
    await admin('removeLocalUser', { name: 'SolidFire' });
    await expectBothTestsFail(api, setup, 'xKeyServerAuthFailed', 'xKeyProviderConfigurationError', NO_USER);
    expect(await admin('setUserForOuRequired', { required: false })).toEqual({ users: [], userForOuRequired: false });
    await expectBothTestsPass(api, setup);
    // Back to the documented set-up: the rule on, the user there.
    await admin('setUserForOuRequired', { required: true });
    await admin('addLocalUser', { name: 'SolidFire' });
    await expectBothTestsPass(api, setup);
  });

  it('enables EAR with the KeySecure provider; the key is on the KeySecure; write, power-cycle, read back identical', async () => {
    const key = await enableExternalEar(c.t().api, setup.keyProviderID);
    const objects = (await admin('listObjects')) as ObjectListing[];
    expect(objects.filter((o) => o.name === `x-SolidFire-KeyID-${key.keyID}`).map((o) => o.objectType)).toEqual(['SymmetricKey']);
    await writePowerCycleReadBack(c.t(), 'keysecure');
  });
});

describe('TR-4843 §5 SafeNet AT KeySecure for Government', () => {
  const c = vendorCluster('ksg', 'keysecure-gov');
  let setup: KmipSetup;
  const admin = (action: string, args?: Record<string, unknown>): Promise<unknown> => keyServerAdmin(c.t().control, 'ksg', action, args);
  const UNLICENSED = /PermissionDenied: this KeySecure is not licensed for KMIP/;

  it('misstep (§5 step 1 skipped): not licensed for KMIP: Permission Denied naming the licence, even with the local user there', async () => {
    const { api, control } = c.t();
    const csr = await keyPairCsr(api, SUBJECT);
    const { certificate } = (await control('SignClientCertificate', { keyServer: 'ksg', csr })) as { certificate: string };
    setup = await createServerAndProvider(api, c.ks(), certificate);
    await expectServerRefused(api, setup, 'xKeyServerAuthFailed', UNLICENSED);
    // Step 6 done first does not help: the licence is judged before the user.
    await admin('addLocalUser', { name: 'SolidFire' });
    await expectServerRefused(api, setup, 'xKeyServerAuthFailed', UNLICENSED);
    await admin('removeLocalUser', { name: 'SolidFire' });
  });

  it('licensed, the KeySecure user rule applies (step 6); with the user, the cluster is in; the licence withdrawn, both tests fail again', async () => {
    const { api } = c.t();
    expect(await admin('setKmipLicense', { licensed: true })).toEqual({ licensed: true });
    await expectServerRefused(api, setup, 'xKeyServerAuthFailed', /AuthenticationNotSuccessful: authentication failed: no local user "SolidFire"/);
    await admin('addLocalUser', { name: 'SolidFire' });
    await expectServerAccepted(api, setup);
    await admin('setKmipLicense', { licensed: false });
    await expectBothTestsFail(api, setup, 'xKeyServerAuthFailed', 'xKeyProviderConfigurationError', UNLICENSED);
    await admin('setKmipLicense', { licensed: true });
    await expectBothTestsPass(api, setup);
  });

  it('enables EAR with the KeySecure for Government provider; write, power-cycle, read back identical', async () => {
    await enableExternalEar(c.t().api, setup.keyProviderID);
    await writePowerCycleReadBack(c.t(), 'keysecure-gov');
  });
});

describe('TR-4843 §6 HyTrust KeyControl (two-member active-active cluster)', () => {
  const c = vendorCluster('kc', 'hytrust', 2);
  let setup: KmipSetup;
  const admin = (action: string, args?: Record<string, unknown>): Promise<unknown> => keyServerAdmin(c.t().control, 'kc', action, args);
  const listening = async (): Promise<boolean[]> => (await simKeyServer(c.t().control, 'kc')).members.map((m) => m.listening);

  it('one host name per member on one port; the KeyControl CA signs the CSR; configured with the first member only, it works while that member runs', async () => {
    expect(c.ks().hostnames).toEqual(['kc-1.ekmsim.test', 'kc-2.ekmsim.test']);
    expect(await listening()).toEqual([true, true]);
    const { api, control } = c.t();
    const csr = await keyPairCsr(api, SUBJECT);
    const { certificate } = (await control('SignClientCertificate', { keyServer: 'kc', csr })) as { certificate: string };
    expect(new X509Certificate(certificate).checkIssued(new X509Certificate(c.ks().caCertificate))).toBe(true);
    setup = await createServerAndProvider(api, c.ks(), certificate, { hostnames: ['kc-1.ekmsim.test'] });
    await expectServerAccepted(api, setup);
  });

  it('misstep: with only the first member configured, stopping it refuses the connection; configuring both members serves from the other', async () => {
    const { api } = c.t();
    await admin('stop', { member: 0 });
    expect(await listening()).toEqual([false, true]);
    await expectBothTestsFail(api, setup, 'xKeyServerUnavailable', 'xKeyProviderUnavailable', /ECONNREFUSED/);
    await api('ModifyKeyServerKmip', { keyServerID: setup.keyServerID, kmipKeyServerHostnames: c.ks().hostnames });
    await expectBothTestsPass(api, setup);
  });

  it('works with both members: either one stopped, the other serves', async () => {
    const { api } = c.t();
    await admin('start', { member: 0 });
    await admin('stop', { member: 1 });
    expect(await listening()).toEqual([true, false]);
    await expectBothTestsPass(api, setup);
    await admin('start', { member: 1 });
    expect(await listening()).toEqual([true, true]);
    await expectBothTestsPass(api, setup);
  });

  it('enables EAR with the KeyControl provider; write, power-cycle, read back identical', async () => {
    await enableExternalEar(c.t().api, setup.keyProviderID);
    await writePowerCycleReadBack(c.t(), 'hytrust');
  });

  it('restarting the KMIP service (§6.2) keeps every object; the cluster still unlocks after a power cycle', async () => {
    const before = (await admin('listObjects')) as ObjectListing[];
    const { keyID } = (await c.t().api('GetEncryptionAtRestInfo')).authenticationKeyInfo as { keyID: string };
    expect(before.map((o) => o.name)).toContain(`x-SolidFire-KeyID-${keyID}`);
    await admin('restartService');
    expect(await admin('listObjects')).toEqual(before);
    expect(await listening()).toEqual([true, true]);
    await expectBothTestsPass(c.t().api, setup);
    await writePowerCycleReadBack(c.t(), 'hytrust-after-restart');
  });
});

describe('TR-4843 §7 Vormetric Data Security Manager', () => {
  const c = vendorCluster('dsm', 'vormetric');
  let setup: KmipSetup;
  let certificate: string;
  let thirdPartyCa: string;
  const admin = (action: string, args?: Record<string, unknown>): Promise<unknown> => keyServerAdmin(c.t().control, 'dsm', action, args);
  /** Closed after the handshake, before any KMIP answer. */
  const CLOSED = /closed the connection before answering: it did not accept the client certificate|ended the handshake: it did not accept the client certificate/;

  it('the DSM is not a CA (§7.2 step 2): SignClientCertificate is refused; the third-party CA the DSM trusts signs instead', async () => {
    const { api, control } = c.t();
    const csr = await keyPairCsr(api, SUBJECT);
    expect(await elementErrorName(control('SignClientCertificate', { keyServer: 'dsm', csr }))).toBe('xSimNotSupportedByVendor');
    const signed = (await control('SignThirdPartyCertificate', { csr })) as { certificate: string; caCertificate: string };
    certificate = signed.certificate;
    thirdPartyCa = signed.caCertificate;
    expect(new X509Certificate(certificate).checkIssued(new X509Certificate(thirdPartyCa))).toBe(true);
    expect(new X509Certificate(certificate).checkIssued(new X509Certificate(c.ks().caCertificate))).toBe(false);
  });

  it('kmipCaCertificate holds the DSM’s CA (to trust the server) and the third-party CA (that issued the client certificate)', async () => {
    const { api } = c.t();
    const onlyDsm = await elementFailure(createServerAndProvider(api, c.ks(), certificate));
    expect(onlyDsm.name).toBe('xKeyServerInvalidAuth');
    expect(onlyDsm.message).toMatch(/kmipClientCertificate \(issuer .*third-party CA\) was not issued by the certificate in kmipCaCertificate/);
    expect((await api('ListKeyServersKmip')).kmipKeyServers).toEqual([]);
    expect((await api('ListKeyProvidersKmip')).kmipKeyProviders).toEqual([]);
  });

  it('misstep (§7.2 step 1): the certificate CN is not the registered host: closed after the handshake, no KMIP', async () => {
    const { api } = c.t();
    await admin('registerHost', { host: 'solidfire-a' });
    const imported = (await admin('importCertificate', { host: 'solidfire-a', certificate, format: 'pem' })) as CertificateListing;
    expect(imported).toMatchObject({ fingerprint: fingerprintOf(certificate), commonName: 'cluster1', status: 'imported', host: 'solidfire-a' });
    setup = await createServerAndProvider(api, c.ks(), certificate, { caCertificate: `${c.ks().caCertificate.trim()}\n${thirdPartyCa}` });
    await expectServerRefused(api, setup, 'xKeyServerAuthFailed', CLOSED);
    await admin('unregisterHost', { host: 'solidfire-a' });
  });

  it('a host named like the CN needs the certificate imported too (step 4); imported as DER (base64) the cluster is in', async () => {
    const { api } = c.t();
    expect(await admin('registerHost', { host: 'cluster1' })).toEqual({ hosts: ['cluster1'] });
    await expectServerRefused(api, setup, 'xKeyServerAuthFailed', CLOSED);
    const der = new X509Certificate(certificate).raw.toString('base64');
    const viaDer = (await admin('importCertificate', { host: 'cluster1', certificate: der, format: 'der' })) as CertificateListing;
    expect(viaDer).toMatchObject({ fingerprint: fingerprintOf(certificate), host: 'cluster1', status: 'imported' });
    await expectServerAccepted(api, setup);
  });

  it('unregistering the host drops its certificate (both tests fail); registered again and imported as PEM, the cluster is in again', async () => {
    const { api } = c.t();
    await admin('unregisterHost', { host: 'cluster1' });
    await expectBothTestsFail(api, setup, 'xKeyServerAuthFailed', 'xKeyProviderConfigurationError', CLOSED);
    await admin('registerHost', { host: 'cluster1' });
    await admin('importCertificate', { host: 'cluster1', certificate, format: 'pem' });
    await expectBothTestsPass(api, setup);
    const { certificates } = (await admin('listCertificates')) as { certificates: CertificateListing[] };
    expect(certificates.map((x) => ({ host: x.host, fingerprint: x.fingerprint }))).toEqual([{ host: 'cluster1', fingerprint: fingerprintOf(certificate) }]);
  });

  it('enables EAR with the DSM provider; write, power-cycle, read back identical', async () => {
    await enableExternalEar(c.t().api, setup.keyProviderID);
    await writePowerCycleReadBack(c.t(), 'vormetric');
  });
});

describe('TR-4843 §8 IBM Security Key Lifecycle Manager', () => {
  const c = vendorCluster('sklm', 'sklm');
  let setup: KmipSetup;
  let certificate: string;
  const admin = (action: string, args?: Record<string, unknown>): Promise<unknown> => keyServerAdmin(c.t().control, 'sklm', action, args);
  const certificates = async (): Promise<CertificateListing[]> => ((await admin('listCertificates')) as { certificates: CertificateListing[] }).certificates;
  const UNTRUSTED = 'InvalidMessage: CTGKS0070E Server does not trust the client certificate.';

  it('first contact (§8.4): CTGKS0070E, and the certificate waits as pending', async () => {
    const { api, control } = c.t();
    const csr = await keyPairCsr(api, SUBJECT);
    certificate = ((await control('SignClientCertificate', { keyServer: 'sklm', csr })) as { certificate: string }).certificate;
    setup = await createServerAndProvider(api, c.ks(), certificate);
    expect(await certificates()).toEqual([]);
    await expectServerRefused(api, setup, 'xKeyServerFailed', UNTRUSTED);
    expect(await certificates()).toMatchObject([{ fingerprint: fingerprintOf(certificate), commonName: 'cluster1', status: 'pending' }]);
  });

  it('Accept and Trust: the cluster is in', async () => {
    const accepted = (await admin('acceptCertificate', { fingerprint: fingerprintOf(certificate) })) as CertificateListing[];
    expect(accepted.map((x) => x.status)).toEqual(['trusted']);
    expect((await certificates()).map((x) => x.status)).toEqual(['trusted']);
    await expectServerAccepted(c.t().api, setup);
  });

  it('enables EAR: the key shows as in §8.4 (x-SolidFire-KeyID name, Device Group GENERIC, KEY- uid); write, power-cycle, read back identical', async () => {
    const key = await enableExternalEar(c.t().api, setup.keyProviderID);
    const objects = (await admin('listObjects')) as ObjectListing[];
    const ours = objects.filter((o) => o.columns['Name attribute'] === `x-SolidFire-KeyID-${key.keyID}`);
    expect(ours).toHaveLength(1);
    const listed = ours[0]!;
    expect(listed.uid).toMatch(/^KEY-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(listed.columns).toEqual({
      'Name attribute': `x-SolidFire-KeyID-${key.keyID}`,
      'Device Group': 'GENERIC',
      'Client Name': '',
      'Objects Type': 'SYMMETRIC_KEY',
      UUID: listed.uid,
    });
    await writePowerCycleReadBack(c.t(), 'sklm');
  });

  it('the certificate untrusted again: both tests fail with CTGKS0070E and it is pending again; accepted, the cluster is back', async () => {
    const { api } = c.t();
    await admin('untrustCertificate', { fingerprint: fingerprintOf(certificate) });
    await expectBothTestsFail(api, setup, 'xKeyServerFailed', 'xKeyProviderFailed', UNTRUSTED);
    expect((await certificates()).map((x) => x.status)).toEqual(['pending']);
    await admin('acceptCertificate', { fingerprint: fingerprintOf(certificate) });
    await expectBothTestsPass(api, setup);
  });
});
