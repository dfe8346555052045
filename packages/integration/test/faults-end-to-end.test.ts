/**
 * Issue 5's "Done when" for faults, through a whole simulation and its APIs only: each fault of
 * TR-4843 §10.1 is raised on demand with the control API (network faults, the key server
 * administrator's actions, the simulation clock), shows Element's fields in ListClusterFaults,
 * and resolves by itself once the cause is removed (the 30 s evaluation, run by AdvanceClock).
 * The key server is an IBM SKLM, whose refusal of an untrusted certificate is TR-4843's one
 * documented Server Error. The client certificate walks warning → error → critical → expired as
 * the clock advances and is cleared by renewing it with ModifyKeyServerKmip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDrives, startTestCluster, waitFor, waitForEar, waitUnlocked, type Call, type TestCluster } from './helpers/cluster.js';

interface Fault {
  clusterFaultID: number;
  code: string;
  severity: string;
  type: string;
  details: string;
  nodeID: number;
  driveID: number;
  driveIDs: number[];
  resolved: boolean;
  resolvedDate: string;
  date: string;
  data: Record<string, unknown> | null;
}

/** Element's cluster fault object (element-api.md), as ListClusterFaults returns it. */
const FAULT_FIELDS = [
  'clusterFaultID', 'code', 'data', 'date', 'details', 'driveID', 'driveIDs', 'externalSource', 'networkInterface', 'nodeHardwareFaultID', 'nodeID', 'resolved', 'resolvedDate', 'serviceID', 'severity', 'type',
].sort();
const DAY_S = 86_400;
const CLIENT_DAYS = 365;

