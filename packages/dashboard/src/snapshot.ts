/**
 * One look at the simulation through its public APIs (Element and control, over HTTPS, as any
 * administrator's tool would): the Snapshot the page draws. Certificates are read for their
 * subject and expiry only; nothing secret is asked for, so nothing secret can be passed on.
 */
import { X509Certificate } from 'node:crypto';
import type { Apis } from '@ekmsim/scenario';
import type { CertificateView, DriveView, EventView, FaultView, KeyServerView, NodeView, Snapshot, TheftView } from './protocol.js';

const DAY_MS = 86_400_000;
/** The page shows the latest events only. */
const MAX_EVENTS = 50;

type Json = Record<string, unknown>;

interface ElementDrive {
  driveID: number;
  nodeID: number;
  serial: string;
  slot: number;
  status: string;
}

interface NodeReportDrive {
  serial: string;
  locked: boolean;
  keyGeneration: number | null;
  admin1Tries?: number;
  admin1TryLimit?: number;
}

interface NodeReport {
  phase: NodeView['phase'];
  drives: NodeReportDrive[];
  generations: { generation: number; mode: 'internal' | 'external' }[];
  unlockError: string | null;
  unlockAttempts: number;
}

interface SimKeyServer {
  name: string;
  vendor: string;
  hostnames: string[];
  members: { hostname: string; listening: boolean }[];
}

interface KmipKeyServer {
  keyServerID: number;
  kmipKeyServerName: string;
  kmipKeyServerHostnames: string[];
  kmipAssignedProviderIsActive: boolean;
  kmipClientCertificate: string;
  kmipCaCertificate: string;
}

interface NetworkFault {
  scope: 'node' | 'keyServer' | 'site';
  target: string;
  fault: string;
}

interface TheftReport {
  thefts: { at: string; what: string }[];
  nodes: { nodeID: number }[];
  drives: { driveID: number; stolenWith: string; locked: boolean | null; plaintextReadable: boolean | null; detail: string }[];
  settled: boolean;
}

/** Keeps what one look needs from the previous one: the events already seen. */
export class SnapshotReader {
  #events: EventView[] = [];
  #seq = 0;

  constructor(private readonly apis: Apis) {}

  async read(playback: { readonly speed: number; readonly paused: boolean }): Promise<Snapshot> {
    const { element, control } = this.apis;
    const [clock, info, providers, drives, nodes, simKeyServers, kmipServers, networkFaults, faults, theft] = await Promise.all([
      control('GetClock'),
      element('GetClusterInfo'),
      element('ListKeyProvidersKmip', { keyProviderIsActive: true }),
      element('ListDrives'),
      element('ListAllNodes'),
      control('ListSimKeyServers'),
      element('ListKeyServersKmip'),
      control('ListNetworkFaults'),
      element('ListClusterFaults', { faultTypes: 'current' }),
      control('GetTheftReport'),
      this.#readEvents(element),
    ]);
    const simMs = Date.parse(String(clock.now));
    const nodeIDs = (nodes.nodes as { nodeID: number }[]).map((n) => n.nodeID);
    const reports = await Promise.all(nodeIDs.map((nodeID) => control('GetNodeState', { nodeID }).catch(() => ({ online: false, node: null }))));
    const theftReport = theft as unknown as TheftReport;
    const faultsIn = networkFaults.faults as NetworkFault[];
    const clusterInfo = info.clusterInfo as Json;
    const ear = typeof clusterInfo.encryptionAtRestState === 'string' ? clusterInfo.encryptionAtRestState : 'disabled';
    const activeProvider = (providers.kmipKeyProviders as { keyProviderID: number }[])[0];
    const servers = kmipServers.kmipKeyServers as KmipKeyServer[];
    this.#seq += 1;
    return {
      seq: this.#seq,
      simMs,
      simTime: new Date(simMs).toISOString(),
      speed: playback.speed,
      // The simulation's own word (a pause through the control API shows too).
      paused: clock.paused === true,
      cluster: {
        name: typeof clusterInfo.name === 'string' ? clusterInfo.name : '',
        ear,
        keyMode: ear === 'disabled' ? 'none' : activeProvider === undefined ? 'internal' : 'external',
        keyProviderID: activeProvider?.keyProviderID ?? null,
      },
      nodes: nodeIDs.map((nodeID, i) => nodeView(nodeID, reports[i] as Json, drives.drives as ElementDrive[], faultsIn, theftReport)),
      keyServers: (simKeyServers.keyServers as SimKeyServer[]).map((ks) => keyServerView(ks, servers, faultsIn)),
      faults: (faults.faults as Json[]).map(faultView),
      events: [...this.#events],
      certificates: servers.flatMap((s) => certificateViews(s, simMs)),
      theft: theftView(theftReport),
    };
  }

  /** New events since the last look, kept with the earlier ones (the latest MAX_EVENTS). */
  async #readEvents(element: Apis['element']): Promise<void> {
    const last = this.#events.at(-1)?.eventID ?? 0;
    const { events } = (await element('ListEvents', { startEventID: last + 1 })) as { events: EventView[] };
    const fresh = events.map((e) => ({ eventID: e.eventID, timeOfReport: e.timeOfReport, eventInfoType: e.eventInfoType, message: e.message }));
    this.#events = [...this.#events, ...fresh].slice(-MAX_EVENTS);
  }
}

