/** The control API's theft (TR-4843 §1.1): carry a drive, a node or the cluster to the foreign site and see what the thief reads. */
import { EMPTY_RESULT, defineMethod } from '../method.js';
import { SIM_ERROR_NAMES } from '../sim-control.js';
import { simControl } from './sim-context.js';

const THIEF_SITE =
  'The foreign site is another data center on the simulated network (nodes dial from 127.2.x.y, its master from 127.2.0.0), so a key server\'s allow-list, a revoked certificate or a deleted AK act on the thief\'s real connections. What is stolen stays stolen (also across restarts, DIR/foreign/theft.json).';

export const stealDrive = defineMethod({
  name: 'StealDrive',
  since: '1.0',
  params: [{ name: 'driveID', type: 'integer', required: true, description: 'ID of the drive (ListDrives)' }],
  changesState: true,
  result: '`{}` once the drive is at the foreign site',
  errors: [SIM_ERROR_NAMES.unknownDrive, SIM_ERROR_NAMES.stolen, SIM_ERROR_NAMES.nodeNotManaged],
  description: `Pulls the drive out of its node (the node is powered off for the moment it takes and on again without it; the cluster shows the drive failed) and carries it to the foreign site, where the thief powers it on alone. ${THIEF_SITE}`,
  run: async (ctx, p) => {
    await simControl(ctx).stealDrive(p);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ driveID: p.driveID }),
});

export const stealNode = defineMethod({
  name: 'StealNode',
  since: '1.0',
  params: [{ name: 'nodeID', type: 'integer', required: true, description: 'ID of the node (ListActiveNodes)' }],
  changesState: true,
  result: '`{}` once the node is powering on at the foreign site',
  errors: [SIM_ERROR_NAMES.unknownNode, SIM_ERROR_NAMES.stolen, SIM_ERROR_NAMES.nodeNotManaged],
  description: `Carries the node — its state file (its Shamir share or its sealed copy of the cluster's client key) and all its drives — to the foreign site and powers it on there under a master of the thief's own; at home it is offline for good (power methods answer \`${SIM_ERROR_NAMES.stolen}\`). ${THIEF_SITE}`,
  run: async (ctx, p) => {
    await simControl(ctx).stealNode(p);
    return EMPTY_RESULT;
  },
  audit: (p) => ({ nodeID: p.nodeID }),
});

export const stealCluster = defineMethod({
  name: 'StealCluster',
  since: '1.0',
  params: [],
  changesState: true,
  result: '`{}` once every node is powering on at the foreign site',
  errors: [SIM_ERROR_NAMES.stolen, SIM_ERROR_NAMES.nodeNotManaged],
  description: `Carries every node and a copy of the cluster database to the foreign site and powers them on there, the thief's master booted from that copy. Under internal keys the thief has every share (the data is readable: the limit of internal keys); under external keys only the key server can refuse. ${THIEF_SITE}`,
  run: async (ctx) => {
    await simControl(ctx).stealCluster({});
    return EMPTY_RESULT;
  },
});

export const getTheftReport = defineMethod({
  name: 'GetTheftReport',
  since: '1.0',
  params: [],
  changesState: false,
  result:
    '`thefts`: {at, what}[]; `nodes`: {nodeID, online, phase, unlockError}[] (the stolen nodes at the foreign site); `drives`: {driveID, serial, nodeID, stolenWith, locked, plaintextReadable, detail}[]; `settled`: boolean (every stolen node has finished trying to unlock)',
  errors: [],
  description:
    'What the thief has: per stolen drive, whether it is locked at the thief\'s site and whether the thief read a block of it in the clear (a stolen node\'s drives through its node; a lone drive powered on by itself). Wait for `settled` before judging a stolen node.',
  run: async (ctx) => ({ ...(await simControl(ctx).getTheftReport({})) }),
});
