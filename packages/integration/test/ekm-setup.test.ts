/**
 * TR-4843 §9.1 against `ekmsim up`, with a client written from the public API reference only:
 * trust set-up (key pair, CSR, signing), key provider and key server, their tests, then each
 * §10.2 exception from its documented cause, and a kill -9 / restart that keeps every
 * acknowledged change.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import { secureRng, systemClock } from '@ekmsim/core';
import { issueServerCertificate } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { element, elementErrorName } from './helpers/element.js';
import { startUp, type UpProcess } from './helpers/up.js';

const run = promisify(execFile);

interface SimKeyServer {
  name: string;
  hostnames: string[];
  port: number;
  caCertificate: string;
}

describe('TR-4843 §9.1 EKM set-up against ekmsim up', () => {
  let tmp: string;
  let up: UpProcess;
  let api: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;
  let sim: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;
  let kms1: SimKeyServer;
  let kms2: SimKeyServer;
  const upArgs = (): string[] => ['--api-port', '0', '--data', join(tmp, 'cluster'), '--key-server', 'kms1=generic', '--key-server', 'kms2=generic'];

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-ekm-'));
    up = await startUp(upArgs());
    api = (m, p) => element(up.apiBase, m, p);
    sim = (m, p) => element(up.apiBase, m, p, '/sim/json-rpc/1.0');
    const servers = (await sim('ListSimKeyServers')).keyServers as SimKeyServer[];
    kms1 = servers.find((s) => s.name === 'kms1')!;
    kms2 = servers.find((s) => s.name === 'kms2')!;
  });

  afterAll(async () => {
    await up?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('answers GetAPI and GetClusterInfo like a 12.3 cluster', async () => {
    const info = await api('GetAPI');
    expect(info.currentVersion).toBe('12.3');
    expect(info.supportedVersions).toContain('11.7');
    const { clusterInfo } = (await api('GetClusterInfo')) as { clusterInfo: Record<string, unknown> };
    expect(clusterInfo.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clusterInfo.encryptionAtRestState).toBe('disabled');
  });

  it('refuses a CSR before there is a key pair, and a CSR from a bad subject', async () => {
    expect(await elementErrorName(api('GetClientCertificateSignRequest'))).toBe('xSslKeysDoNotExist');
    await api('CreatePublicPrivateKeyPair', { commonName: 'cluster1', country: 'USA' });
    expect(await elementErrorName(api('GetClientCertificateSignRequest'))).toBe('xCsrGenerationFailed');
  });

  let clientCert: string;
  let serverID: number;
  let providerID: number;

  it('step 1: key pair, CSR, signed by the key server CA; the openssl round trip of TR-4843 §7.2 works too', async () => {
    expect(await api('CreatePublicPrivateKeyPair', { commonName: 'cluster1', organization: 'NetApp', locality: 'Sunnyvale', state: 'California', country: 'US', emailAddress: 'admin@example.com' })).toEqual({});
    const { clientCertificateSignRequest: csr } = (await api('GetClientCertificateSignRequest')) as { clientCertificateSignRequest: string };
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n?$/);
    await writeFile(join(tmp, 'cluster.csr.pem'), csr);
    const verify = await run('openssl', ['req', '-verify', '-noout', '-text', '-in', join(tmp, 'cluster.csr.pem')]);
    expect(verify.stdout + verify.stderr).toMatch(/verify OK/i);
    expect(verify.stdout).toMatch(/OU\s*=\s*SolidFire/);

    // TR-4843 §7.2, as written: a third-party CA signs the cluster's CSR.
    await run('openssl', ['genrsa', '-out', join(tmp, 'ca.privkey.pem'), '2048']);
    await run('openssl', ['req', '-x509', '-new', '-nodes', '-key', join(tmp, 'ca.privkey.pem'), '-sha256', '-days', '3650', '-out', join(tmp, 'ca.cert.pem'), '-subj', '/CN=Third-party CA']);
    await run('openssl', ['x509', '-req', '-days', '3600', '-in', join(tmp, 'cluster.csr.pem'), '-CA', join(tmp, 'ca.cert.pem'), '-CAkey', join(tmp, 'ca.privkey.pem'), '-CAcreateserial', '-out', join(tmp, 'cluster.cert.pem'), '-sha256']);
    const thirdParty = (await api('CreateKeyServerKmip', {
      kmipKeyServerName: 'third-party CA check',
      kmipKeyServerHostnames: ['vormetric.example'],
      kmipCaCertificate: await readFile(join(tmp, 'ca.cert.pem'), 'utf8'),
      kmipClientCertificate: await readFile(join(tmp, 'cluster.cert.pem'), 'utf8'),
    })) as { kmipKeyServer: { keyServerID: number; kmipKeyServerPort: number } };
    expect(thirdParty.kmipKeyServer.kmipKeyServerPort).toBe(5696);
    await api('DeleteKeyServerKmip', { keyServerID: thirdParty.kmipKeyServer.keyServerID });

    // The key server's own CA signs it (the vendor UI's step), through the simulator's control API.
    clientCert = ((await sim('SignClientCertificate', { keyServer: 'kms1', csr })) as { certificate: string }).certificate;
    expect(clientCert).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('step 2: provider, server, tests, assignment, provider test', async () => {
    const { kmipKeyProvider } = (await api('CreateKeyProviderKmip', { keyProviderName: 'KeyProvider1' })) as { kmipKeyProvider: Record<string, unknown> };
    expect(kmipKeyProvider).toMatchObject({ keyProviderName: 'KeyProvider1', keyProviderIsActive: false, keyServerIDs: [] });
    providerID = kmipKeyProvider.keyProviderID as number;
    const { kmipKeyServer } = (await api('CreateKeyServerKmip', {
      kmipKeyServerName: 'kms1',
      kmipKeyServerHostnames: kms1.hostnames,
      kmipKeyServerPort: kms1.port,
      kmipCaCertificate: kms1.caCertificate,
      kmipClientCertificate: clientCert,
    })) as { kmipKeyServer: Record<string, unknown> };
    expect(kmipKeyServer).toMatchObject({ kmipKeyServerName: 'kms1', keyProviderID: null, kmipAssignedProviderIsActive: null, kmipKeyServerPort: kms1.port });
    serverID = kmipKeyServer.keyServerID as number;
    expect(await api('TestKeyServerKmip', { keyServerID: serverID })).toEqual({});
    expect(await api('AddKeyServerToProviderKmip', { keyProviderID: providerID, keyServerID: serverID })).toEqual({});
    expect(await api('TestKeyProviderKmip', { keyProviderID: providerID })).toEqual({});
    const { kmipKeyProvider: p } = (await api('GetKeyProviderKmip', { keyProviderID: providerID })) as { kmipKeyProvider: Record<string, unknown> };
    expect(p.keyServerIDs).toEqual([serverID]);
    const { kmipKeyServers } = (await api('ListKeyServersKmip', { kmipHasProviderAssigned: true })) as { kmipKeyServers: Record<string, unknown>[] };
    expect(kmipKeyServers.map((s) => s.keyServerID)).toEqual([serverID]);
  });

  it('raises each TR-4843 §10.2 exception from its documented cause', async () => {
    const base = { kmipKeyServerHostnames: kms1.hostnames, kmipCaCertificate: kms1.caCertificate, kmipClientCertificate: clientCert };
    // Same host names and port as an existing server.
    expect(await elementErrorName(api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'again', kmipKeyServerPort: kms1.port }))).toBe('xKeyServerFailedKeyAlreadyExists');
    // Improperly formatted certificate data (TR-4843 §10.5).
    const crlf = clientCert.replace(/\n/g, '\r\n');
    expect(await elementErrorName(api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'crlf', kmipKeyServerPort: 1, kmipClientCertificate: crlf }))).toBe('xKeyServerInvalidAuth');
    expect(await elementErrorName(api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'no end', kmipKeyServerPort: 1, kmipCaCertificate: kms1.caCertificate.replace('-----END CERTIFICATE-----', '') }))).toBe('xKeyServerInvalidAuth');

    // The key server cannot be reached: nothing listens on the port.
    const closed = (await api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'closed port', kmipKeyServerPort: 9 })) as { kmipKeyServer: { keyServerID: number } };
    expect(await elementErrorName(api('TestKeyServerKmip', { keyServerID: closed.kmipKeyServer.keyServerID }))).toBe('xKeyServerUnavailable');

    // A client certificate signed by a CA the key server does not trust.
    const { clientCertificateSignRequest: csr } = (await api('GetClientCertificateSignRequest')) as { clientCertificateSignRequest: string };
    const kms2Cert = ((await sim('SignClientCertificate', { keyServer: 'kms2', csr })) as { certificate: string }).certificate;
    const untrusted = (await api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'untrusted client', kmipKeyServerPort: kms1.port, kmipKeyServerHostnames: ['127.0.0.1'], kmipCaCertificate: kms1.caCertificate + kms2.caCertificate, kmipClientCertificate: kms2Cert })) as { kmipKeyServer: { keyServerID: number } };
    expect(await elementErrorName(api('TestKeyServerKmip', { keyServerID: untrusted.kmipKeyServer.keyServerID }))).toBe('xKeyServerAuthFailed');
    await api('DeleteKeyServerKmip', { keyServerID: untrusted.kmipKeyServer.keyServerID });

    // The configured CA did not sign the key server's certificate: the TLS handshake fails here.
    const wrongCa = (await api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'wrong CA', kmipKeyServerPort: kms1.port, kmipKeyServerHostnames: ['localhost', '127.0.0.1'], kmipCaCertificate: kms2.caCertificate, kmipClientCertificate: kms2Cert })) as { kmipKeyServer: { keyServerID: number } };
    expect(await elementErrorName(api('TestKeyServerKmip', { keyServerID: wrongCa.kmipKeyServer.keyServerID }))).toBe('xKeyServerSslError');
    await api('DeleteKeyServerKmip', { keyServerID: wrongCa.kmipKeyServer.keyServerID });

    // Deleting a server that a provider uses; unknown IDs.
    expect(await elementErrorName(api('DeleteKeyServerKmip', { keyServerID: serverID }))).toBe('xKeyServerHasProviderAssigned');
    expect(await elementErrorName(api('GetKeyServerKmip', { keyServerID: 9999 }))).toBe('xKeyServerIDDoesNotExist');
    expect(await elementErrorName(api('GetKeyProviderKmip', { keyProviderID: 9999 }))).toBe('xNoOnlineKeyProviderWithThatID');

    // A TLS server the CA vouches for that does not speak KMIP: the key server "failed".
    const kms1Dir = join(tmp, 'cluster', 'keyservers', 'kms1');
    const ca = { certPem: await readFile(join(kms1Dir, 'ca.pem'), 'utf8'), keyPem: await readFile(join(kms1Dir, 'ca.key'), 'utf8') };
    const notKmip = await issueServerCertificate({ ca, commonName: 'localhost', sans: [...kms1.hostnames, 'localhost', '127.0.0.1'], clock: systemClock(), rng: secureRng() });
    const garbage = createServer({ cert: notKmip.certPem, key: notKmip.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false }, (socket) => {
      socket.on('data', () => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    const garbagePort = (garbage.address() as AddressInfo).port;
    try {
      const failed = (await api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'not KMIP', kmipKeyServerPort: garbagePort })) as { kmipKeyServer: { keyServerID: number } };
      expect(await elementErrorName(api('TestKeyServerKmip', { keyServerID: failed.kmipKeyServer.keyServerID }))).toBe('xKeyServerFailed');
      await api('DeleteKeyServerKmip', { keyServerID: failed.kmipKeyServer.keyServerID });

      // Provider tests: a provider gets one good server, the server is then changed while the
      // provider is inactive (so not contacted), and the provider test says what is wrong.
      const providerTest = async (change: Record<string, unknown>): Promise<string> => {
        const { kmipKeyProvider } = (await api('CreateKeyProviderKmip', { keyProviderName: 'probe' })) as { kmipKeyProvider: { keyProviderID: number } };
        const { kmipKeyServer } = (await api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'probe', kmipKeyServerPort: kms1.port, kmipKeyServerHostnames: ['127.0.0.1'] })) as { kmipKeyServer: { keyServerID: number } };
        await api('AddKeyServerToProviderKmip', { keyProviderID: kmipKeyProvider.keyProviderID, keyServerID: kmipKeyServer.keyServerID });
        await api('ModifyKeyServerKmip', { keyServerID: kmipKeyServer.keyServerID, ...change });
        const name = await elementErrorName(api('TestKeyProviderKmip', { keyProviderID: kmipKeyProvider.keyProviderID }));
        await api('RemoveKeyServerFromProviderKmip', { keyServerID: kmipKeyServer.keyServerID });
        await api('DeleteKeyServerKmip', { keyServerID: kmipKeyServer.keyServerID });
        await api('DeleteKeyProviderKmip', { keyProviderID: kmipKeyProvider.keyProviderID });
        return name;
      };
      expect(await providerTest({ kmipKeyServerPort: 9 })).toBe('xKeyProviderUnavailable');
      expect(await providerTest({ kmipCaCertificate: kms1.caCertificate + kms2.caCertificate, kmipClientCertificate: kms2Cert })).toBe('xKeyProviderConfigurationError');
      expect(await providerTest({ kmipKeyServerPort: garbagePort })).toBe('xKeyProviderFailed');
    } finally {
      await new Promise((resolve) => garbage.close(resolve));
    }

    // Step 3 makes the provider active; then the rules that protect an active provider bite.
    expect(await api('EnableEncryptionAtRest', { keyProviderID: providerID })).toEqual({});
    const { clusterInfo } = (await api('GetClusterInfo')) as { clusterInfo: { encryptionAtRestState: string } };
    expect(['enabling', 'enabled']).toContain(clusterInfo.encryptionAtRestState);
    expect(await elementErrorName(api('DeleteKeyProviderKmip', { keyProviderID: providerID }))).toBe('xKeyProviderActive');
    expect(await elementErrorName(api('RemoveKeyServerFromProviderKmip', { keyServerID: serverID }))).toBe('xKeyServerLastForActiveProvider');
    expect(await elementErrorName(api('CreatePublicPrivateKeyPair', { commonName: 'cluster1' }))).toBe('xKeyPairInUse');
    const { kmipKeyServer } = (await api('GetKeyServerKmip', { keyServerID: serverID })) as { kmipKeyServer: Record<string, unknown> };
    expect(kmipKeyServer).toMatchObject({ keyProviderID: providerID, kmipAssignedProviderIsActive: true });
  });

  it('keeps every acknowledged change across kill -9 and restart', async () => {
    const before = {
      servers: await api('ListKeyServersKmip'),
      providers: await api('ListKeyProvidersKmip'),
      csr: await api('GetClientCertificateSignRequest'),
      ear: await api('GetEncryptionAtRestInfo'),
      cluster: await api('GetClusterInfo'),
    };
    const renamed = await api('CreateKeyProviderKmip', { keyProviderName: 'acknowledged just before the kill' });
    await up.kill9();
    up = await startUp(upArgs());
    expect(await api('ListKeyServersKmip')).toEqual(before.servers);
    const providers = (await api('ListKeyProvidersKmip')) as { kmipKeyProviders: unknown[] };
    expect(providers.kmipKeyProviders).toEqual([...(before.providers.kmipKeyProviders as unknown[]), renamed.kmipKeyProvider]);
    expect(await api('GetClientCertificateSignRequest')).toEqual(before.csr);
    expect(await api('GetEncryptionAtRestInfo')).toEqual(before.ear);
    expect(await api('GetClusterInfo')).toEqual(before.cluster);
    expect(await api('TestKeyProviderKmip', { keyProviderID: providerID })).toEqual({});
  });

  it('never writes a private key to its logs', async () => {
    const logs = (await readFile(join(tmp, 'cluster', 'sf-master.info'), 'utf8')) + (await readFile(join(tmp, 'cluster', 'sf-master.error'), 'utf8'));
    expect(logs).toMatch(/\[KS\]/);
    expect(logs).toMatch(/\[API\]/);
    expect(logs).not.toMatch(/PRIVATE KEY/);
  });
});