describe('cluster faults raised on demand and cleared by themselves', () => {
  let t: TestCluster;
  let api: Call;
  let control: Call;
  /** Days the simulation clock has been moved on since the client certificate was signed. */
  let daysAdvanced = 0;

  const admin = (action: string, args: Record<string, unknown>): Promise<unknown> => control('SimKeyServerAdmin', { keyServer: 'sk', action, args });
  const current = async (): Promise<Fault[]> => ((await api('ListClusterFaults', { faultTypes: 'current' })) as { faults: Fault[] }).faults;
  /** One 30 s fault evaluation on the simulation clock (AdvanceClock answers once it is recorded). */
  const evaluate = async (): Promise<void> => {
    await control('AdvanceClock', { seconds: 31 });
  };
  const waitCurrent = (what: string, match: (f: Fault) => boolean): Promise<Fault> =>
    waitFor(what, async () => {
      await evaluate();
      return (await current()).find(match);
    }, 60_000);
  const waitResolved = (fault: Fault): Promise<Fault> =>
    waitFor(`fault ${fault.clusterFaultID} resolved`, async () => {
      await evaluate();
      const all = ((await api('ListClusterFaults', { faultTypes: 'resolved' })) as { faults: Fault[] }).faults;
      return all.find((f) => f.clusterFaultID === fault.clusterFaultID);
    }, 60_000);
  const kmipServerFault = (text: RegExp) => (f: Fault): boolean => f.code === 'kmipServerFault' && text.test(f.details);

  beforeAll(async () => {
    t = await startTestCluster({ nodes: 2, drivesPerNode: 1, keyServers: [{ name: 'sk', vendor: 'sklm' }], kmipTimeouts: { connectMs: 1_500, requestMs: 5_000 } });
    ({ api, control } = t);
    const [sk] = (await control('ListSimKeyServers')).keyServers as { hostnames: string[]; port: number; caCertificate: string }[];
    await api('CreatePublicPrivateKeyPair', { commonName: 'cluster1', organization: 'NetApp', country: 'US' });
    const { clientCertificateSignRequest: csr } = (await api('GetClientCertificateSignRequest')) as { clientCertificateSignRequest: string };
    const { certificate } = (await control('SignClientCertificate', { keyServer: 'sk', csr })) as { certificate: string };
    await api('CreateKeyServerKmip', { kmipKeyServerName: 'sk', kmipKeyServerHostnames: sk!.hostnames, kmipKeyServerPort: sk!.port, kmipCaCertificate: sk!.caCertificate, kmipClientCertificate: certificate });
    await api('CreateKeyProviderKmip', { keyProviderName: 'p1' });
    // SKLM: the first contact (AddKeyServerToProviderKmip verifies it) leaves the certificate pending; "Accept and Trust" it.
    await expect(api('AddKeyServerToProviderKmip', { keyProviderID: 1, keyServerID: 1 })).rejects.toThrow(/CTGKS0070E/);
    await admin('acceptCertificate', { commonName: 'cluster1' });
    await api('AddKeyServerToProviderKmip', { keyProviderID: 1, keyServerID: 1 });
    await api('EnableEncryptionAtRest', { keyProviderID: 1 });
    await waitForEar(api, 'enabled');
    await evaluate();
    expect(await current()).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('Connection Failure naming the key server when no node reaches it, with Element\'s fields; resolved once it is reachable', async () => {
    await control('SetNetworkFault', { scope: 'keyServer', target: 'sk', fault: 'connectionRefused' });
    const fault = await waitCurrent('Connection Failure', kmipServerFault(/^Connection Failure: key server 1 \(sk\) cannot be reached from any node/));
    expect(Object.keys(fault).sort()).toEqual(FAULT_FIELDS);
    expect(fault).toMatchObject({ severity: 'critical', type: 'cluster', resolved: false, resolvedDate: '', nodeID: 0 });
    await control('SetNetworkFault', { scope: 'keyServer', target: 'sk', fault: 'none' });
    const resolved = await waitResolved(fault);
    expect(resolved.resolved).toBe(true);
    expect(resolved.resolvedDate).not.toBe('');
  }, 120_000);

  it('Connection Failure listing the one node that cannot reach the key server while the others can', async () => {
    await control('SetNetworkFault', { scope: 'node', target: '2', fault: 'blackHole' });
    const fault = await waitCurrent('Connection Failure of node 2', kmipServerFault(/^Connection Failure: node 2 cannot reach key server 1 \(sk\); the others can/));
    expect(fault.nodeID).toBe(2);
    await control('SetNetworkFault', { scope: 'node', target: '2', fault: 'none' });
    await waitResolved(fault);
  }, 120_000);

  it('Authentication Failure while the key server has revoked the cluster\'s certificate', async () => {
    await admin('revokeCertificate', { commonName: 'cluster1' });
    const fault = await waitCurrent('Authentication Failure', kmipServerFault(/^Authentication Failure: key server 1 \(sk\) from the cluster master and nodes 1, 2/));
    await admin('reinstateCertificate', { commonName: 'cluster1' });
    await waitResolved(fault);
  }, 120_000);

  it('Server Error with the server\'s detail while SKLM does not trust the certificate (CTGKS0070E)', async () => {
    await admin('untrustCertificate', { commonName: 'cluster1' });
    const fault = await waitCurrent('Server Error', kmipServerFault(/^Server Error: key server 1 \(sk\) \(.*CTGKS0070E Server does not trust the client certificate\./));
    await admin('acceptCertificate', { commonName: 'cluster1' });
    await waitResolved(fault);
  }, 120_000);

  it('driveFailed for each drive locked at boot while the key server is away, resolved when they unlock', async () => {
    await control('SetNetworkFault', { scope: 'keyServer', target: 'sk', fault: 'connectionRefused' });
    await control('PowerCycleCluster');
    const drives = await listDrives(api);
    const fault = await waitCurrent('driveFailed', (f) => f.code === 'driveFailed' && f.driveID === drives[0]!.driveID);
    expect(fault).toMatchObject({ severity: 'error', type: 'drive', driveIDs: [drives[0]!.driveID] });
    expect(fault.details).toMatch(/is locked and its authentication key cannot be acquired/);
    await control('SetNetworkFault', { scope: 'keyServer', target: 'sk', fault: 'none' });
    await waitUnlocked(control, [1, 2]);
    await waitResolved(fault);
  }, 120_000);

  it('the client certificate walks warning → error → critical → expired as the clock advances, and renewing it clears the fault', async () => {
    const walk: [number, string, RegExp][] = [
      [CLIENT_DAYS - 25, 'warning', /^Client certificate is nearing expiration\. .*; 2[45] days left/],
      [CLIENT_DAYS - 5, 'error', /^Client certificate is nearing expiration\. .*; [45] days left/],
      [CLIENT_DAYS - 2, 'critical', /^Client certificate is nearing expiration\. .*; [12] days? left/],
      [CLIENT_DAYS + 1, 'critical', /^Client certificate expired\. /],
    ];
    let last: Fault | undefined;
    for (const [day, severity, details] of walk) {
      await control('AdvanceClock', { seconds: (day - daysAdvanced) * DAY_S });
      daysAdvanced = day;
      last = await waitCurrent(`client certificate ${severity} on day ${day}`, (f) => f.code === 'kmipCertificateFault' && f.severity === severity && details.test(f.details));
      expect(last.data).toMatchObject({ certificate: 'client', keyServerID: 1 });
    }
    // Renewal (TR-4843 §10.1): a new CSR signed for a year, installed with ModifyKeyServerKmip; SKLM trusts it once accepted.
    const { clientCertificateSignRequest: csr } = (await api('GetClientCertificateSignRequest')) as { clientCertificateSignRequest: string };
    const { certificate } = (await control('SignClientCertificate', { keyServer: 'sk', csr })) as { certificate: string };
    // ModifyKeyServerKmip tries the new certificate first: SKLM holds it pending until accepted, and nothing changed meanwhile.
    await expect(api('ModifyKeyServerKmip', { keyServerID: 1, kmipClientCertificate: certificate })).rejects.toThrow(/CTGKS0070E/);
    expect((await current()).some((f) => f.clusterFaultID === last!.clusterFaultID)).toBe(true);
    await admin('acceptCertificate', { commonName: 'cluster1' });
    await api('ModifyKeyServerKmip', { keyServerID: 1, kmipClientCertificate: certificate });
    await api('TestKeyServerKmip', { keyServerID: 1 });
    await waitResolved(last!);
    await waitFor('no current fault', async () => {
      await evaluate();
      return (await current()).length === 0 ? true : undefined;
    }, 60_000);
    // The nodes use the renewed certificate too: a power cycle unlocks every drive.
    await control('PowerCycleCluster');
    await waitUnlocked(control, [1, 2]);
  }, 180_000);
});
