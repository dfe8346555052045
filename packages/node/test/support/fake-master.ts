/**
 * A small master for the node tests: it serves `join` and `gatherShares` (relaying `sealShare` to
 * every other online node, as the real master does), tells the others `peerOnline` when a node
 * joins, keeps every status a node reports, and records every wire text both ways.
 */
import { SimulatedClock } from '@ekmsim/core';
import {
  generateBoxKeyPair, masterPeer, memoryChannelPair, WireError,
  type Channel, type MASTER_TO_NODE, type MasterSide, type NodeState, type Params, type Result, type SealedBox,
} from '@ekmsim/wire';

export interface NodeLink {
  readonly nodeID: number;
  readonly publicKey: string;
  readonly peer: MasterSide;
  online: boolean;
  /** Every state the node reported: in `join`, then in `status` events. */
  readonly reports: NodeState[];
}

type Calls = typeof MASTER_TO_NODE;

export class FakeMaster {
  readonly clock: SimulatedClock;
  /** Every text that crossed any node link, both ways. */
  readonly wire: string[] = [];
  readonly #links = new Map<number, NodeLink>();
  /** Rewrites the shares a node gathers (tests of bad shares). */
  shareFilter: ((requester: number, shares: SealedBox[]) => SealedBox[]) | undefined;

  constructor(clock = new SimulatedClock(Date.UTC(2025, 0, 1))) {
    this.clock = clock;
  }

  /** A new link in memory; the node says who it is in `join`. */
  connect(): Channel {
    const [masterEnd, nodeEnd] = memoryChannelPair();
    this.accept(masterEnd);
    return nodeEnd;
  }

  /** Serves a node over `channel` (a WebSocket or a worker port in the transport tests). */
  accept(channel: Channel): void {
    let link: NodeLink | undefined;
    const peer: MasterSide = masterPeer({
      channel,
      clock: this.clock,
      tap: (_direction, text) => this.wire.push(text),
      onClose: () => {
        if (link !== undefined) link.online = false;
      },
      handlers: {
        join: ({ nodeID, publicKey, state }) => {
          link = { nodeID, publicKey, peer, online: true, reports: [state] };
          this.#links.set(nodeID, link);
          for (const other of this.#links.values()) if (other !== link && other.online) other.peer.emit('peerOnline', { nodeID });
          return { masterPublicKey: generateBoxKeyPair().publicKey };
        },
        gatherShares: async ({ generation }) => {
          const me = link;
          if (me === undefined) throw new WireError('WIRE_MALFORMED', 'join first');
          const shares: SealedBox[] = [];
          for (const other of this.#links.values()) {
            if (other === me || !other.online) continue;
            try {
              shares.push((await other.peer.call('sealShare', { generation, forNodeID: me.nodeID, forPublicKey: me.publicKey })).share);
            } catch {
              // that peer has no share of this generation
            }
          }
          return { shares: this.shareFilter?.(me.nodeID, shares) ?? shares };
        },
        events: {
          status: ({ state }) => {
            link?.reports.push(state);
          },
        },
      },
    });
  }

  link(nodeID: number): NodeLink {
    const link = this.#links.get(nodeID);
    if (link === undefined) throw new Error(`node ${nodeID} never joined`);
    return link;
  }

  joined(nodeID: number): boolean {
    return this.#links.get(nodeID)?.online ?? false;
  }

  call<M extends Extract<keyof Calls, string>>(nodeID: number, method: M, params: Params<Calls, M>): Promise<Result<Calls, M>> {
    return this.link(nodeID).peer.call(method, params);
  }

  /** The last state the node reported. */
  reported(nodeID: number): NodeState {
    const reports = this.link(nodeID).reports;
    return reports[reports.length - 1]!;
  }
}
