/**
 * kmipCertificateFault (TR-4843 §10.1 Tables 2 and 3) judged on the master's clock: a client
 * certificate and a root CA certificate walking warning → error → critical → expired as a
 * simulated clock advances (the 30 s evaluation does it by itself), the details giving the days
 * left, renewal through ModifyKeyServerKmip clearing the fault at once, and an invalid
 * certificate. No key server is contacted: none is in an active provider.
 */
import { SimulatedClock, seededRng } from '@ekmsim/core';
import { openMaster, type ClusterFault, type Master } from '@ekmsim/master';
import { createCa, signCsr, type CertAndKey } from '@ekmsim/pki';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger, SUBJECT } from './support/cluster.js';
import { waitUntil } from './support/ear-cluster.js';
import { removeDir, scratchDir } from './support/site.js';

const DAY = 86_400_000;
/** A whole second, so a certificate's notAfter is exactly its days away. */
const START = Date.UTC(2026, 10, 28, 4, 50);

interface Setup {
  readonly master: Master;
  readonly clock: SimulatedClock;
  readonly ca: CertAndKey;
  readonly logger: MemoryLogger;
  readonly dataDir: string;
  readonly keyServerID: number;
  sign(days: number): string;
  reopen(): Promise<void>;
}

let s: Setup | undefined;
afterEach(async () => {
  await s?.master.close();
  if (s !== undefined) removeDir(s.dataDir);
  s = undefined;
});

async function setup(options: { clientDays: number; caDays?: number }): Promise<Setup> {
  const clock = new SimulatedClock(START);
  const rng = seededRng(11);
  const logger = new MemoryLogger();
  const dataDir = scratchDir();
  const open = (): Promise<Master> => openMaster({ dataDir, clock, rng, logger });
  const master = await open();
  const ca = await createCa({ commonName: 'KMS CA', clock, rng, ...(options.caDays === undefined ? {} : { days: options.caDays }) });
  await master.createPublicPrivateKeyPair(SUBJECT);
  const sign = (days: number): string => signCsr({ csrPem: setupRef.master.getClientCertificateSignRequest(), ca, clock, rng, days });
  const setupRef: Setup = {
    master,
    clock,
    ca,
    logger,
    dataDir,
    keyServerID: 0,
    sign,
    async reopen() {
      await setupRef.master.close();
      (setupRef as { master: Master }).master = await open();
    },
  };
  const server = await master.createKeyServerKmip({
    kmipCaCertificate: ca.certPem,
    kmipClientCertificate: sign(options.clientDays),
    kmipKeyServerHostnames: ['kms.example.test'],
    kmipKeyServerName: 'kms1',
    kmipKeyServerPort: 5696,
  });
  (setupRef as { keyServerID: number }).keyServerID = server.keyServerID;
  return setupRef;
}

const current = (master: Master): ClusterFault[] => master.listClusterFaults({ faultTypes: 'current' });

/** Advances the clock and waits for the 30 s evaluations to show a fault of `severity` (or none). */
async function advanceTo(setup: Setup, ms: number, expected: string | undefined): Promise<ClusterFault | undefined> {
  setup.clock.advance(ms);
  await waitUntil(() => (current(setup.master)[0]?.severity ?? 'none') === (expected ?? 'none') && current(setup.master).length <= 1, `a ${expected ?? 'cleared'} fault`);
  await setup.master.evaluateClusterFaults();
  return current(setup.master)[0];
}

