/**
 * A fake Master for the drive, node and async-result methods, over a FakeCluster. Operations
 * start `running` and complete when the test says (`finish`), so the tests see both states and
 * the purge-on-read rule. The EKM and EAR methods are not part of this fake (the tests of those
 * use the real master) and throw if called.
 */
import type { Clock } from '@ekmsim/core';
import {
  ElementApiError,
  type AsyncResultSummary,
  type AsyncResultView,
  type ClusterDriveHardware,
  type DriveInfo,
  type DriveStatusName,
  type Master,
  type NodeFabric,
  type NodeInfo,
} from '@ekmsim/master';
import { FAKE_BLOCK_BYTES, FAKE_BLOCKS_PER_DRIVE, type FakeCluster, type FakeDrive } from './fake-cluster.js';

interface AsyncRecord {
  readonly id: number;
  readonly resultType: string;
  readonly driveIDs: readonly number[];
  readonly createTime: string;
  lastUpdateTime: string;
  status: 'running' | 'complete';
  /** Applied when the operation completes. */
  readonly complete: () => void;
}

const notFaked = (): never => {
  throw new Error('not part of the fake master');
};

export class FakeMaster implements Master {
  readonly #cluster: FakeCluster;
  readonly #clock: Clock;
  readonly #results = new Map<number, AsyncRecord>();
  #nextHandle = 1;

  constructor(cluster: FakeCluster, clock: Clock) {
    this.#cluster = cluster;
    this.#clock = clock;
  }

