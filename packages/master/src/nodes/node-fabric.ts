/**
 * The master's side of its storage nodes: one wire peer per channel, the node's link once it has
 * joined, its last reported state (kept, flagged offline, when the link closes), and the calls
 * the rest of the master makes to nodes. Registration in the cluster database is in
 * registration.ts; share relaying in share-relay.ts.
 */
import { EkmsimError, type Clock, type ClockReading, type Logger, type Rng } from '@ekmsim/core';
import { MASTER_ERROR_CODES, masterPeer, type Channel, type MASTER_TO_NODE, type MasterSide, type NodeState, type Params, type Result } from '@ekmsim/wire';
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, drivePath, nodePath, type DriveRecord, type MasterBoxKeyRecord, type NodeRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import type { NodeFabric, SimNodeView } from '../model.js';
import { registerJoin } from './registration.js';
import type { MasterActivity } from './master-activity.js';
import { relayShares } from './share-relay.js';

type NodeMethod = keyof typeof MASTER_TO_NODE;

/** What the rest of the master sees of the nodes, beyond the public NodeFabric. */
export interface MasterNodes extends NodeFabric {
  call<M extends NodeMethod>(nodeID: number, method: M, params: Params<typeof MASTER_TO_NODE, M>, timeoutMs?: number): Promise<Result<typeof MASTER_TO_NODE, M>>;
  /** Registered nodes, by ID. */
  registered(): NodeRecord[];
  isOnline(nodeID: number): boolean;
  onlineNodeIDs(): number[];
  /** The last state the node reported, or null before its first join since the master opened. */
  lastState(nodeID: number): NodeState | null;
  /** Closes every link (the master is closing). */
  closeAll(): void;
}

export interface NodeFabricParts {
  readonly db: ClusterDb;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly boxKey: MasterBoxKeyRecord;
  /** A node has joined and has its answer: the EAR lifecycle takes it from here. */
  readonly onNodeOnline: (nodeID: number) => void;
  /** Every join, departure and state report, after the fabric has taken it in (events, faults). */
  readonly onNodeChange?: (change: NodeChange) => void;
  /** The simulation clock's reading (lead over real time, pause), told to each node in its join answer. */
  readonly clockReading?: () => ClockReading;
  /** Each share request relayed, once it is answered (MasterOptions.onActivity). */
  readonly onActivity?: (activity: MasterActivity) => void;
}

/** What changed about a node: `before` is the state the master held until now (null: none yet). */
export type NodeChange =
  | { readonly kind: 'online'; readonly nodeID: number; readonly firstJoin: boolean; readonly before: NodeState | null; readonly after: NodeState }
  | { readonly kind: 'state'; readonly nodeID: number; readonly before: NodeState | null; readonly after: NodeState }
  | { readonly kind: 'offline'; readonly nodeID: number };

interface Link {
  readonly peer: MasterSide;
  /** Set by the link's join; a link joins as one node only. */
  nodeID: number | undefined;
}

interface Presence {
  link: Link | undefined;
  state: NodeState | null;
}

const NODE = { component: 'NODE' } as const;

const badRequest = (message: string): EkmsimError => new EkmsimError(MASTER_ERROR_CODES.badRequest, message);

