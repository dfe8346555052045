/**
 * ListClusterFaults, ClearClusterFaults and ListEvents over HTTPS with the real master: their
 * parameters, defaults and validation, and the shapes of Element's fault and event objects.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, signCsr } from '@ekmsim/pki';
import { startFixture, type Fixture } from './support/fixture.js';

const FAULT_KEYS = [
  'clusterFaultID', 'code', 'data', 'date', 'details', 'driveID', 'driveIDs', 'externalSource', 'networkInterface', 'nodeHardwareFaultID', 'nodeID',
  'resolved', 'resolvedDate', 'serviceID', 'severity', 'type',
];
const EVENT_KEYS = ['details', 'driveID', 'driveIDs', 'eventID', 'eventInfoType', 'message', 'nodeID', 'serviceID', 'severity', 'timeOfPublish', 'timeOfReport'];
const MICROSECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

type Fault = Record<string, unknown> & { clusterFaultID: number; code: string; severity: string; details: string; resolved: boolean; data: Record<string, unknown> };
type Event = Record<string, unknown> & { eventID: number; eventInfoType: string; message: string };

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('cluster faults and events', () => {
  let fx: Fixture;
  let keyServerID: number;

  beforeAll(async () => {
    fx = await startFixture();
    const ca = await createCa({ commonName: 'short-lived CA', clock: fx.clock, rng: fx.rng });
    await fx.result('CreatePublicPrivateKeyPair', { commonName: 'cluster1', organization: 'NetApp', country: 'US' });
    const { clientCertificateSignRequest: csr } = await fx.result('GetClientCertificateSignRequest');
    // A client certificate that expires in 10 days: a kmipCertificateFault warning (TR-4843 §10.1).
    const cert = signCsr({ csrPem: csr as string, ca, clock: fx.clock, rng: fx.rng, days: 10 });
    const created = await fx.result('CreateKeyServerKmip', {
      kmipCaCertificate: ca.certPem,
      kmipClientCertificate: cert,
      kmipKeyServerHostnames: ['127.0.0.1'],
      kmipKeyServerName: 'down',
      kmipKeyServerPort: await closedPort(),
    });
    keyServerID = (created.kmipKeyServer as { keyServerID: number }).keyServerID;
    await fx.master.evaluateClusterFaults();
  });
  afterAll(async () => {
    await fx?.close();
  });

  const faults = async (params: Record<string, unknown> = {}): Promise<Fault[]> => (await fx.result('ListClusterFaults', params)).faults as Fault[];

  it('ListClusterFaults lists Element\'s fault object, all faults by default', async () => {
    const all = await faults();
    expect(all).toHaveLength(1);
    const f = all[0]!;
    expect(Object.keys(f).sort()).toEqual(FAULT_KEYS);
    expect(f).toMatchObject({
      code: 'kmipCertificateFault',
      severity: 'warning',
      type: 'cluster',
      resolved: false,
      resolvedDate: '',
      nodeID: 0,
      driveID: 0,
      driveIDs: [],
      serviceID: 0,
      nodeHardwareFaultID: 0,
      externalSource: '',
      networkInterface: '',
      data: { keyServerID, certificate: 'client', daysLeft: 9 },
    });
    expect(f.details).toMatch(/^Client certificate is nearing expiration\. Key server \d+ \(down\): .* 9 days left\. /);
    expect(f.date).toMatch(MICROSECONDS);
    expect(await faults({ faultTypes: 'current' })).toEqual(all);
    expect(await faults({ faultTypes: 'resolved' })).toEqual([]);
    expect(await faults({ bestPractices: true })).toEqual(all);
  });

  it('refuses a faultTypes that is not current, resolved or all', async () => {
    for (const method of ['ListClusterFaults', 'ClearClusterFaults']) {
      expect((await fx.call(method, { faultTypes: 'old' })).error).toEqual({
        code: 500,
        name: 'xInvalidParameter',
        message: 'faultTypes: expected one of "current", "resolved", "all" but found "old"',
      });
      expect((await fx.call(method, { faultTypes: 1 })).error?.name).toBe('xInvalidParameterType');
    }
  });

  it('ClearClusterFaults clears resolved faults by default; a cleared current fault comes back with a new ID', async () => {
    const [before] = await faults();
    expect(await fx.result('ClearClusterFaults')).toEqual({});
    expect(await faults()).toEqual([before]);
    expect(await fx.result('ClearClusterFaults', { faultTypes: 'current' })).toEqual({});
    expect(await faults()).toEqual([]);
    await fx.master.evaluateClusterFaults();
    const [again] = await faults();
    expect(again?.code).toBe('kmipCertificateFault');
    expect(again!.clusterFaultID).toBeGreaterThan(before!.clusterFaultID);
    const logged = fx.logger.api().find((e) => e.fields.method === 'ClearClusterFaults' && e.fields.faultTypes === 'current');
    expect(logged?.fields.outcome).toBe('ok');
  });

  it('ListEvents lists Element\'s event object oldest first, with eventQueueType', async () => {
    await fx.call('TestKeyServerKmip', { keyServerID });
    const reply = await fx.result('ListEvents');
    expect(reply.eventQueueType).toBe('');
    const events = reply.events as Event[];
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(EVENT_KEYS);
      expect(e.severity).toBe(0);
      expect(e.timeOfReport).toMatch(MICROSECONDS);
    }
    expect(events.map((e) => e.eventID)).toEqual([...events.map((e) => e.eventID)].sort((a, b) => a - b));
    const test = events.find((e) => e.message.startsWith(`Key server ${keyServerID} (down) test failed`));
    expect(test).toMatchObject({ eventInfoType: 'encryptionAtRestEvent', message: `Key server ${keyServerID} (down) test failed: xKeyServerUnavailable`, details: { keyServerID, outcome: 'xKeyServerUnavailable' } });
    expect(events.some((e) => e.eventInfoType === 'encryptionAtRestEvent' && /Cluster fault \d+ raised: kmipCertificateFault \(warning\)/.test(e.message))).toBe(true);
  });

  it('ListEvents filters by type, ID range, count and time', async () => {
    const all = (await fx.result('ListEvents')).events as Event[];
    const first = all[0]!;
    const last = all.at(-1)!;
    const ear = (await fx.result('ListEvents', { eventType: 'encryptionAtRestEvent' })).events as Event[];
    expect(ear.length).toBeGreaterThan(0);
    expect(ear.every((e) => e.eventInfoType === 'encryptionAtRestEvent')).toBe(true);
    expect((await fx.result('ListEvents', { eventType: 'gcEvent' })).events).toEqual([]);
    expect(((await fx.result('ListEvents', { startEventID: last.eventID })).events as Event[]).map((e) => e.eventID)).toEqual([last.eventID]);
    expect(((await fx.result('ListEvents', { endEventID: first.eventID })).events as Event[]).map((e) => e.eventID)).toEqual([first.eventID]);
    expect(((await fx.result('ListEvents', { maxEvents: 2 })).events as Event[]).map((e) => e.eventID)).toEqual(all.slice(0, 2).map((e) => e.eventID));
    expect(((await fx.result('ListEvents', { startReportTime: last.timeOfReport as string })).events as Event[]).every((e) => e.eventID > last.eventID)).toBe(true);
    expect((await fx.result('ListEvents', { endReportTime: first.timeOfReport as string })).events).toEqual([]);
    expect((await fx.result('ListEvents', { nodeID: 99 })).events).toEqual([]);
  });

  it('ListEvents refuses an unknown event type, a time that is not ISO 8601, and maxEvents 0', async () => {
    expect((await fx.call('ListEvents', { eventType: 'kmipEvent' })).error?.name).toBe('xInvalidParameter');
    expect((await fx.call('ListEvents', { startReportTime: 'yesterday' })).error).toEqual({
      code: 500,
      name: 'xInvalidParameter',
      message: 'startReportTime: "yesterday" is not an ISO 8601 time such as 2026-11-28T04:50:01.123000Z',
    });
    expect((await fx.call('ListEvents', { maxEvents: 0 })).error?.name).toBe('xInvalidParameter');
  });

  it('ListEvents takes eventQueueType from API 9.0 and echoes it', async () => {
    expect((await fx.result('ListEvents', { eventQueueType: 'main' })).eventQueueType).toBe('main');
    expect((await fx.call('ListEvents', { eventQueueType: 'main' }, { path: '/json-rpc/8.0' })).error).toEqual({
      code: 500,
      name: 'xInvalidParameter',
      message: 'eventQueueType: not supported on API 8.0; use API 9.0 or later',
    });
  });
});
