/**
 * One running storage node: its powered-on drives, its state file, its link to the master. After
 * joining it unlocks every drive that needs it (a marker to resolve, or locked at power-on),
 * retrying with backoff, and at once when a peer comes online, until every drive is unlocked; it
 * serves the master's calls meanwhile. Phases: booting (not joined yet) → unlocking → ready or
 * locked. Every change of phase or drive state is reported to the master (`status`).
 */
import { SimulationClock, type Clock, type ClockReading, type Logger, type Rng } from '@ekmsim/core';
import { SedStatusError } from '@ekmsim/sed';
import { NODE_ERROR_CODES, nodePeer, type Channel, type NodeSide, type NodeState } from '@ekmsim/wire';
import type { DriveBay } from './drive-bays.js';
import { settleDrive } from './drive-credential.js';
import { describeError, NodeError, toNodeError } from './errors.js';
import { fetchExternalKey, type KmipAccess } from './external-key.js';
import { nodeHandlers, type NodeServices } from './handlers.js';
import { rebuildInternalKey } from './internal-key.js';
import { withKeys, type KeyRing } from './key-ring.js';
import { Mutex } from './mutex.js';
import type { KeyGeneration, NodeStore } from './node-store.js';
import { RetryLoop, type Backoff } from './retry-loop.js';
import { nodePartyId, type BoxIdentity } from './sealed-secrets.js';
import { reportState, type UnlockProgress } from './state-report.js';

export interface StorageNode {
  state(): NodeState;
  /** Clean stop: no new work, drives flushed and powered off, link closed. */
  stop(): Promise<void>;
  /** Resolves once the node has stopped (stop(), or its channel closed). */
  readonly stopped: Promise<void>;
}

export interface RuntimeOptions {
  readonly channel: Channel;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly kmip: KmipAccess;
  readonly backoff: Backoff;
}

export class NodeRuntime implements StorageNode, NodeServices {
  readonly me: BoxIdentity;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly kmip: KmipAccess;
  readonly stopped: Promise<void>;
  readonly #clock: Clock;
  readonly #peer: NodeSide;
  readonly #mutex = new Mutex();
  readonly #loop: RetryLoop;
  /** Drives that refused a verified key: not retried automatically until this power cycle ends. */
  readonly #refused = new Set<string>();
  #progress: UnlockProgress = { phase: 'booting', unlockError: null, unlockAttempts: 0 };
  #joined = false;
  #stopping = false;
  #lastReported: string | undefined;
  #finalState: NodeState | undefined;
  #markStopped!: () => void;

  constructor(
    readonly store: NodeStore,
    private readonly bays: readonly DriveBay[],
    options: RuntimeOptions,
  ) {
    this.me = { id: nodePartyId(store.nodeID), keyPair: store.boxKeyPair };
    this.rng = options.rng;
    this.logger = options.logger;
    this.kmip = options.kmip;
    this.#clock = options.clock;
    this.stopped = new Promise((resolve) => (this.#markStopped = resolve));
    this.#loop = new RetryLoop(options.clock, options.backoff, () => this.#attempt());
    this.#peer = nodePeer({
      channel: options.channel,
      clock: options.clock,
      handlers: nodeHandlers(this),
      onProblem: (problem) => this.logger.log('warn', `wire: ${problem.message}`),
      onClose: () => void this.stop(),
    });
  }

  /** Joins the master and unlocks, in the background. */
  start(): void {
    this.#loop.kick();
  }

  state(): NodeState {
    return this.#finalState ?? reportState(this.store, this.bays, this.#progress);
  }