export function createNodeFabric(parts: NodeFabricParts): MasterNodes {
  const { db, clock, logger } = parts;
  const links = new Set<Link>();
  const presence = new Map<number, Presence>();
  const readyWaiters: (() => void)[] = [];
  let shutDown = false;

  const registered = (): NodeRecord[] => db.children<NodeRecord>(DB_PATHS.nodes);
  const isOnline = (nodeID: number): boolean => presence.get(nodeID)?.link !== undefined;
  const onlineNodeIDs = (): number[] => [...presence.entries()].filter(([, p]) => p.link !== undefined).map(([id]) => id).sort((a, b) => a - b);

  const allReady = (): boolean =>
    registered().every((n) => {
      const p = presence.get(n.nodeID);
      return p?.link !== undefined && p.state?.phase === 'ready';
    });
  const changed = (): void => {
    if (!allReady()) return;
    for (const resolve of readyWaiters.splice(0)) resolve();
  };

  const call = async <M extends NodeMethod>(nodeID: number, method: M, params: Params<typeof MASTER_TO_NODE, M>, timeoutMs?: number): Promise<Result<typeof MASTER_TO_NODE, M>> => {
    const link = presence.get(nodeID)?.link;
    if (link === undefined) {
      if (db.get<NodeRecord>(nodePath(nodeID)) === undefined) throw new ElementApiError(ElementErrorName.xSimNodeDoesNotExist, `Node ${nodeID} is not in the cluster`);
      throw new ElementApiError(ElementErrorName.xSimNodeOffline, `Node ${nodeID} is offline`);
    }
    const result = await link.peer.call(method, params, timeoutMs);
    // Calls that answer the node's state keep the cache current between its status events.
    if (method === 'getState') remember(nodeID, result as NodeState);
    if (method === 'applyGeneration') remember(nodeID, (result as Result<typeof MASTER_TO_NODE, 'applyGeneration'>).state);
    return result;
  };

  const remember = (nodeID: number, state: NodeState): void => {
    const p = presence.get(nodeID);
    if (p === undefined || state.nodeID !== nodeID) return;
    const before = p.state;
    p.state = state;
    changed();
    parts.onNodeChange?.({ kind: 'state', nodeID, before, after: state });
  };

  /** Absent without a simulation clock. */
  const clockReading = (): { clock?: ClockReading } => {
    const reading = parts.clockReading?.();
    return reading === undefined ? {} : { clock: wireReading(reading) };
  };

  const join = (link: Link, nodeID: number, publicKey: string, state: NodeState): Promise<{ masterPublicKey: string; clock?: ClockReading }> => {
    if (state.nodeID !== nodeID) throw badRequest(`join: state.nodeID ${state.nodeID} is not nodeID ${nodeID}`);
    if (link.nodeID !== undefined && link.nodeID !== nodeID) throw badRequest(`join: this link already joined as node ${link.nodeID}`);
    const reg = registerJoin(db, clock, parts.rng, nodeID, publicKey, state);
    const old = presence.get(nodeID)?.link;
    const before = presence.get(nodeID)?.state ?? null;
    link.nodeID = nodeID;
    presence.set(nodeID, { link, state });
    if (old !== undefined && old !== link) {
      logger.log('info', `Node ${nodeID} joined again on a new link; the old link is closed`, NODE);
      old.peer.close();
    }
    logger.log('info', `Node ${nodeID} joined (${state.drives.length} drives, phase ${state.phase})`, {
      ...NODE,
      firstJoin: reg.firstJoin,
      newDrives: reg.newDriveIDs.join(','),
    });
    if (reg.keyChanged) logger.log('warn', `Node ${nodeID} joined with a new sealed-box key; shares sealed to its old key are useless to it`, NODE);
    return answerThen({ masterPublicKey: parts.boxKey.publicKey, ...clockReading() }, () => {
      if (presence.get(nodeID)?.link !== link) return; // replaced or gone meanwhile
      for (const other of onlineNodeIDs()) if (other !== nodeID) presence.get(other)?.link?.peer.emit('peerOnline', { nodeID });
      changed();
      parts.onNodeOnline(nodeID);
      parts.onNodeChange?.({ kind: 'online', nodeID, firstJoin: reg.firstJoin, before, after: state });
    });
  };

  const gatherShares = async (link: Link, generation: number, count: number | undefined): Promise<{ shares: Result<typeof MASTER_TO_NODE, 'sealShare'>['share'][] }> => {
    const nodeID = link.nodeID;
    if (nodeID === undefined) throw new EkmsimError(MASTER_ERROR_CODES.unknownNode, 'gatherShares: join first');
    const record = db.get<NodeRecord>(nodePath(nodeID));
    if (record === undefined) throw new EkmsimError(MASTER_ERROR_CODES.unknownNode, `gatherShares: node ${nodeID} is not registered`);
    const shares = await relayShares(
      {
        logger,
        onlineNodeIDs,
        rng: parts.rng,
        sealShare: (id, params, timeoutMs) => call(id, 'sealShare', params, timeoutMs),
        ...(parts.onActivity === undefined ? {} : { onActivity: parts.onActivity }),
      },
      nodeID,
      record.publicKey,
      generation,
      count,
    );
    return { shares };
  };

  const closed = (link: Link): void => {
    links.delete(link);
    const nodeID = link.nodeID;
    if (nodeID === undefined) return;
    const p = presence.get(nodeID);
    if (p?.link !== link) return; // an old, replaced link
    p.link = undefined;
    logger.log('info', `Node ${nodeID} went offline`, NODE);
    // The master closing its links is not the node leaving.
    if (!shutDown) parts.onNodeChange?.({ kind: 'offline', nodeID });
  };

  return {
    accept(channel: Channel, options?: { readonly tap?: (direction: 'in' | 'out', text: string) => void }): void {
      if (shutDown) {
        channel.close(); // the master is closed: the node finds another (or the same, reopened)
        return;
      }
      // The handlers use `link` only when messages arrive, after it is made.
      const link: Link = {
        nodeID: undefined,
        peer: masterPeer({
          channel,
          clock,
          ...(options?.tap === undefined ? {} : { tap: options.tap }),
          handlers: {
            join: (p) => join(link, p.nodeID, p.publicKey, p.state),
            gatherShares: (p) => gatherShares(link, p.generation, p.count),
            events: {
              status: ({ state }) => {
                if (link.nodeID === undefined || state.nodeID !== link.nodeID || presence.get(link.nodeID)?.link !== link) {
                  logger.log('warn', `Ignored a status event from a link that is not node ${state.nodeID}'s`, NODE);
                  return;
                }
                remember(link.nodeID, state);
              },
            },
          },
          onProblem: (e) => logger.log('warn', `Node link problem: ${e.message}`, { ...NODE, node: link.nodeID }),
          onClose: () => closed(link),
        }),
      };
      links.add(link);
    },
    listNodes: (): SimNodeView[] =>
      registered().map((n) => ({ nodeID: n.nodeID, online: isOnline(n.nodeID), state: presence.get(n.nodeID)?.state ?? null })),
    call,
    locateDrive(driveID: number) {
      const drive = Number.isInteger(driveID) ? db.get<DriveRecord>(drivePath(driveID)) : undefined;
      if (drive === undefined) throw new ElementApiError(ElementErrorName.xDriveIDDoesNotExist, `Drive ID ${driveID} does not exist`);
      return { nodeID: drive.nodeID, serial: drive.serial };
    },
    whenAllReady: () =>
      new Promise<void>((resolve) => {
        if (allReady()) resolve();
        else readyWaiters.push(resolve);
      }),
    broadcastClock(reading: ClockReading) {
      const told = wireReading(reading);
      for (const id of onlineNodeIDs()) presence.get(id)?.link?.peer.emit('clock', told);
    },
    registered,
    isOnline,
    onlineNodeIDs,
    lastState: (nodeID) => presence.get(nodeID)?.state ?? null,
    closeAll() {
      shutDown = true;
      for (const link of [...links]) link.peer.close();
    },
  };
}

