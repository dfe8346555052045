/**
 * A pretend cluster for working on the page without the simulator: state shaped like the
 * protocol's Snapshot, changed by small scenes (a power cycle, a key server stopped, a theft…)
 * that emit snapshots and key traffic the way the dashboard's server would. Not shipped.
 */

const DAY_MS = 86_400_000;
const START_MS = Date.parse('2025-03-10T09:00:00Z');

export function createModel({ nodes = 4, drives = 3, keyServers = 2 } = {}) {
  const ks = [
    { name: 'kms1', vendor: 'generic', members: 1 },
    { name: 'kc', vendor: 'hytrust', members: 2 },
    { name: 'sklm1', vendor: 'sklm', members: 1 },
  ].slice(0, keyServers);
  const state = {
    seq: 0,
    activitySeq: 0,
    eventID: 0,
    faultID: 0,
    simMs: START_MS,
    speed: 1,
    paused: false,
    cluster: { name: 'cluster1', ear: 'enabled', keyMode: 'external', keyProviderID: 1 },
    nodes: Array.from({ length: nodes }, (_, n) => ({
      nodeID: n + 1,
      online: true,
      phase: 'ready',
      unlockAttempts: 1,
      unlockError: null,
      linkFault: null,
      stolen: false,
      drives: Array.from({ length: drives }, (_, d) => ({
        driveID: n * drives + d + 1,
        serial: `SIM-${String(n + 1).padStart(2, '0')}-${d}`,
        slot: d,
        status: 'active',
        locked: false,
        triesLeft: 5,
        keyMode: 'external',
        stolen: false,
      })),
    })),
    keyServers: ks.map((k, i) => ({
      name: k.name,
      vendor: k.vendor,
      members: Array.from({ length: k.members }, (_, m) => ({ hostname: k.members === 1 ? `${k.name}.ekmsim.test` : `${k.name}-${m + 1}.ekmsim.test`, listening: true })),
      networkFault: null,
      keyServerID: i + 1,
      active: i < 2,
    })),
    faults: [],
    events: [],
    certNotAfter: ks.map((_, i) => ({ client: START_MS + (40 + i * 200) * DAY_MS, ca: START_MS + 3650 * DAY_MS })),
    theft: { drives: [], nodes: [], cluster: false, readable: [], summary: null },
  };

  const certificates = () =>
    state.keyServers.flatMap((k, i) =>
      ['client', 'ca'].map((kind) => {
        const notAfter = state.certNotAfter[i][kind];
        return { keyServerID: k.keyServerID, keyServerName: k.name, kind, subject: kind === 'client' ? 'cluster1' : `${k.name} CA`, notAfter: new Date(notAfter).toISOString(), daysLeft: Math.floor((notAfter - state.simMs) / DAY_MS) };
      }),
    );

  return {
    state,
    certificates,
    snapshot() {
      state.seq += 1;
      const copy = structuredClone({ nodes: state.nodes, keyServers: state.keyServers, faults: state.faults, events: state.events.slice(-50), theft: state.theft, cluster: state.cluster });
      return { seq: state.seq, simMs: state.simMs, simTime: new Date(state.simMs).toISOString(), speed: state.speed, paused: state.paused, ...copy, certificates: certificates() };
    },
    activity(from, to, what, ok, outcome, kind = 'kmip') {
      state.activitySeq += 1;
      return { seq: state.activitySeq, simMs: state.simMs, kind, from, to, what, ok, outcome };
    },
    event(type, message) {
      state.eventID += 1;
      state.events.push({ eventID: state.eventID, timeOfReport: new Date(state.simMs).toISOString(), eventInfoType: type, message });
    },
    raise(code, severity, details, extra = {}) {
      if (state.faults.some((f) => f.code === code && f.details === details)) return;
      state.faultID += 1;
      state.faults.push({ clusterFaultID: state.faultID, code, severity, type: code.startsWith('drive') ? 'drive' : 'cluster', details, nodeID: extra.nodeID ?? null, driveID: extra.driveID ?? null });
    },
    resolve(code) {
      state.faults = state.faults.filter((f) => f.code !== code);
    },
    node(id) {
      return state.nodes.find((n) => n.nodeID === id);
    },
    keyServer(name) {
      return state.keyServers.find((k) => k.name === name);
    },
    drive(id) {
      for (const n of state.nodes) for (const d of n.drives) if (d.driveID === id) return { node: n, drive: d };
      return undefined;
    },
  };
}