  stop(): Promise<void> {
    if (this.#stopping) return this.stopped;
    this.#stopping = true;
    this.#loop.stop();
    this.#peer.close(); // pending calls (share gathering) fail, so a running operation ends
    void this.#mutex.run(() => {
      this.#finalState = this.state();
      for (const bay of this.bays) {
        try {
          bay.drive.flush();
        } catch {
          // already failed or off: powering off is all that is left
        }
        bay.drive.powerOff();
      }
      this.logger.log('info', `node ${this.store.nodeID} stopped`);
      this.#markStopped();
    });
    return this.stopped;
  }

  bay(serial: string): DriveBay {
    const bay = this.bays.find((b) => b.serial === serial);
    if (bay === undefined) {
      const record = this.store.drive(serial);
      const why = record === undefined ? `node ${this.store.nodeID} has no drive ${JSON.stringify(serial)}` : `drive ${serial} (slot ${record.slot}) is not in its bay on node ${this.store.nodeID}`;
      throw new NodeError(NODE_ERROR_CODES.unknownDrive, why);
    }
    return bay;
  }

  async applyGeneration(generation: KeyGeneration, keys: KeyRing): Promise<void> {
    const failures = await this.#settle(this.bays, () => generation, keys);
    if (failures.length > 0) throw summary(failures);
  }

  exclusive<T>(work: (keys: KeyRing) => Promise<T>): Promise<T> {
    return this.#mutex.run(async () => {
      try {
        return await withKeys(this.#keySource, work);
      } finally {
        this.#refreshPhase();
      }
    });
  }

  /** Sends `status` if what the master would see changed (after the node joined). */
  publish(): void {
    if (!this.#joined || this.#peer.closed || this.#finalState !== undefined) return;
    const state = this.state();
    const text = JSON.stringify(state);
    if (text === this.#lastReported) return;
    this.#lastReported = text;
    this.#peer.emit('status', { state });
  }

  peerOnline(): void {
    if (this.#progress.phase !== 'ready') this.#loop.kick();
  }

  /**
   * A node on a SimulationClock follows the simulation's (the master's) clock: it jumps forward
   * to the reading given, firing its due timers (unlock retries, KMIP timeouts) on the way, and
   * stands still while the master's clock is paused.
   */
  followClock(reading: ClockReading): void {
    const said = `clock offset ${reading.offsetMs} ms${reading.pausedAtMs === undefined ? '' : ', paused'}`;
    if (!(this.#clock instanceof SimulationClock)) {
      this.logger.log('debug', `node ${this.store.nodeID}: ${said} ignored (not on a simulation clock)`);
      return;
    }
    try {
      this.#clock.follow(reading);
    } catch (e) {
      this.logger.log('warn', `node ${this.store.nodeID}: ${said} refused: ${describeError(e)}`);
    }
  }

  /** One round: join if not yet joined, then unlock what needs it. True when nothing is left to retry. */
  async #attempt(): Promise<boolean> {
    if (!this.#joined) {
      try {
        const joined = await this.#peer.call('join', { nodeID: this.store.nodeID, publicKey: this.me.keyPair.publicKey, state: this.state() });
        if (joined.clock !== undefined) this.followClock(joined.clock);
      } catch (e) {
        const problem = `could not join the master: ${describeError(e)}`;
        this.#progress = { ...this.#progress, unlockError: problem };
        this.logger.log('warn', problem);
        return false;
      }
      this.#joined = true;
      this.logger.log('info', `node ${this.store.nodeID} joined the master`);
    }
    return this.#mutex.run(() => this.#unlockRound());
  }

  async #unlockRound(): Promise<boolean> {
    const pending = this.bays.filter((b) => this.#needsUnlock(b) && !this.#refused.has(b.serial));
    if (pending.length > 0) {
      this.#progress = { ...this.#progress, phase: 'unlocking', unlockAttempts: this.#progress.unlockAttempts + 1 };
      this.publish();
      // A drive mid-switch finishes the switch it was in; any other is unlocked at its generation.
      const target = (bay: DriveBay): KeyGeneration => {
        const record = this.store.drive(bay.serial);
        if (record === undefined) return null;
        return record.switching !== null ? record.switching.to : record.keyGeneration; // `to` may be null (a disable)
      };
      const failures = await withKeys(this.#keySource, (keys) => this.#settle(pending, target, keys));
      const problem = failures.length > 0 ? summary(failures).message : null;
      this.#progress = { ...this.#progress, unlockError: problem };
      if (problem !== null) this.logger.log('warn', `node ${this.store.nodeID} could not unlock: ${problem}`);
    }
    this.#refreshPhase();
    return !this.bays.some((b) => this.#needsUnlock(b) && !this.#refused.has(b.serial));
  }

  /** Settles each drive in turn; one drive's failure does not stop the others. */
  async #settle(bays: readonly DriveBay[], target: (bay: DriveBay) => KeyGeneration, keys: KeyRing): Promise<{ serial: string; error: unknown }[]> {
    const failures: { serial: string; error: unknown }[] = [];
    for (const bay of bays) {
      try {
        await settleDrive(bay, target(bay), { store: this.store, keys });
        this.#refused.delete(bay.serial);
      } catch (error) {
        // A drive that refused a verified key would burn a Try at every retry.
        if (error instanceof SedStatusError && (error.status === 'NOT_AUTHORIZED' || error.status === 'AUTHORITY_LOCKED_OUT')) this.#refused.add(bay.serial);
        if (toNodeError(error).code === NODE_ERROR_CODES.internal) this.logger.log('error', `drive ${bay.serial}: ${String(error)}`);
        failures.push({ serial: bay.serial, error });
      }
    }
    return failures;
  }

  #needsUnlock(bay: DriveBay): boolean {
    if ((this.store.drive(bay.serial)?.switching ?? null) !== null) return true;
    try {
      return bay.drive.getStatus().locked;
    } catch {
      return true; // a failed drive is not unlocked
    }
  }

  /** After any operation: ready once every drive is unlocked, else locked with a retry scheduled. */
  #refreshPhase(): void {
    if (this.#joined && this.#finalState === undefined) {
      const settled = !this.bays.some((b) => this.#needsUnlock(b));
      this.#progress = settled ? { ...this.#progress, phase: 'ready', unlockError: null } : { ...this.#progress, phase: 'locked' };
      if (!settled) this.#loop.retryLater();
    }
    this.publish();
  }

  readonly #keySource = async (generation: number): Promise<Uint8Array> => {
    const record = this.store.generation(generation);
    if (record === undefined) throw new NodeError(NODE_ERROR_CODES.unknownGeneration, `this node has no record of generation ${generation}`);
    if (record.mode === 'external') return fetchExternalKey(record, this.me, this.kmip);
    return rebuildInternalKey(record, this.me, async (g, count) => (await this.#peer.call('gatherShares', { generation: g, count })).shares);
  };
}

function summary(failures: readonly { serial: string; error: unknown }[]): NodeError {
  const first = failures[0]!;
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more drive${failures.length > 2 ? 's' : ''})` : '';
  const error = toNodeError(first.error);
  return new NodeError(error.code, `drive ${first.serial}: ${error.message}${more}`, { cause: first.error });
}
