export { WireError, WIRE_ERROR_CODES } from './errors.js';
export type { WireErrorCode } from './errors.js';
export type { Check, Checked } from './check.js';
export { sealedBox, nodeDrive, nodeState, generationRecord, member, kmipServerConfig } from './types.js';
export type {
  SealedBox, NodeDrive, NodeState, GenerationRecord, InternalGenerationRecord, ExternalGenerationRecord, Member, KmipServerConfig,
} from './types.js';
export { NODE_TO_MASTER, MASTER_TO_NODE, NODE_EVENTS, MASTER_EVENTS, NODE_ERROR_CODES, MASTER_ERROR_CODES } from './methods.js';
export type { MethodTable, EventTable, Params, Result, EventParams } from './methods.js';
export { createPeer, MAX_MESSAGE_CHARS, DEFAULT_CALL_TIMEOUT_MS } from './peer.js';
export type { Peer, PeerOptions, Handlers, EventHandlers } from './peer.js';
export { portChannel, webSocketChannel, memoryChannelPair } from './channel.js';
export type { Channel, PortLike } from './channel.js';
export { generateBoxKeyPair, seal, open } from './sealed-box.js';
export type { BoxKeyPair } from './sealed-box.js';
export { masterPeer, nodePeer } from './roles.js';
export type { MasterSide, NodeSide, MasterHandlers, NodeHandlers } from './roles.js';
