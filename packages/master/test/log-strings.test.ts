/**
 * TR-4843 §10.3 in the files an administrator greps: each documented cause produces its
 * documented string in sf-master.error (and .info) under `[KS]` and `[OpenSSL]`, and
 * SetConstants {cKmipCmdExtraFlags: 161} turns on verbose KMIP logging to sf-kmip.info — every
 * request and response, never key material.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KmipClient } from '@ekmsim/kmip-client';
import { authenticationKeyName, createElementLogs, KMIP_INFO_LOG, MASTER_ERROR_LOG, MASTER_INFO_LOG, openMaster, type ElementLogs, type Master } from '@ekmsim/master';
import { issueServerCertificate, signCsr, type CertAndKey } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECT } from './support/cluster.js';
import { opensslServer } from './support/openssl-server.js';
import { clock, closedPort, makeCa, removeDir, rng, scratchDir, startSite, type Site } from './support/site.js';

let dir: string;
let logs: ElementLogs;
let master: Master;
let site: Site;
let otherCa: CertAndKey;
let good: string;
let other: string;
let quietID: number;

const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
/** A line of the Element log format at `level` and `component`, with `text` as (the start of) its message. */
const line = (level: string, component: string, text: string): RegExp =>
  new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z ekmsim master-1\\[\\d+\\]: \\[${level}\\] \\[${component}\\] ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm');

async function server(name: string, settings: { port: number; hostnames?: string[]; client?: string; ca?: string }): Promise<number> {
  const s = await master.createKeyServerKmip({
    kmipCaCertificate: settings.ca ?? site.ca.certPem,
    kmipClientCertificate: settings.client ?? good,
    kmipKeyServerHostnames: settings.hostnames ?? ['localhost'],
    kmipKeyServerName: name,
    kmipKeyServerPort: settings.port,
  });
  return s.keyServerID;
}

/** The lines a failed TestKeyServerKmip of `id` added to sf-master.error. */
async function failedTest(id: number): Promise<string> {
  const before = read(MASTER_ERROR_LOG).length;
  await expect(master.testKeyServerKmip(id)).rejects.toThrow();
  return read(MASTER_ERROR_LOG).slice(before);
}

beforeAll(async () => {
  dir = scratchDir();
  site = await startSite();
  otherCa = await makeCa('Another CA');
  logs = createElementLogs({ dir, clock });
  master = await openMaster({ dataDir: join(dir, 'master'), clock, rng, logger: logs });
  await master.createPublicPrivateKeyPair(SUBJECT);
  const csr = master.getClientCertificateSignRequest();
  good = site.sign(csr);
  other = signCsr({ csrPem: csr, ca: otherCa, clock, rng });
});

afterAll(async () => {
  await master.close();
  await logs.close();
  await site.close();
  removeDir(dir);
});

