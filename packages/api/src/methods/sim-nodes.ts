/** The control API's power switches and node view (`/sim/json-rpc/1.0`). */
import { EMPTY_RESULT, defineMethod } from '../method.js';
import { SIM_ERROR_NAMES } from '../sim-control.js';
import { simControl } from './sim-context.js';

const nodeID = { name: 'nodeID', type: 'integer', required: true, description: 'ID of the node (ListActiveNodes)' } as const;

export const powerOffNode = defineMethod({
  name: 'PowerOffNode',
  since: '1.0',
  params: [nodeID],
  changesState: true,
  result: '`{}` once the node is off',
  errors: [SIM_ERROR_NAMES.unknownNode, SIM_ERROR_NAMES.nodeNotManaged],
  description: 'Pulls the node\'s plug: its worker stops at once, and only what it had persisted survives. Its drives lock (LockOnReset PowerCycle) when EAR is on. Powering off a node that is off changes nothing.',
  run: async (ctx, p) => {
    await simControl(ctx).powerOffNode(p);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ nodeID: p.nodeID }),
});

export const powerOnNode = defineMethod({
  name: 'PowerOnNode',
  since: '1.0',
  params: [nodeID],
  changesState: true,
  result: '`{}` once the node is starting (GetNodeState shows its `phase` until `ready`)',
  errors: [SIM_ERROR_NAMES.unknownNode, SIM_ERROR_NAMES.nodeNotManaged],
  description: 'Powers the node on: it boots from its persisted state, rejoins the master and unlocks its drives (internal keys: shares gathered from its peers; external keys: KMIP Get from the key servers).',
  run: async (ctx, p) => {
    await simControl(ctx).powerOnNode(p);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ nodeID: p.nodeID }),
});

export const powerCycleNode = defineMethod({
  name: 'PowerCycleNode',
  since: '1.0',
  params: [nodeID],
  changesState: true,
  result: '`{}` once the node is starting again',
  errors: [SIM_ERROR_NAMES.unknownNode, SIM_ERROR_NAMES.nodeNotManaged],
  description: 'PowerOffNode then PowerOnNode.',
  run: async (ctx, p) => {
    await simControl(ctx).powerCycleNode(p);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ nodeID: p.nodeID }),
});

export const powerCycleCluster = defineMethod({
  name: 'PowerCycleCluster',
  since: '1.0',
  params: [],
  changesState: true,
  result: '`{}` once every node is starting again',
  errors: [],
  description: 'A power loss of the whole cluster\'s storage nodes: every node the simulation runs goes off, then on (the master keeps running; nodes joined with `ekmsim node --join` keep their own power). With internal keys no node holds enough shares alone, so the nodes unlock only as their peers come back.',
  run: async (ctx) => {
    await simControl(ctx).powerCycleCluster({});
    return EMPTY_RESULT;
  },
});

export const getNodeState = defineMethod({
  name: 'GetNodeState',
  since: '1.0',
  params: [nodeID],
  changesState: false,
  result:
    '`nodeID`, `online`: boolean, `node`: {nodeID, phase (`booting`, `unlocking`, `ready`, `locked`), drives[] (serial, slot, lock state, `atMaximum`, `admin1Tries`, `admin1TryLimit`, `keyGeneration`, `switching`, …), generations[] ({generation, mode, holdsShare}), unlockError, unlockAttempts}, or null while the node is off',
  errors: [SIM_ERROR_NAMES.unknownNode],
  description:
    'What the node itself reports, asked fresh: its boot phase, each drive\'s lock state and credential generation, and which key generations it holds a share for — never a share or a key. Each drive\'s `admin1Tries` is how many authentications as Admin1 (the authority whose PIN is the AK) failed since its last success or power cycle, and `admin1TryLimit` how many it allows (0: no limit, or no Admin1 yet: the Locking SP was never activated): at the limit every attempt is refused, even with the right PIN, until a power cycle (`atMaximum`). Tries left = `admin1TryLimit` − `admin1Tries`.',
  run: async (ctx, p) => {
    const { nodeID: id, online, node } = await simControl(ctx).getNodeState(p);
    return { nodeID: id, online, node };
  },
});
