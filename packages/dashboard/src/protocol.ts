/**
 * What the dashboard's server and the page say to each other over the WebSocket (`/ws`), as JSON
 * texts, one message each. The page only ever sees what is here: identifiers, states, names and
 * dates — never a key, a share, a PIN or a private key (the server builds every message from the
 * simulator's public APIs, which do not hand those out either).
 *
 * Server → page: `hello` once, then `snapshot` whenever the state seen changed, `activity` as key
 * traffic happens, `step` / `verdict` in guided mode, `actionResult` for each action asked,
 * `exported` for an export.
 * Page → server: `action`, `guided`, `export`.
 */

/** A drive as the page draws it. */
export interface DriveView {
  readonly driveID: number;
  readonly serial: string;
  /** Bay, 0-based. */
  readonly slot: number;
  /** Element's drive status: active, available, failed, removed… */
  readonly status: string;
  /** Read/write locked now (null while its node is off or unknown). */
  readonly locked: boolean | null;
  /** Admin1 authentication tries left before the drive locks out until a power cycle (null: unknown or no limit). */
  readonly triesLeft: number | null;
  /** Whose key the drive's PIN is: internal (Shamir), external (KMIP) or none (factory MSID, no EAR). */
  readonly keyMode: 'internal' | 'external' | 'none' | null;
  readonly stolen: boolean;
}

export interface NodeView {
  readonly nodeID: number;
  /** Powered and talking to the master. */
  readonly online: boolean;
  /** booting, unlocking, ready, locked, or off. */
  readonly phase: 'booting' | 'unlocking' | 'ready' | 'locked' | 'off';
  readonly unlockAttempts: number;
  /** Why the last unlock attempt failed (no secret in it). */
  readonly unlockError: string | null;
  /** The network fault on this node's link, if any (`partition`, `blackHole`, …). */
  readonly linkFault: string | null;
  readonly stolen: boolean;
  readonly drives: readonly DriveView[];
}

export interface KeyServerMemberView {
  readonly hostname: string;
  readonly listening: boolean;
}

export interface KeyServerView {
  /** The simulated key server's name (ListSimKeyServers). */
  readonly name: string;
  readonly vendor: string;
  readonly members: readonly KeyServerMemberView[];
  /** The network fault on the key server, if any. */
  readonly networkFault: string | null;
  /** Element's keyServerID when the cluster has it configured (matched by host name). */
  readonly keyServerID: number | null;
  /** In the cluster's active key provider. */
  readonly active: boolean;
}

export interface CertificateView {
  readonly keyServerID: number;
  readonly keyServerName: string;
  readonly kind: 'client' | 'ca';
  /** Subject common name. */
  readonly subject: string;
  /** ISO 8601. */
  readonly notAfter: string;
  /** Whole days left on the simulation clock (negative once expired). */
  readonly daysLeft: number;
}

export interface FaultView {
  readonly clusterFaultID: number;
  readonly code: string;
  readonly severity: string;
  readonly type: string;
  readonly details: string;
  readonly nodeID: number | null;
  readonly driveID: number | null;
}

export interface EventView {
  readonly eventID: number;
  /** ISO 8601, simulation clock. */
  readonly timeOfReport: string;
  readonly eventInfoType: string;
  readonly message: string;
}

export interface TheftView {
  /** What the thief carried off (drive IDs, node IDs, the whole cluster). */
  readonly drives: readonly number[];
  readonly nodes: readonly number[];
  readonly cluster: boolean;
  /** The thief's view: per stolen drive, whether it reads at the foreign site. */
  readonly readable: readonly { readonly driveID: number; readonly readable: boolean; readonly why: string }[];
  readonly summary: string | null;
}