/**
 * Answers `value`, then runs `work`. The peer sends a handler's answer in the continuation of
 * `await handler(…)`, queued when the handler returns this settled promise; the reaction added
 * one microtask later is queued behind it. So the node reads its join answer before the calls
 * and events that follow from its join.
 */
function answerThen<T>(value: T, work: () => void): Promise<T> {
  const answered = Promise.resolve(value);
  queueMicrotask(() => void answered.then(work));
  return answered;
}

/** A reading in whole milliseconds (the wire's integers); anything else is refused before a node hears it. */
function wireReading(r: ClockReading): ClockReading {
  const offsetMs = Math.round(r.offsetMs);
  const pausedAtMs = r.pausedAtMs === undefined ? undefined : Math.round(r.pausedAtMs);
  if (!Number.isSafeInteger(offsetMs)) throw new ElementApiError(ElementErrorName.xInvalidParameter, `offsetMs: ${r.offsetMs} is not a number of milliseconds`);
  if (pausedAtMs !== undefined && !(Number.isSafeInteger(pausedAtMs) && pausedAtMs >= 0)) {
    throw new ElementApiError(ElementErrorName.xInvalidParameter, `pausedAtMs: ${String(r.pausedAtMs)} is not a time in milliseconds`);
  }
  return pausedAtMs === undefined ? { offsetMs } : { offsetMs, pausedAtMs };
}