describe('TR-4843 §10.3 strings from their causes', () => {
  it('a host name that does not resolve: KMIP_ERROR_IO, BIO_get_host_ip: bad hostname lookup, SSL_shutdown:shutdown while in init', async () => {
    const id = await server('unresolvable', { port: site.port, hostnames: ['no-such-host.invalid'] });
    const text = await failedTest(id);
    expect(text).toMatch(line('ERROR', 'KS', `Key server ${id} (unresolvable) test failed: xKeyServerUnavailable: KMIP_ERROR_IO: `));
    expect(text).toMatch(line('ERROR', 'OpenSSL', 'OpenSSL error stack: BIO_get_host_ip: bad hostname lookup'));
    expect(text).toMatch(line('ERROR', 'OpenSSL', 'OpenSSL error stack: SSL_shutdown:shutdown while in init'));
    // The specific error comes before OpenSSL's generic one.
    expect(text.indexOf('bad hostname lookup')).toBeLessThan(text.indexOf('SSL_shutdown'));
    expect(read(MASTER_INFO_LOG)).toContain(text.trim().split('\n')[0]);
  });

  it('a port nothing listens on: KMIP_ERROR_IO, BIO_connect … Connection refused, SSL_shutdown:shutdown while in init', async () => {
    const id = await server('refused', { port: await closedPort(), hostnames: ['127.0.0.1'] });
    const text = await failedTest(id);
    expect(text).toMatch(line('ERROR', 'KS', `Key server ${id} (refused) test failed: xKeyServerUnavailable: KMIP_ERROR_IO: `));
    expect(text).toMatch(line('ERROR', 'OpenSSL', 'OpenSSL error stack: BIO_connect:connect error: Connection refused'));
    expect(text).toMatch(line('ERROR', 'OpenSSL', 'OpenSSL error stack: SSL_shutdown:shutdown while in init'));
  });

  it('the key server does not trust the CA of the cluster\'s certificate: ssl3_read_bytes:tlsv1 alert unknown ca', async () => {
    const scratch = scratchDir();
    const cert = await issueServerCertificate({ commonName: 'localhost', sans: ['localhost'], ca: site.ca, clock, rng });
    const s = await opensslServer(scratch, cert, site.ca.certPem, 'TLSv1.2');
    try {
      const id = await server('untrusting', { port: s.port, client: other, ca: site.ca.certPem + otherCa.certPem });
      const text = await failedTest(id);
      expect(text).toMatch(line('ERROR', 'KS', `Key server ${id} (untrusting) test failed: xKeyServerAuthFailed: KMIP_ERROR_IO: `));
      expect(text).toMatch(line('ERROR', 'OpenSSL', 'OpenSSL error stack: ssl3_read_bytes:tlsv1 alert unknown ca'));
    } finally {
      s.stop();
      removeDir(scratch);
    }
  });

  it('kmipCaCertificate is not the key server\'s CA: ssl3_get_server_certificate:certificate verify failed', async () => {
    const trusting = await startSite({ alsoTrust: [otherCa.certPem] });
    try {
      const id = await server('wrong CA', { port: trusting.port, client: other, ca: otherCa.certPem });
      const text = await failedTest(id);
      expect(text).toMatch(line('ERROR', 'KS', `Key server ${id} (wrong CA) test failed: xKeyServerSslError: KMIP_ERROR_IO: `));
      expect(text).toMatch(line('ERROR', 'OpenSSL', 'OpenSSL error stack: ssl3_get_server_certificate:certificate verify failed'));
    } finally {
      await trusting.close();
    }
  });

  it('the TLS client key does not match the client certificate: ssl3_get_server_certificate:certificate verify failed', async () => {
    const scratchMaster = await openMaster({ dataDir: join(dir, 'second'), clock, rng, logger: logs });
    try {
      await scratchMaster.createPublicPrivateKeyPair(SUBJECT);
      const cert = site.sign(scratchMaster.getClientCertificateSignRequest());
      const { keyServerID } = await scratchMaster.createKeyServerKmip({
        kmipCaCertificate: site.ca.certPem,
        kmipClientCertificate: cert,
        kmipKeyServerHostnames: ['localhost'],
        kmipKeyServerName: 'stale',
        kmipKeyServerPort: site.port,
      });
      await scratchMaster.createPublicPrivateKeyPair(SUBJECT);
      const before = read(MASTER_ERROR_LOG).length;
      await expect(scratchMaster.testKeyServerKmip(keyServerID)).rejects.toThrow();
      const text = read(MASTER_ERROR_LOG).slice(before);
      expect(text).toMatch(line('ERROR', 'KS', `Key server ${keyServerID} (stale) test failed: xKeyServerInvalidAuth: `));
      expect(text).toMatch(line('ERROR', 'OpenSSL', 'OpenSSL error stack: ssl3_get_server_certificate:certificate verify failed (the TLS client key does not match the client certificate)'));
    } finally {
      await scratchMaster.close();
    }
  });
});

