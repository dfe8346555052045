/**
 * ListActiveNodes / ListAllNodes and ListDriveHardware, from the node records and the states the
 * nodes last reported. Every registered node is an active member of the cluster, online or not
 * (a powered-off node is still in the cluster); hardware of a node that has not reported since
 * the master opened is not known, so its drive list is empty.
 */
import { DB_PATHS, type DriveRecord, type NodeRecord } from '../db/layout.js';
import type { ClusterDriveHardware, DriveHardwareInfo, NodeInfo } from '../model.js';
import type { ServiceContext } from './context.js';

/** Element 12.3's GA build; the simulated nodes are H610S-2F (FIPS drives). */
export const SOFTWARE_VERSION = '12.3.0.958';
const PLATFORM = {
  chassisType: 'H610S',
  cpuModel: 'Intel(R) Xeon(R) Silver 4110 CPU @ 2.10GHz',
  nodeMemoryGB: 256,
  nodeType: 'H610S-2F',
  platformConfigVersion: SOFTWARE_VERSION,
} as const;

export function listActiveNodes(ctx: ServiceContext): NodeInfo[] {
  return ctx.nodes.registered().map(nodeInfo);
}

function nodeInfo(n: NodeRecord): NodeInfo {
  return {
    nodeID: n.nodeID,
    name: n.name,
    associatedMasterServiceID: n.nodeID,
    associatedFServiceID: 0,
    fibreChannelTargetPortGroup: null,
    attributes: {},
    chassisName: n.name,
    customProtectionDomainName: '',
    nodeSlot: '',
    maintenanceMode: 'Disabled',
    mip: n.mip,
    mipi: 'Bond1G',
    sip: n.sip,
    sipi: 'Bond10G',
    cip: n.cip,
    cipi: 'Bond10G',
    platformInfo: { ...PLATFORM },
    role: 'Storage',
    softwareVersion: SOFTWARE_VERSION,
    uuid: n.uuid,
    virtualNetworks: [],
  };
}

export function listDriveHardware(ctx: ServiceContext): ClusterDriveHardware {
  const drives = ctx.db.children<DriveRecord>(DB_PATHS.drives);
  return {
    nodes: ctx.nodes.registered().map((n) => {
      const reported = ctx.nodes.lastState(n.nodeID)?.drives ?? [];
      const driveHardware = reported.flatMap((d): DriveHardwareInfo[] => {
        const record = drives.find((r) => r.serial === d.serial);
        if (record === undefined) return [];
        const device = `nvme${d.slot}n1`;
        return [
          {
            driveID: record.driveID,
            nodeID: n.nodeID,
            slot: d.slot,
            serial: d.serial,
            product: d.model,
            vendor: d.model.split(' ')[0] ?? d.model,
            version: d.firmware,
            size: d.capacity,
            name: device,
            path: `/dev/${device}`,
            uuid: record.uuid,
            securitySupported: true,
            securityEnabled: d.securityEnabled,
            securityLocked: d.locked,
            securityFrozen: false,
            securityAtMaximum: d.atMaximum,
            driveEncryptionCapability: d.fips ? 'fips' : 'sed',
            driveType: record.type === 'volume' ? 'Slice' : 'Block',
          },
        ];
      });
      return { nodeID: n.nodeID, result: { driveHardware } };
    }),
  };
}
