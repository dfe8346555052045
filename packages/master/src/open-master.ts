/**
 * The cluster master as the API layer sees it: the cluster database opened from `dataDir`, the
 * key service, the storage nodes and the EAR lifecycle on top of it. Calls that change state run
 * one at a time (Mutex) and commit before they resolve; reads answer from memory at once. An EAR
 * transition and a secure erase go on after their call returns (Element's are asynchronous).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger, type Clock, type ClockReading, type Logger, type LogLevel, type Rng } from '@ekmsim/core';
import { freshKeyPairs, type KeyPairSource } from '@ekmsim/pki';
import { ClusterDb } from './db/cluster-db.js';
import { CLUSTER_DB_FILE } from './db/database.js';
import type { FaultRecord } from './db/layout.js';
import { createEarLifecycle } from './ear/ear-lifecycle.js';
import { disableEncryptionAtRest, enableEncryptionAtRest, getEncryptionAtRestInfo } from './ear/encryption-at-rest.js';
import { ElementApiError, ElementErrorName } from './element-error.js';
import { createEventLog, type EventLog, type EventType } from './events/event-log.js';
import { recordNodeChange } from './events/node-events.js';
import { createFaultEvaluator } from './faults/fault-evaluator.js';
import { FaultStore, type FaultChange } from './faults/fault-store.js';
import { SliceWatch } from './faults/slice-faults.js';
import type { KmipSettings } from './kmip/contact.js';
import type { Master } from './model.js';
import { Mutex } from './mutex.js';
import type { MasterActivity } from './nodes/master-activity.js';
import { ensureMasterBoxKey } from './nodes/master-box-key.js';
import { createNodeFabric } from './nodes/node-fabric.js';
import * as asyncResults from './service/async-results.js';
import { ensureClusterIdentity, getClusterInfo, type ClusterIdentityOptions } from './service/cluster-info.js';
import type { ServiceContext } from './service/context.js';
import * as drives from './service/drives.js';
import { getConstants, setConstants } from './service/constants.js';
import { createPublicPrivateKeyPair, getClientCertificateSignRequest } from './service/key-pair.js';
import * as providers from './service/key-providers.js';
import * as servers from './service/key-servers.js';
import { keyProviders, keyServers } from './service/lookup.js';
import { listActiveNodes, listDriveHardware } from './service/node-views.js';

/** k of internal keys' k-of-n split when MasterOptions.shamirThreshold is not given. */
export const DEFAULT_SHAMIR_THRESHOLD = 2;

export interface MasterOptions {
  /** The cluster database lives here (created if missing); one master per directory. */
  readonly dataDir: string;
  readonly clock: Clock;
  /** Ids (cluster UUID, key IDs) come from here; key pairs come from OpenSSL. */
  readonly rng: Rng;
  /** Where the cluster's TLS key pair (CreatePublicPrivateKeyPair) comes from; made when asked for by default. */
  readonly keyPairs?: KeyPairSource;
  /** Element logs (createElementLogs) in a real run; nothing is logged by default. */
  readonly logger?: Logger;
  readonly kmip?: KmipSettings;
  /** Used only when the database is created. */
  readonly cluster?: ClusterIdentityOptions;
  /**
   * k of the internal keys' k-of-n split (n = the cluster's nodes): any k nodes rebuild the AK.
   * An integer ≥ 2 (default 2); internal EAR is refused on a cluster with fewer than k nodes.
   */
  readonly shamirThreshold?: number;
  /**
   * The simulation clock's reading (its lead over real time, and where it stands while paused),
   * told to each node in its join answer so the node's clock follows the simulation's. Absent
   * outside a simulation with its own clock.
   */
  readonly clockReading?: () => ClockReading;
  /**
   * Sees the key flow the master carries as it happens (a simulation's activity view): each peer
   * asked to seal its share to a booting node, with how that went. Node IDs and words only,
   * never a share or a sealed box. Called synchronously; a throw is logged and ignored.
   */
  readonly onActivity?: (activity: MasterActivity) => void;
}

/** Opens the cluster database (creating the cluster at the first open) and serves it. */
export function openMaster(options: MasterOptions): Promise<Master> {
  // A throw in the executor (a locked or unreadable database) becomes the rejection.
  return new Promise((resolve) => resolve(serve(options)));
}

