/** Vormetric Data Security Manager (TR-4843 §7). */
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCa, type Pem } from './support/certs.js';
import { makePki, removeDir, scratchDir, type Pki } from './support/fixture.js';
import { createKey, expectAdminError, expectRefused, startVendor, type VendorServer } from './support/vendor.js';

/** The third-party CA that signs the cluster's CSR (§7.2 step 2) and is trusted as a KMIP root (step 3). */
let pki: Pki;
/** The cluster's certificate: its CN is the host name registered on the DSM (§7.2 step 1). */
let cluster: Pem;
let renewed: Pem;
let stranger: TestCa;

beforeAll(() => {
  pki = makePki();
  cluster = pki.ca.issue('cluster1', 'client', undefined, { ou: 'SolidFire' });
  renewed = pki.ca.issue('cluster1', 'client', undefined, { ou: 'SolidFire' });
  stranger = new TestCa('untrusted CA');
});

afterAll(() => {
  pki.remove();
  stranger.remove();
});

const der64 = (pem: string): string => new X509Certificate(pem).raw.toString('base64');
const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

async function withDsm(body: (s: VendorServer) => Promise<void>, dataDir?: string): Promise<void> {
  const s = await startVendor({ server: pki.server, caPem: pki.ca.certPem }, { vendor: 'vormetric', dataDir: dataDir ?? scratchDir() });
  try {
    await body(s);
  } finally {
    await s.stop();
    if (dataDir === undefined) removeDir(s.dataDir);
  }
}

describe('Vormetric DSM (TR-4843 §7.2)', () => {
  it('refuses a certificate whose CN matches no registered host, and serves it once that host is registered with it', async () => {
    await withDsm(async (s) => {
      s.admin.registerHost({ host: 'dsm-client-a' });
      s.admin.importCertificate({ host: 'dsm-client-a', certificate: cluster.certPem, format: 'pem' });
      await expectRefused(s.endpoint(), cluster);
      expect(s.refusals()).toContain('client refused: the client certificate CN "cluster1" matches no registered host');
      expect(s.admin.registerHost({ host: 'Cluster1' })).toEqual({ hosts: ['dsm-client-a', 'Cluster1'] });
      await expectRefused(s.endpoint(), cluster);
      expect(s.refusals()).toContain('client refused: no KMIP certificate is imported for host "Cluster1"');
      const listed = s.admin.importCertificate({ host: 'cluster1', certificate: cluster.certPem, format: 'pem' });
      expect(listed).toMatchObject({ fingerprint: fingerprintOf(cluster.certPem), commonName: 'cluster1', status: 'imported', host: 'Cluster1' });
      await createKey(await s.connect(cluster));
    });
  });

  it('imports a certificate as DER too; an import replaces the host’s previous certificate', async () => {
    await withDsm(async (s) => {
      s.admin.registerHost({ host: 'cluster1' });
      s.admin.importCertificate({ host: 'cluster1', certificate: der64(cluster.certPem), format: 'der' });
      const live = await s.connect(cluster);
      await createKey(live);
      await expectRefused(s.endpoint(), renewed);
      expect(s.refusals()).toContain('client refused: the client certificate is not the one imported for host "cluster1"');
      s.admin.importCertificate({ host: 'cluster1', certificate: renewed.certPem, format: 'pem' });
      await live.closed;
      await expectRefused(s.endpoint(), cluster);
      await createKey(await s.connect(renewed));
      expect(s.admin.listCertificates().certificates.map((c) => c.fingerprint)).toEqual([fingerprintOf(renewed.certPem)]);
    });
  });

  it('needs the CA trust as well: an imported certificate from an untrusted CA is refused in the handshake', async () => {
    await withDsm(async (s) => {
      const foreign = stranger.issue('cluster1', 'client');
      s.admin.registerHost({ host: 'cluster1' });
      s.admin.importCertificate({ host: 'cluster1', certificate: foreign.certPem, format: 'pem' });
      await expectRefused(s.endpoint(), foreign);
      expect(s.refusals()).toContain('client refused: the client certificate is not issued by a trusted CA');
    });
  });

  it('untrusting or unregistering drops the live connection; hosts and imports survive a restart', async () => {
    const dataDir = scratchDir();
    await withDsm(async (s) => {
      s.admin.registerHost({ host: 'cluster1' });
      s.admin.importCertificate({ host: 'cluster1', certificate: cluster.certPem, format: 'pem' });
      const live = await s.connect(cluster);
      expect(s.admin.untrustCertificate({ commonName: 'cluster1' })).toHaveLength(1);
      await live.closed;
      s.admin.importCertificate({ host: 'cluster1', certificate: der64(cluster.certPem), format: 'der' });
    }, dataDir);
    await withDsm(async (s) => {
      expect(s.admin.listHosts()).toEqual({ hosts: ['cluster1'] });
      const live = await s.connect(cluster);
      await createKey(live);
      s.admin.unregisterHost({ host: 'CLUSTER1' });
      await live.closed;
      expect(s.admin.listCertificates().certificates).toEqual([]);
      await expectRefused(s.endpoint(), cluster);
    }, dataDir);
    removeDir(dataDir);
  });

  it('checks host and certificate arguments and changes nothing on error', async () => {
    await withDsm(async (s) => {
      s.admin.registerHost({ host: 'cluster1' });
      const bad: [() => unknown, string][] = [
        [() => s.admin.registerHost({ host: 'cluster1' }), 'CONFLICT'],
        [() => s.admin.registerHost({ host: 'bad host!' }), 'INVALID_ARGUMENT'],
        [() => s.admin.registerHost({ host: '-leading.example' }), 'INVALID_ARGUMENT'],
        [() => s.admin.unregisterHost({ host: 'other' }), 'NOT_FOUND'],
        [() => s.admin.importCertificate({ host: 'other', certificate: cluster.certPem, format: 'pem' }), 'NOT_FOUND'],
        [() => s.admin.importCertificate({ host: 'cluster1', certificate: cluster.certPem, format: 'der' }), 'INVALID_ARGUMENT'],
        [() => s.admin.importCertificate({ host: 'cluster1', certificate: der64(cluster.certPem), format: 'pem' }), 'INVALID_ARGUMENT'],
        [() => s.admin.importCertificate({ host: 'cluster1', certificate: 'AAAA', format: 'der' }), 'INVALID_ARGUMENT'],
        [() => s.admin.importCertificate({ host: 'cluster1', certificate: pki.ca.certPem, format: 'pem' }), 'INVALID_ARGUMENT'],
        [() => s.admin.importCertificate({ host: 'cluster1', certificate: cluster.certPem + renewed.certPem, format: 'pem' }), 'INVALID_ARGUMENT'],
        [() => s.admin.importCertificate({ host: 'cluster1', certificate: cluster.certPem, format: 'crt' } as never), 'INVALID_ARGUMENT'],
        [() => s.admin.untrustCertificate({ commonName: 'cluster1' }), 'NOT_FOUND'],
        [() => s.admin.acceptCertificate({ commonName: 'cluster1' }), 'NOT_SUPPORTED'],
      ];
      for (const [fn, code] of bad) await expectAdminError(fn, code);
      expect(s.admin.listHosts()).toEqual({ hosts: ['cluster1'] });
      expect(s.admin.listCertificates().certificates).toEqual([]);
    });
  });
});
