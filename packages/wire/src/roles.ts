/** The two ends of the protocol, typed: the master's view of a node link, and a node's view of the master. */
import type { Clock } from '@ekmsim/core';
import type { Channel } from './channel.js';
import { MASTER_EVENTS, MASTER_TO_NODE, NODE_EVENTS, NODE_TO_MASTER } from './methods.js';
import { createPeer, type EventHandlers, type Handlers, type Peer } from './peer.js';

export type MasterSide = Peer<typeof MASTER_TO_NODE, typeof MASTER_EVENTS>;
export type NodeSide = Peer<typeof NODE_TO_MASTER, typeof NODE_EVENTS>;
export type MasterHandlers = Handlers<typeof NODE_TO_MASTER> & { readonly events: EventHandlers<typeof NODE_EVENTS> };
export type NodeHandlers = Handlers<typeof MASTER_TO_NODE> & { readonly events: EventHandlers<typeof MASTER_EVENTS> };

interface RoleOptions {
  readonly channel: Channel;
  readonly clock: Clock;
  readonly timeoutMs?: number;
  readonly tap?: (direction: 'in' | 'out', text: string) => void;
  readonly onProblem?: (problem: Error) => void;
  readonly onClose?: () => void;
}

/** The master's end of one node's channel. */
export function masterPeer(o: RoleOptions & { readonly handlers: MasterHandlers }): MasterSide {
  const { events, ...handlers } = o.handlers;
  return createPeer({ ...o, serves: NODE_TO_MASTER, handlers, calls: MASTER_TO_NODE, inEvents: NODE_EVENTS, eventHandlers: events, outEvents: MASTER_EVENTS });
}

/** A node's end of its channel to the master. */
export function nodePeer(o: RoleOptions & { readonly handlers: NodeHandlers }): NodeSide {
  const { events, ...handlers } = o.handlers;
  return createPeer({ ...o, serves: MASTER_TO_NODE, handlers, calls: NODE_TO_MASTER, inEvents: MASTER_EVENTS, eventHandlers: events, outEvents: NODE_EVENTS });
}