function serve(options: MasterOptions): Master {
  const logger = options.logger ?? silentLogger;
  const shamirThreshold = options.shamirThreshold ?? DEFAULT_SHAMIR_THRESHOLD;
  if (!Number.isInteger(shamirThreshold) || shamirThreshold < 2) {
    throw new ElementApiError(ElementErrorName.xInvalidParameter, `shamirThreshold must be an integer of at least 2, not ${shamirThreshold}`);
  }
  const db = ClusterDb.open(options.dataDir);
  let ctx: ServiceContext;
  let identity;
  let faults: FaultStore;
  let evaluator: ReturnType<typeof createFaultEvaluator>;
  try {
    const events = createEventLog(db.sqlite, options.clock, logger);
    faults = new FaultStore(db, options.clock, (change, fault) => announceFault(logger, events, change, fault));
    // The fabric tells the EAR lifecycle about joins; the lifecycle calls nodes through the fabric.
    const nodes = createNodeFabric({
      db,
      clock: options.clock,
      rng: options.rng,
      logger,
      boxKey: ensureMasterBoxKey(db),
      onNodeOnline: (nodeID) => ear.nodeOnline(nodeID),
      onNodeChange: (change) => {
        recordNodeChange(db, events, change);
        // A join or departure changes who reaches the key servers; a report, only drive states.
        evaluator.request(change.kind !== 'state');
      },
      ...(options.clockReading === undefined ? {} : { clockReading: options.clockReading }),
      ...(options.onActivity === undefined ? {} : { onActivity: options.onActivity }),
    });
    const ear = createEarLifecycle({ db, clock: options.clock, rng: options.rng, logger, nodes, events });
    ctx = {
      db,
      clock: options.clock,
      rng: options.rng,
      keyPairs: options.keyPairs ?? freshKeyPairs,
      logger,
      kmip: options.kmip ?? {},
      kmipLogFlags: () => getConstants({ db }).cKmipCmdExtraFlags,
      nodes,
      ear,
      events,
      shamirThreshold,
      transientEar: undefined,
    };
    // Health checks contact the key servers like the key service does, without events of their own.
    const contact = { clock: ctx.clock, logger, kmip: ctx.kmip, kmipLogFlags: ctx.kmipLogFlags } as const;
    evaluator = createFaultEvaluator({ db, clock: options.clock, logger, nodes, contact, store: faults, slices: new SliceWatch({ db, nodes, events, store: faults }) });
    identity = ensureClusterIdentity(ctx, options.cluster ?? {});
    drives.recoverInterruptedErases(ctx);
  } catch (e) {
    db.close();
    throw e;
  }
  logger.log('info', 'Cluster database opened', {
    component: 'DB',
    file: join(options.dataDir, CLUSTER_DB_FILE),
    keyServers: keyServers(db).length,
    keyProviders: keyProviders(db).length,
    nodes: ctx.nodes.registered().length,
  });
  // A transition the previous master did not finish goes on from its persisted step.
  ctx.ear.resume();
  evaluator.start();
  const mutex = new Mutex();
  // Serialized, and asynchronous even when the work is not, so a throw is always a rejection.
  // A change may clear or raise a fault (a renewed certificate, a re-added drive): check at once.
  // A change to the key servers in use (a renewed client certificate, another host name, a server
  // added to or taken from the provider) also has them probed again: what the last probe found
  // may no longer hold, and the administrator who fixed it should not wait for the 30 s tick.
  const changeWith =
    (probe: boolean) =>
    <T>(work: () => T | Promise<T>): Promise<T> =>
      mutex.run(async () => {
        const result = await work();
        evaluator.request(probe);
        return result;
      });
  const change = changeWith(false);
  const changeKeyServers = changeWith(true);
  const erasing = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;

  const master: Master = {
    getClusterInfo: () => getClusterInfo(ctx, identity),
    createPublicPrivateKeyPair: (subject) => change(() => createPublicPrivateKeyPair(ctx, subject)),
    getClientCertificateSignRequest: () => getClientCertificateSignRequest(ctx),
    createKeyServerKmip: (params) => change(() => servers.createKeyServerKmip(ctx, params)),
    modifyKeyServerKmip: (params) => changeKeyServers(() => servers.modifyKeyServerKmip(ctx, params)),
    deleteKeyServerKmip: (id) => changeKeyServers(() => servers.deleteKeyServerKmip(ctx, id)),
    getKeyServerKmip: (id) => servers.getKeyServerKmip(ctx, id),
    listKeyServersKmip: (filter) => servers.listKeyServersKmip(ctx, filter),
    testKeyServerKmip: (id) => servers.testKeyServerKmip(ctx, id),
    createKeyProviderKmip: (name) => change(() => providers.createKeyProviderKmip(ctx, name)),
    deleteKeyProviderKmip: (id) => change(() => providers.deleteKeyProviderKmip(ctx, id)),
    addKeyServerToProviderKmip: (providerID, serverID) => changeKeyServers(() => providers.addKeyServerToProviderKmip(ctx, providerID, serverID)),
    removeKeyServerFromProviderKmip: (id) => changeKeyServers(() => providers.removeKeyServerFromProviderKmip(ctx, id)),
    getKeyProviderKmip: (id) => providers.getKeyProviderKmip(ctx, id),
    listKeyProvidersKmip: (filter) => providers.listKeyProvidersKmip(ctx, filter),
    testKeyProviderKmip: (id) => providers.testKeyProviderKmip(ctx, id),
    enableEncryptionAtRest: (params) => change(() => enableEncryptionAtRest(ctx, params.keyProviderID)),
    disableEncryptionAtRest: () => change(() => disableEncryptionAtRest(ctx)),
    getEncryptionAtRestInfo: () => getEncryptionAtRestInfo(ctx),
    listDrives: () => drives.listDrives(ctx),
    addDrives: (list) => change(() => drives.addDrives(ctx, list)),
    removeDrives: (ids) => change(() => drives.removeDrives(ctx, ids)),
    secureEraseDrives: (ids) =>
      change(() => {
        const { asyncHandle, erased } = drives.secureEraseDrives(ctx, ids);
        const tracked = erased.catch((e: unknown) => logger.log('error', `Secure erase outcome not recorded: ${e instanceof Error ? e.message : String(e)}`, { component: 'DRIVE' }));
        erasing.add(tracked);
        void tracked.finally(() => erasing.delete(tracked));
        return { asyncHandle };
      }),
    getAsyncResult: (handle, keepResult) => change(() => asyncResults.getAsyncResult(db, handle, keepResult)),
    listAsyncResults: (types) => asyncResults.listAsyncResults(db, types),
    listDriveHardware: () => listDriveHardware(ctx),
    listActiveNodes: () => listActiveNodes(ctx),
    listAllNodes: () => ({ nodes: listActiveNodes(ctx), pendingNodes: [], pendingActiveNodes: [] }),
    listClusterFaults: (params) => faults.list(params),
    // Not `change`: a cleared fault whose cause remains comes back at the next evaluation, not at once.
    clearClusterFaults: (faultTypes) =>
      mutex.run(() =>
        Promise.resolve().then(() => {
          const cleared = faults.clear(faultTypes);
          logger.log('info', `Cleared ${cleared} cluster fault(s) (faultTypes ${faultTypes})`, { component: 'FAULT' });
        }),
      ),
    listEvents: (filter) => ctx.events.list(filter),
    getConstants: () => getConstants(ctx),
    setConstants: (values) => change(() => setConstants(ctx, values)),
    evaluateClusterFaults: () => evaluator.evaluate(),
    clusterFaultsSettled: () => evaluator.settled(),
    nodes: ctx.nodes,
    copyDatabaseTo: (dataDir) =>
      mutex.run(async () => {
        await mkdir(dataDir, { recursive: true });
        db.copyTo(join(dataDir, CLUSTER_DB_FILE));
      }),
    close: () =>
      (closing ??= mutex.run(async () => {
        // After every change already queued: the EAR machine stops where it is (its step is
        // persisted), node links close (an erase in flight is recorded as failed), then the
        // database is released for the next master.
        ctx.ear.stop();
        evaluator.stop();
        ctx.nodes.closeAll();
        await Promise.all(erasing);
        db.close();
        logger.log('info', 'Cluster database closed', { component: 'DB' });
      })),
  };
  return master;
}

/** Where a fault's raising and resolution are told: the master log and the event log. */
const FAULT_EVENT_TYPES: Readonly<Record<string, EventType>> = {
  kmipServerFault: 'encryptionAtRestEvent',
  kmipCertificateFault: 'encryptionAtRestEvent',
  driveFailed: 'driveEvent',
  sliceServiceUnhealthy: 'sliceEvent',
};

function announceFault(logger: Logger, events: EventLog, change: FaultChange, f: FaultRecord): void {
  const level: LogLevel = change === 'resolved' ? 'info' : f.severity === 'warning' || f.severity === 'bestPractice' ? 'warn' : 'error';
  const message = `Cluster fault ${f.clusterFaultID} ${change}: ${f.code} (${f.severity}): ${f.details}`;
  logger.log(level, message, { component: 'FAULT', clusterFaultID: f.clusterFaultID });
  events.record({
    type: FAULT_EVENT_TYPES[f.code] ?? 'serviceEvent',
    message,
    nodeID: f.nodeID,
    serviceID: f.serviceID,
    driveIDs: f.driveIDs,
    details: { clusterFaultID: f.clusterFaultID, code: f.code, severity: f.severity, resolved: f.resolved },
  });
}