describe('client certificate nearing expiry', () => {
  it('walks warning (30 days) → error (7) → critical (3) → expired as the clock advances, each evaluation by itself', async () => {
    s = await setup({ clientDays: 40 });
    await s.master.evaluateClusterFaults();
    expect(current(s.master)).toEqual([]);

    const warning = await advanceTo(s, 11 * DAY, 'warning');
    expect(warning).toMatchObject({
      code: 'kmipCertificateFault',
      severity: 'warning',
      type: 'cluster',
      resolved: false,
      resolvedDate: '',
      nodeID: 0,
      driveID: 0,
      driveIDs: [],
      data: { keyServerID: s.keyServerID, certificate: 'client', daysLeft: 29, notAfter: '2027-01-07T04:50:00Z' },
    });
    expect(warning?.details).toBe(
      'Client certificate is nearing expiration. Key server 1 (kms1): the client certificate (C=US, O=NetApp, OU=SolidFire, CN=cluster-1) expires on 2027-01-07T04:50:00Z; 29 days left. ' +
        'Create a new CSR with GetClientCertificateSignRequest, have it signed with an expiration date at least 30 days out, and install it with ModifyKeyServerKmip.',
    );
    // A day later the same fault says one day less.
    const dayLater = await advanceTo(s, DAY, 'warning');
    expect(dayLater?.clusterFaultID).toBe(warning?.clusterFaultID);
    expect(dayLater?.details).toMatch(/; 28 days left\./);

    const error = await advanceTo(s, 21 * DAY, 'error');
    expect(error?.details).toMatch(/; 7 days left\./);
    const critical = await advanceTo(s, 4 * DAY, 'critical');
    expect(critical?.details).toMatch(/^Client certificate is nearing expiration\..*; 3 days left\./);
    const expired = await advanceTo(s, 4 * DAY + 1000, 'critical');
    expect(expired?.details).toMatch(/^Client certificate expired\. Key server 1 \(kms1\): the client certificate .* expired on 2027-01-07T04:50:00Z, 1 day ago\./);
    expect(expired?.data).toMatchObject({ daysLeft: -2 });

    // Each change of severity resolved the previous fault and raised a new one.
    const all = s.master.listClusterFaults({});
    expect(all.map((f) => [f.severity, f.resolved])).toEqual([
      ['warning', true],
      ['error', true],
      ['critical', false],
    ]);
    expect(all[0]?.resolvedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(s.master.listClusterFaults({ faultTypes: 'resolved' })).toHaveLength(2);
    // Each was announced in the log and as an event, resolution before the next raise.
    const announced = s.master.listEvents({ eventType: 'encryptionAtRestEvent' }).map((e) => e.message.replace(/:.*$/, '').replace(/ \d+ /, ' N '));
    expect(announced).toEqual(['Cluster fault N raised', 'Cluster fault N resolved', 'Cluster fault N raised', 'Cluster fault N resolved', 'Cluster fault N raised']);
    expect(s.logger.at('FAULT').some((m) => /^Cluster fault \d+ raised: kmipCertificateFault \(critical\)/.test(m))).toBe(true);
  });

  it('ModifyKeyServerKmip with a renewed certificate clears the fault at once; the faults survive a restart', async () => {
    s = await setup({ clientDays: 20 });
    await s.master.evaluateClusterFaults();
    const [warning] = current(s.master);
    expect(warning?.severity).toBe('warning');

    await s.reopen();
    expect(s.master.listClusterFaults({})).toEqual([warning]);

    await s.master.modifyKeyServerKmip({ keyServerID: s.keyServerID, kmipClientCertificate: s.sign(365) });
    // No evaluation asked for: the change itself triggers one.
    await waitUntil(() => current(s!.master).length === 0, 'the fault cleared by the renewal');
    expect(s.master.listClusterFaults({})).toEqual([{ ...warning, resolved: true, resolvedDate: expect.stringMatching(/Z$/) as unknown }]);
  });

  it('an invalid client certificate (the key pair was replaced) is critical until a matching one is installed', async () => {
    s = await setup({ clientDays: 365 });
    await s.master.createPublicPrivateKeyPair(SUBJECT);
    await waitUntil(() => current(s!.master).length === 1, 'the invalid certificate fault');
    const [invalid] = current(s.master);
    expect(invalid).toMatchObject({ code: 'kmipCertificateFault', severity: 'critical', data: { keyServerID: 1, certificate: 'client' } });
    expect(invalid?.details).toMatch(/^Invalid Client certificate\. Key server 1 \(kms1\): kmipClientCertificate does not belong to the cluster's current key pair\./);
    await s.master.modifyKeyServerKmip({ keyServerID: s.keyServerID, kmipClientCertificate: s.sign(365) });
    await waitUntil(() => current(s!.master).length === 0, 'the fault cleared');
  });
});

describe('root CA certificate nearing expiry', () => {
  it('raises the root CA fault with its days left, separately from the client certificate', async () => {
    s = await setup({ caDays: 20, clientDays: 365 });
    await s.master.evaluateClusterFaults();
    const faults = current(s.master);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ severity: 'warning', data: { certificate: 'ca', daysLeft: 20 } });
    expect(faults[0]?.details).toMatch(
      /^Root Certification Authority \(CA\) certificate is nearing expiration\. Key server 1 \(kms1\): the root CA certificate \(CN=KMS CA\) expires on .*; 20 days left\. Acquire a new certificate from the root CA/,
    );
    const expired = await advanceTo(s, 21 * DAY, 'critical');
    expect(expired?.details).toMatch(/^Root Certification Authority \(CA\) certificate expired\./);
  });
});
