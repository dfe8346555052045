/**
 * What a scenario file says, once loaded and checked (schema.ts is the same structure as a JSON
 * Schema, published as scenarios/schema.json). A scenario names its cluster and key servers and a
 * seed, then runs steps in order; each step does exactly one thing and may carry a narration
 * line (`say`) for guided demos.
 */

export const VENDORS = ['generic', 'keysecure', 'keysecure-gov', 'hytrust', 'vormetric', 'sklm'] as const;
export const KEY_MODES = ['none', 'internal', 'external'] as const;

export interface ScenarioCluster {
  readonly nodes: number;
  readonly drivesPerNode: number;
  /** What the scenario is about (documentation; the steps set it up). */
  readonly keyMode?: (typeof KEY_MODES)[number];
  readonly shamirThreshold?: number;
}

export interface ScenarioKeyServer {
  readonly name: string;
  readonly vendor: (typeof VENDORS)[number];
  readonly members?: number;
}

/** Values may hold `${name}` (a saved value) and `${pattern:TEXT:BLOCKS}` (base64 test data). */
export type Value = unknown;

interface StepBase {
  /** Narration for guided demos, printed with the step. */
  readonly say?: string;
  /** The line of the step in its file (set by the loader). */
  readonly line: number;
}

/** An Element API call (`call`) or a control API call (`control`). */
export interface CallStep extends StepBase {
  readonly kind: 'call' | 'control';
  readonly method: string;
  readonly params: Readonly<Record<string, Value>>;
  /** The result contains these members (deep, `/regex/` strings match text). */
  readonly expect?: Value;
  /** The call fails with this Element exception name. */
  readonly expectError?: string;
  /** The error message matches this `/regex/` or contains this text. */
  readonly expectMessage?: string;
  /** Saves parts of the result: name → dotted path. */
  readonly save?: Readonly<Record<string, string>>;
}

/** An administrator action on a mock key server (SimKeyServerAdmin). */
export interface KeyServerStep extends StepBase {
  readonly kind: 'keyServer';
  readonly keyServer: string;
  readonly action: string;
  readonly args?: Readonly<Record<string, Value>>;
  readonly expect?: Value;
  readonly expectError?: string;
  readonly expectMessage?: string;
  readonly save?: Readonly<Record<string, string>>;
}

export interface AdvanceStep extends StepBase {
  readonly kind: 'advance';
  /** Simulated seconds. */
  readonly seconds: number;
}

export type Condition =
  | { readonly ear: 'enabled' | 'disabled' }
  | { readonly unlocked: 'all' | readonly number[] }
  | { readonly locked: 'all' | readonly number[] }
  | { readonly fault: FaultMatch }
  | { readonly noFault: FaultMatch }
  | { readonly theftSettled: true }
  | { readonly asyncResult: number | string };

export interface WaitStep extends StepBase {
  readonly kind: 'wait';
  readonly condition: Condition;
  /** Simulated seconds before the wait fails. */
  readonly timeoutSeconds: number;
}

export interface FaultMatch {
  readonly code: string;
  readonly severity?: string;
  /** `/regex/` or text the details contain. */
  readonly details?: string;
}

export type Assertion =
  | { readonly faults: readonly FaultMatch[] }
  | { readonly drives: { readonly locked: 'all' | 'none' | number } }
  | { readonly read: { readonly driveID: number | string; readonly lba: number; readonly data: string; readonly differs?: boolean } }
  | { readonly theft: { readonly locked: 'all' | 'none'; readonly plaintextReadable: 'all' | 'none' } }
  | { readonly log: { readonly file: string; readonly contains: string } }
  | { readonly event: { readonly type: string; readonly message: string } };

export interface CheckStep extends StepBase {
  readonly kind: 'check';
  readonly assertion: Assertion;
}

export type Step = CallStep | KeyServerStep | AdvanceStep | WaitStep | CheckStep;

export interface Scenario {
  /** The file it came from. */
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  readonly cluster: ScenarioCluster;
  readonly keyServers: readonly ScenarioKeyServer[];
  /** KMIP connect and request timeouts (simulated ms) of the master and nodes. */
  readonly kmipTimeouts?: { readonly connectMs?: number; readonly requestMs?: number };
  readonly steps: readonly Step[];
}