describe('verbose KMIP logging (cKmipCmdExtraFlags)', () => {
  it('is off by default: nothing in sf-kmip.info', async () => {
    quietID = await server('quiet', { port: site.port });
    await master.testKeyServerKmip(quietID);
    expect(read(KMIP_INFO_LOG)).toBe('');
  });

  it('161 writes every request, response and connection to sf-kmip.info only, never key material', async () => {
    expect(await master.setConstants({ cKmipCmdExtraFlags: 161 })).toEqual({ cKmipCmdExtraFlags: 161 });
    expect(master.getConstants()).toEqual({ cKmipCmdExtraFlags: 161 });
    const id = await server('verbose', { port: site.port, hostnames: ['127.0.0.1', 'localhost'] });
    const provider = await master.createKeyProviderKmip('KMS');
    await master.addKeyServerToProviderKmip(provider.keyProviderID, id);
    await master.enableEncryptionAtRest({ keyProviderID: provider.keyProviderID });

    const kmip = read(KMIP_INFO_LOG);
    const peer = `127.0.0.1:${site.port}`;
    expect(kmip).toMatch(line('INFO', 'KMIP', `KMIP connection to ${peer} opened`));
    expect(kmip).toMatch(line('INFO', 'KMIP', `KMIP request to ${peer}: protocol 1.2, DiscoverVersions`));
    expect(kmip).toMatch(line('INFO', 'KMIP', `KMIP response from ${peer}: protocol 1.2, DiscoverVersions Success`));
    expect(kmip).toMatch(line('INFO', 'KMIP', `KMIP request to ${peer}: protocol 1.2, Query`));
    expect(kmip).toMatch(line('INFO', 'KMIP', `KMIP request to ${peer}: protocol 1.2, Create`));
    expect(kmip).toMatch(line('INFO', 'KMIP', `KMIP response from ${peer}: protocol 1.2, Get Success`));
    expect(kmip).toMatch(line('INFO', 'KMIP', `KMIP request to ${peer} TTLV: RequestMessage{RequestHeader{ProtocolVersion{ProtocolVersionMajor=1, ProtocolVersionMinor=2}`));
    expect(kmip).toMatch(/KeyValue=<withheld>/);
    expect(kmip).toMatch(new RegExp(`KMIP connection to ${peer.replace(/\./g, '\\.')} closed \\(\\d+ bytes sent, \\d+ received\\)`));
    // sf-master.* never carry [KMIP] lines.
    expect(read(MASTER_INFO_LOG)).not.toMatch(/\[KMIP\]/);

    // The AK, read where it lives, appears in no log.
    const keyID = master.getEncryptionAtRestInfo().authenticationKeyInfo?.keyID ?? '';
    const peerIdentity = await site.peerIdentity(SUBJECT.commonName);
    const client = new KmipClient({ servers: [{ host: 'localhost', port: site.port }], tls: { caPem: site.ca.certPem, ...peerIdentity }, clock });
    let ak: Uint8Array;
    try {
      const [uid] = await client.locate({ name: authenticationKeyName(keyID) });
      ak = (await client.get(uid!)).key!.material;
    } finally {
      await client.close();
    }
    for (const form of [Buffer.from(ak).toString('hex'), Buffer.from(ak).toString('hex').toUpperCase(), Buffer.from(ak).toString('base64')]) {
      for (const file of [KMIP_INFO_LOG, MASTER_INFO_LOG, MASTER_ERROR_LOG]) expect(read(file).includes(form), file).toBe(false);
    }
    expect(kmip).not.toMatch(/PRIVATE KEY/);
  });

  it('0 turns it off again', async () => {
    await master.setConstants({ cKmipCmdExtraFlags: 0 });
    const before = read(KMIP_INFO_LOG);
    await master.testKeyServerKmip(quietID);
    expect(read(KMIP_INFO_LOG)).toBe(before);
  });

  it('refuses an unknown constant or a bad value and changes nothing', async () => {
    await expect(master.setConstants({ cKmipCmdExtraFlags: 1, cUnknown: 3 })).rejects.toMatchObject({ elementName: 'xInvalidParameter' });
    await expect(master.setConstants({ cKmipCmdExtraFlags: -1 })).rejects.toMatchObject({ elementName: 'xInvalidParameter' });
    await expect(master.setConstants({ cKmipCmdExtraFlags: 2 ** 32 })).rejects.toMatchObject({ elementName: 'xInvalidParameter' });
    expect(master.getConstants()).toEqual({ cKmipCmdExtraFlags: 0 });
  });
});