function nodeView(nodeID: number, state: Json, elementDrives: readonly ElementDrive[], networkFaults: readonly NetworkFault[], theft: TheftReport): NodeView {
  const report = (state.node ?? null) as NodeReport | null;
  const online = state.online === true;
  const stolenNode = theft.nodes.some((n) => n.nodeID === nodeID);
  const stolenDrives = new Set(theft.drives.map((d) => d.driveID));
  const modes = new Map((report?.generations ?? []).map((g) => [g.generation, g.mode]));
  const drives: DriveView[] = elementDrives
    .filter((d) => d.nodeID === nodeID)
    .sort((a, b) => a.slot - b.slot)
    .map((d) => {
      const reported = report?.drives.find((r) => r.serial === d.serial);
      const limit = reported?.admin1TryLimit ?? 0;
      return {
        driveID: d.driveID,
        serial: d.serial,
        slot: d.slot,
        status: d.status,
        locked: reported === undefined ? null : reported.locked,
        triesLeft: reported?.admin1Tries === undefined || limit === 0 ? null : Math.max(0, limit - reported.admin1Tries),
        keyMode: reported === undefined ? null : reported.keyGeneration === null ? 'none' : (modes.get(reported.keyGeneration) ?? null),
        stolen: stolenDrives.has(d.driveID),
      };
    });
  return {
    nodeID,
    online,
    phase: report === null || !online ? 'off' : report.phase,
    unlockAttempts: report?.unlockAttempts ?? 0,
    unlockError: report?.unlockError ?? null,
    linkFault: networkFaults.find((f) => f.scope === 'node' && f.target === String(nodeID))?.fault ?? null,
    stolen: stolenNode,
    drives,
  };
}

function keyServerView(ks: SimKeyServer, servers: readonly KmipKeyServer[], networkFaults: readonly NetworkFault[]): KeyServerView {
  const configured = servers.find((s) => s.kmipKeyServerHostnames.some((h) => ks.hostnames.includes(h)));
  return {
    name: ks.name,
    vendor: ks.vendor,
    members: ks.members.map((m) => ({ hostname: m.hostname, listening: m.listening })),
    networkFault: networkFaults.find((f) => f.scope === 'keyServer' && f.target === ks.name)?.fault ?? null,
    keyServerID: configured?.keyServerID ?? null,
    active: configured?.kmipAssignedProviderIsActive ?? false,
  };
}

function faultView(f: Json): FaultView {
  return {
    clusterFaultID: Number(f.clusterFaultID),
    code: String(f.code),
    severity: String(f.severity),
    type: String(f.type),
    details: String(f.details),
    nodeID: Number(f.nodeID) || null,
    driveID: Number(f.driveID) || null,
  };
}

/** The client certificate and its CA's expiry, on the simulation clock (Element counts whole days). */
function certificateViews(server: KmipKeyServer, simMs: number): CertificateView[] {
  const views: CertificateView[] = [];
  for (const [kind, pem] of [['client', server.kmipClientCertificate], ['ca', server.kmipCaCertificate]] as const) {
    const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
    if (first === undefined) continue;
    try {
      const cert = new X509Certificate(first);
      const notAfter = Date.parse(cert.validTo);
      views.push({
        keyServerID: server.keyServerID,
        keyServerName: server.kmipKeyServerName,
        kind,
        subject: /CN=([^\n,]+)/.exec(cert.subject)?.[1] ?? cert.subject,
        notAfter: new Date(notAfter).toISOString(),
        daysLeft: Math.floor((notAfter - simMs) / DAY_MS),
      });
    } catch {
      // A certificate Element accepted always parses; if not, there is simply no countdown.
    }
  }
  return views;
}

function theftView(report: TheftReport): TheftView {
  const drives = report.drives.map((d) => d.driveID);
  const nodes = report.nodes.map((n) => n.nodeID);
  const readable = report.drives.map((d) => ({ driveID: d.driveID, readable: d.plaintextReadable === true, why: d.detail }));
  const read = readable.filter((d) => d.readable).length;
  const summary =
    drives.length === 0
      ? null
      : !report.settled
        ? `${drives.length} drive${drives.length === 1 ? '' : 's'} at the thief's site; the thief is trying them`
        : read === 0
          ? `The thief has ${drives.length} drive${drives.length === 1 ? '' : 's'} and can read none: the data stays safe`
          : `The thief can read ${read} of ${drives.length} drive${drives.length === 1 ? '' : 's'}`;
  return { drives, nodes, cluster: report.thefts.some((t) => /cluster/i.test(t.what)), readable, summary };
}