/** Everything the page draws at one moment. */
export interface Snapshot {
  /** Increases with each snapshot the server sends. */
  readonly seq: number;
  /** Simulation clock, ms since the epoch and ISO 8601. */
  readonly simMs: number;
  readonly simTime: string;
  /** How fast simulated time runs on the dashboard's own account (1 = real time), and whether the simulation clock is paused (PauseClock). */
  readonly speed: number;
  readonly paused: boolean;
  readonly cluster: {
    readonly name: string;
    /** Element's encryptionAtRestState: enabled, disabled, enabling, disabling. */
    readonly ear: string;
    readonly keyMode: 'internal' | 'external' | 'none';
    readonly keyProviderID: number | null;
  };
  readonly nodes: readonly NodeView[];
  readonly keyServers: readonly KeyServerView[];
  readonly faults: readonly FaultView[];
  /** The latest events, newest last (at most 50). */
  readonly events: readonly EventView[];
  readonly certificates: readonly CertificateView[];
  readonly theft: TheftView;
}

/** One piece of key traffic, as it happened (identifiers only). */
export interface ActivityView {
  readonly seq: number;
  readonly simMs: number;
  /** kmip: a KMIP request a key server answered or a connection to it; share: a node asking a peer for its share through the master. */
  readonly kind: 'kmip' | 'connection' | 'share';
  /** Who asked: `master`, `node 3`, `thief master`, `thief node 1`… */
  readonly from: string;
  /** Who answered: a key server (`kms1`, `kms1 member 2`) or `node 2`. */
  readonly to: string;
  /** What: a KMIP operation (`Get`, `Locate`, `DiscoverVersions`…), `connect`, `share request`. */
  readonly what: string;
  readonly ok: boolean;
  /** The outcome in words (`Success`, `connection refused`, `Item Not Found`…), never key material. */
  readonly outcome: string;
}

export interface ScenarioStepView {
  readonly index: number;
  readonly line: number;
  readonly kind: string;
  readonly title: string;
  readonly say: string | null;
}

export interface StepResultView {
  readonly index: number;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly summary: string;
  readonly failure: string | null;
  /** Simulation clock when the step ended. */
  readonly simMs: number;
}

export interface GuidedView {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly steps: readonly ScenarioStepView[];
}

/** The library the page offers in guided mode. */
export interface LibraryEntry {
  readonly file: string;
  readonly name: string;
}

export type ActionName =
  | 'powerOffNode'
  | 'powerOnNode'
  | 'powerCycleNode'
  | 'powerCycleCluster'
  | 'stealDrive'
  | 'stealNode'
  | 'stealCluster'
  | 'stopKeyServer'
  | 'startKeyServer'
  | 'cutNodeLink'
  | 'healNodeLink'
  | 'revokeClusterCertificate'
  | 'deleteAuthenticationKey'
  | 'advanceClock'
  | 'pause'
  | 'resume'
  | 'setSpeed';

/** An action's arguments: `nodeID`, `driveID`, `keyServer` (+ `member` for one HyTrust member), `seconds`, `speed`. */
export interface ActionArgs {
  readonly nodeID?: number;
  readonly driveID?: number;
  readonly keyServer?: string;
  readonly member?: number;
  readonly seconds?: number;
  readonly speed?: number;
}

export type ServerMessage =
  | {
      readonly type: 'hello';
      readonly mode: 'live' | 'guided';
      readonly guided: GuidedView | null;
      /** The guided steps already run, and the verdict once there is one (a page may connect mid-scenario). */
      readonly results: readonly StepResultView[];
      readonly verdict: { readonly passed: boolean; readonly summary: string } | null;
      readonly library: readonly LibraryEntry[];
      readonly history: readonly Snapshot[];
      readonly activity: readonly ActivityView[];
    }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'activity'; readonly items: readonly ActivityView[] }
  | { readonly type: 'guided'; readonly guided: GuidedView | null }
  | { readonly type: 'step'; readonly result: StepResultView; readonly next: number }
  | { readonly type: 'verdict'; readonly passed: boolean; readonly summary: string }
  | { readonly type: 'actionResult'; readonly id: number; readonly ok: boolean; readonly error: string | null }
  | { readonly type: 'exported'; readonly yaml: string };

export type PageMessage =
  | { readonly type: 'action'; readonly id: number; readonly action: ActionName; readonly args: ActionArgs }
  /** load: start a fresh simulation for a library file; next: run the next step; skip: run the rest to the verdict; restart: load the same file again. */
  | { readonly type: 'guided'; readonly op: 'load' | 'next' | 'skip' | 'restart'; readonly file?: string }
  | { readonly type: 'export' };
