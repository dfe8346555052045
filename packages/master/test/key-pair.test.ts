/** CreatePublicPrivateKeyPair and GetClientCertificateSignRequest. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, keyPairsAhead, parseCsr } from '@ekmsim/pki';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, MemoryLogger, openCluster, type TestCluster } from './support/cluster.js';

let c: TestCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('CreatePublicPrivateKeyPair / GetClientCertificateSignRequest', () => {
  it('xSslKeysDoNotExist before any key pair exists', async () => {
    c = await openCluster();
    const f = await failure(() => c!.master.getClientCertificateSignRequest());
    expect(f.name).toBe('xSslKeysDoNotExist');
  });

  it('makes an RSA-2048 CSR with every subject field, OU defaulting to SolidFire, that openssl verifies', async () => {
    c = await openCluster();
    const subject = { commonName: 'c1', organization: 'NetApp', locality: 'RTP', state: 'NC', country: 'US', emailAddress: 'ops@example.com' };
    await c.master.createPublicPrivateKeyPair(subject);
    const csr = c.master.getClientCertificateSignRequest();
    expect(csr.includes('\r')).toBe(false);
    expect(parseCsr(csr)).toMatchObject({ subject: { ...subject, organizationalUnit: 'SolidFire' }, keyBits: 2048 });
    const file = join(c.dataDir, 'cluster.csr.pem');
    writeFileSync(file, csr);
    // Exits non-zero (and execFileSync throws) unless the self-signature verifies.
    const said = execFileSync('openssl', ['req', '-in', file, '-noout', '-verify'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(said).not.toMatch(/fail/i);
  });

  it('takes the key pair from the master\'s key pair source (one made ahead by a runner)', async () => {
    const made = await generateKeyPair();
    c = await openCluster({ keyPairs: keyPairsAhead(1, { make: () => Promise.resolve(made) }) });
    await c.master.createPublicPrivateKeyPair({ commonName: 'c1' });
    expect(parseCsr(c.master.getClientCertificateSignRequest()).publicKeyPem).toBe(made.publicKeyPem);
  });

  it('keeps an explicit organizationalUnit', async () => {
    c = await openCluster();
    await c.master.createPublicPrivateKeyPair({ commonName: 'c1', organizationalUnit: 'Storage' });
    expect(parseCsr(c.master.getClientCertificateSignRequest()).subject.organizationalUnit).toBe('Storage');
  });

  it('replaces the key pair while no provider is active (a new public key)', async () => {
    c = await openCluster();
    await c.master.createPublicPrivateKeyPair({ commonName: 'c1' });
    const first = parseCsr(c.master.getClientCertificateSignRequest()).publicKeyPem;
    await c.master.createPublicPrivateKeyPair({ commonName: 'c1' });
    expect(parseCsr(c.master.getClientCertificateSignRequest()).publicKeyPem).not.toBe(first);
  });

  it.each([
    ['a country that is not two letters', { commonName: 'c1', country: 'USA' }],
    ['an empty common name', { commonName: '' }],
    ['an e-mail address without @', { commonName: 'c1', emailAddress: 'nobody' }],
  ])('xCsrGenerationFailed for %s, given earlier to CreatePublicPrivateKeyPair', async (_label, subject) => {
    const logger = new MemoryLogger();
    c = await openCluster({ logger });
    await c.master.createPublicPrivateKeyPair(subject);
    const f = await failure(() => c!.master.getClientCertificateSignRequest());
    expect(f.name).toBe('xCsrGenerationFailed');
    expect(f.message).toMatch(/subject/);
    expect(logger.at('KS').some((m) => m.startsWith('CSR generation failed'))).toBe(true);
  });
});