  listDrives(): DriveInfo[] {
    return this.#cluster.drives.map((d) => ({
      driveID: d.driveID,
      nodeID: d.nodeID,
      status: d.status,
      type: d.status === 'active' ? 'block' : 'unknown',
      capacity: FAKE_BLOCKS_PER_DRIVE * FAKE_BLOCK_BYTES,
      usableCapacity: FAKE_BLOCKS_PER_DRIVE * FAKE_BLOCK_BYTES,
      segmentFileSize: FAKE_BLOCK_BYTES,
      serial: d.serial,
      slot: d.slot,
      chassisSlot: String(d.slot),
      attributes: {},
      driveSecurityFaultReason: 'none',
    }));
  }

  addDrives(drives: readonly { readonly driveID: number; readonly type?: string }[]): Promise<{ asyncHandle: number }> {
    return this.#operation('DriveAdd', drives.map((d) => d.driveID), 'available', 'active', () => undefined);
  }

  removeDrives(driveIDs: readonly number[]): Promise<{ asyncHandle: number }> {
    return this.#operation('DriveRemoval', driveIDs, 'active', 'removing', (d) => (d.status = 'available'));
  }

  secureEraseDrives(driveIDs: readonly number[]): Promise<{ asyncHandle: number }> {
    return this.#operation('DriveSecureErase', driveIDs, 'available', 'erasing', (d) => {
      this.#cluster.erase(d.driveID);
      d.status = 'available';
    });
  }

  getAsyncResult(asyncHandle: number, keepResult: boolean): Promise<AsyncResultView> {
    const r = this.#results.get(asyncHandle);
    if (r === undefined) return Promise.reject(new ElementApiError('xAsyncHandleDoesNotExist', `Async handle ${asyncHandle} does not exist.`));
    if (r.status === 'complete' && !keepResult) this.#results.delete(asyncHandle);
    const base = { status: r.status, resultType: r.resultType, createTime: r.createTime, lastUpdateTime: r.lastUpdateTime };
    return Promise.resolve(r.status === 'running' ? { ...base, details: { driveIDs: [...r.driveIDs] } } : { ...base, result: { driveIDs: [...r.driveIDs] } });
  }

  listAsyncResults(asyncResultTypes?: readonly string[]): AsyncResultSummary[] {
    return [...this.#results.values()]
      .filter((r) => asyncResultTypes === undefined || asyncResultTypes.includes(r.resultType))
      .map((r) => ({
        asyncResultID: r.id,
        completed: r.status === 'complete',
        success: r.status === 'complete',
        resultType: r.resultType,
        createTime: r.createTime,
        lastUpdateTime: r.lastUpdateTime,
        data: { driveIDs: [...r.driveIDs] },
      }));
  }

  listDriveHardware(): ClusterDriveHardware {
    return {
      nodes: this.#cluster.nodes.map((n) => ({
        nodeID: n.nodeID,
        result: {
          driveHardware: this.#cluster.drivesOf(n.nodeID).map((d) => ({
            driveID: d.driveID,
            nodeID: d.nodeID,
            slot: d.slot,
            serial: d.serial,
            product: 'KCD5FLUG1T92',
            vendor: 'KIOXIA',
            version: '0109',
            size: FAKE_BLOCKS_PER_DRIVE * FAKE_BLOCK_BYTES,
            name: `nvme${d.slot}n1`,
            path: `/dev/nvme${d.slot}n1`,
            uuid: `00000000-0000-4000-8000-${String(d.driveID).padStart(12, '0')}`,
            securitySupported: true,
            securityEnabled: false,
            securityLocked: d.locked,
            securityFrozen: false,
            securityAtMaximum: false,
            driveEncryptionCapability: 'fips',
            driveType: 'Block',
          })),
        },
      })),
    };
  }

  listActiveNodes(): NodeInfo[] {
    return this.#cluster.nodes.map((n) => ({
      nodeID: n.nodeID,
      name: `node${n.nodeID}`,
      associatedMasterServiceID: n.nodeID,
      associatedFServiceID: 0,
      fibreChannelTargetPortGroup: null,
      attributes: {},
      chassisName: `chassis${n.nodeID}`,
      customProtectionDomainName: '',
      nodeSlot: '',
      maintenanceMode: 'Disabled',
      mip: `10.0.0.${n.nodeID}`,
      mipi: 'Bond1G',
      sip: `10.0.1.${n.nodeID}`,
      sipi: 'Bond10G',
      cip: `10.0.1.${n.nodeID}`,
      cipi: 'Bond10G',
      platformInfo: { chassisType: 'H610S', cpuModel: 'sim', nodeMemoryGB: 256, nodeType: 'H610S-2F', platformConfigVersion: '12.3.0' },
      role: 'Storage',
      softwareVersion: '12.3.0.958',
      uuid: n.uuid,
      virtualNetworks: [],
    }));
  }

  listAllNodes(): { nodes: NodeInfo[]; pendingNodes: never[]; pendingActiveNodes: never[] } {
    return { nodes: this.listActiveNodes(), pendingNodes: [], pendingActiveNodes: [] };
  }

  /** Completes a running operation (its drives reach their final status). */
  finish(asyncHandle: number): void {
    const r = this.#results.get(asyncHandle);
    if (r === undefined || r.status !== 'running') throw new Error(`no running operation ${asyncHandle}`);
    r.complete();
    r.status = 'complete';
    r.lastUpdateTime = this.#now();
  }

  /** Every drive must exist and be `from`; then all move to `during` at once (all or nothing). */
  #operation(resultType: string, driveIDs: readonly number[], from: DriveStatusName, during: DriveStatusName, done: (d: FakeDrive) => void): Promise<{ asyncHandle: number }> {
    let drives: FakeDrive[];
    try {
      drives = driveIDs.map((id) => this.#cluster.drive(id));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const wrong = drives.find((d) => d.status !== from);
    if (wrong !== undefined) return Promise.reject(new ElementApiError('xInvalidParameter', `drive ${wrong.driveID} is ${wrong.status}, not ${from}`));
    for (const d of drives) d.status = during;
    const id = this.#nextHandle++;
    const now = this.#now();
    this.#results.set(id, { id, resultType, driveIDs: [...driveIDs], createTime: now, lastUpdateTime: now, status: 'running', complete: () => drives.forEach(done) });
    return Promise.resolve({ asyncHandle: id });
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }

  get nodes(): NodeFabric {
    return notFaked();
  }

  getClusterInfo = notFaked;
  createPublicPrivateKeyPair = notFaked;
  getClientCertificateSignRequest = notFaked;
  createKeyServerKmip = notFaked;
  modifyKeyServerKmip = notFaked;
  deleteKeyServerKmip = notFaked;
  getKeyServerKmip = notFaked;
  listKeyServersKmip = notFaked;
  testKeyServerKmip = notFaked;
  createKeyProviderKmip = notFaked;
  deleteKeyProviderKmip = notFaked;
  addKeyServerToProviderKmip = notFaked;
  removeKeyServerFromProviderKmip = notFaked;
  getKeyProviderKmip = notFaked;
  listKeyProvidersKmip = notFaked;
  testKeyProviderKmip = notFaked;
  enableEncryptionAtRest = notFaked;
  disableEncryptionAtRest = notFaked;
  getEncryptionAtRestInfo = notFaked;
  listClusterFaults = notFaked;
  clearClusterFaults = notFaked;
  listEvents = notFaked;
  getConstants = notFaked;
  setConstants = notFaked;
  evaluateClusterFaults = notFaked;
  clusterFaultsSettled = notFaked;
  copyDatabaseTo = notFaked;

  close(): Promise<void> {
    return Promise.resolve();
  }
}
