/**
 * The values master and nodes exchange, declared once as validators; each TypeScript type is
 * inferred from its validator, so what is checked is what is typed.
 */
import { array, base64, bool, int, literal, nat, nullable, object, oneOf, optional, plainObject, positive, str, type Checked } from './check.js';

/**
 * A secret sealed to one recipient's X25519 key (ephemeral-static ECDH, HKDF-SHA-256,
 * AES-256-GCM, the purpose and recipient bound as associated data). Whoever relays it sees only
 * this: Shamir shares and the cluster's TLS private key cross the wire only sealed.
 */
export const sealedBox = object({
  /** `master` or `node-<id>`. */
  to: str,
  /** What the plaintext is, e.g. `share/7` or `client-key/8`; opening checks it. */
  purpose: str,
  ephemeralPublicKey: base64,
  nonce: base64,
  ciphertext: base64,
});
export type SealedBox = Checked<typeof sealedBox>;

/** A drive's credential: the AK of a generation, or `null` for the factory MSID (no EAR). */
export const keyGeneration = nullable(nat);

/** One drive as its node reports it (never a PIN). */
export const nodeDrive = object({
  serial: str,
  /** Bay, 0-based. */
  slot: nat,
  model: str,
  firmware: str,
  capacity: nat,
  blockSize: positive,
  blockCount: nat,
  fips: bool,
  securityEnabled: bool,
  locked: bool,
  /** Some authority is locked out (Tries reached TryLimit) until the next power cycle. */
  atMaximum: bool,
  /** Failed Admin1 authentications since the last success or power cycle (0 when there is no Admin1 or the drive does not answer). */
  admin1Tries: nat,
  /** Admin1's TryLimit: 0 means no limit, and is also reported while the drive has no Admin1 (Locking SP never activated) or does not answer. */
  admin1TryLimit: nat,
  /** Whose AK is the drive's Admin1 PIN now. */
  keyGeneration,
  /** Set while the PIN is being changed (written before the change, cleared after). */
  switching: nullable(object({ from: keyGeneration, to: keyGeneration })),
  erasing: bool,
});
export type NodeDrive = Checked<typeof nodeDrive>;

export const generationSummary = object({ generation: nat, mode: literal('internal', 'external'), holdsShare: bool });

/** GetNodeState's node part: drive lock states and which shares it holds, never the shares. */
export const nodeState = object({
  nodeID: positive,
  /** booting: reading its state; unlocking: getting the AK; ready: every secured drive unlocked; locked: gave up for now, retrying. */
  phase: literal('booting', 'unlocking', 'ready', 'locked'),
  drives: array(nodeDrive, 64),
  generations: array(generationSummary, 8),
  /** Why the last unlock attempt failed, if it did (no secret in it). */
  unlockError: nullable(str),
  unlockAttempts: nat,
});
export type NodeState = Checked<typeof nodeState>;

/** The master's simulation clock: its lead over the (shared) host clock, and where it stands still while paused. */
export const clockReading = object({ offsetMs: int, pausedAtMs: optional(nat) });

export const member = object({ nodeID: positive, publicKey: base64 });
export type Member = Checked<typeof member>;

export const kmipServerConfig = object({ keyServerID: positive, hostnames: array(str, 16), port: positive, caCertificate: str });
export type KmipServerConfig = Checked<typeof kmipServerConfig>;

/** What a node keeps about one AK generation. */
export const generationRecord = oneOf<GenerationRecordUnion>('mode', {
  internal: object({
    mode: literal('internal'),
    generation: nat,
    threshold: positive,
    shareCount: positive,
    /** shamir's KeyCheckJson: public (commitments and an HMAC under the AK). */
    keyCheck: plainObject,
    /** This node's share, sealed to it. */
    share: sealedBox,
  }),
  external: object({
    mode: literal('external'),
    generation: nat,
    keyProviderID: positive,
    keyID: str,
    kmipUniqueIdentifier: str,
    servers: array(kmipServerConfig, 16),
    clientCertificate: str,
    /** The cluster's TLS client private key (PEM), sealed to this node. */
    clientKey: sealedBox,
    /** HMAC-SHA-256(AK, label ‖ keyID) as base64, once a node has computed it; every fetched AK is checked against it. */
    akCheck: nullable(base64),
  }),
});
export interface InternalRecord {
  mode: 'internal';
  generation: number;
  threshold: number;
  shareCount: number;
  keyCheck: Record<string, unknown>;
  share: SealedBox;
}
export interface ExternalRecord {
  mode: 'external';
  generation: number;
  keyProviderID: number;
  keyID: string;
  kmipUniqueIdentifier: string;
  servers: KmipServerConfig[];
  clientCertificate: string;
  clientKey: SealedBox;
  akCheck: string | null;
}
type GenerationRecordUnion = InternalRecord | ExternalRecord;
export type GenerationRecord = GenerationRecordUnion;
export type InternalGenerationRecord = InternalRecord;
export type ExternalGenerationRecord = ExternalRecord;
