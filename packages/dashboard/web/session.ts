/**
 * Everything the page knows, built from the server's messages: the snapshot history, the key
 * traffic, guided progress, and which snapshot is on screen (the latest, or one picked on the
 * timeline). The parts of the page draw from here and never from the messages themselves, so
 * that viewing the past and following the present draw the same way.
 */
import type { ActivityView, LibraryEntry, ServerMessage, Snapshot } from '../src/protocol.js';
import { GuidedProgress } from './guided-progress.js';
import { SnapshotHistory } from './history.js';

/** Key traffic kept for the list and the timeline (the server keeps 500). */
const MAX_ACTIVITY = 1_000;

type SessionMessage = Exclude<ServerMessage, { type: 'actionResult' } | { type: 'exported' }>;

export class Session {
  readonly history = new SnapshotHistory();
  activity: ActivityView[] = [];
  mode: 'live' | 'guided' = 'live';
  guided: GuidedProgress | null = null;
  library: readonly LibraryEntry[] = [];
  /** A hello has come: until then the page has nothing to draw. */
  greeted = false;
  /** The snapshot on screen instead of the latest; null follows the latest. */
  pastSeq: number | null = null;
  /** `performance.now()` when the latest snapshot came, to run the clock on between snapshots. */
  latestAt = 0;

  readonly #changed = new Set<() => void>();
  readonly #traffic = new Set<(items: readonly ActivityView[]) => void>();

  onChange(listener: () => void): void {
    this.#changed.add(listener);
  }

  /** New key traffic as it comes (not the hello's backlog), for the animation. */
  onActivity(listener: (items: readonly ActivityView[]) => void): void {
    this.#traffic.add(listener);
  }

  receive(message: SessionMessage): void {
    switch (message.type) {
      case 'hello':
        this.greeted = true;
        this.mode = message.mode;
        this.library = message.library;
        this.guided = this.#sameScenario(message) ? this.guided : message.guided === null ? null : new GuidedProgress(message.guided);
        this.history.reset(message.history);
        this.#catchUp(message);
        this.latestAt = performance.now();
        this.activity = [...message.activity];
        this.pastSeq = null;
        break;
      case 'snapshot':
        this.history.add(message.snapshot);
        this.latestAt = performance.now();
        if (this.pastSeq !== null && this.history.indexOfSeq(this.pastSeq) < 0) this.pastSeq = null;
        break;
      case 'activity':
        this.activity.push(...message.items);
        if (this.activity.length > MAX_ACTIVITY) this.activity.splice(0, this.activity.length - MAX_ACTIVITY);
        for (const listener of this.#traffic) listener(message.items);
        break;
      case 'guided':
        this.guided = message.guided === null ? null : new GuidedProgress(message.guided);
        this.mode = message.guided === null ? 'live' : 'guided';
        this.pastSeq = null;
        break;
      case 'step':
        this.guided?.record(message.result, message.next, this.history.latest?.seq);
        break;
      case 'verdict':
        this.guided?.finish({ passed: message.passed, summary: message.summary });
        break;
    }
    this.changed();
  }

  /**
   * A hello after a reconnect, for the scenario the page was already following: its results so
   * far are kept, as a hello does not repeat them. It is the same run when the hello's history
   * still holds the page's latest snapshot (a scenario loaded afresh starts its seq over).
   */
  #sameScenario(hello: Extract<SessionMessage, { type: 'hello' }>): boolean {
    const latest = this.history.latest;
    if (this.guided === null || hello.guided === null || latest === undefined || hello.guided.file !== this.guided.view.file) return false;
    return hello.history.some((s) => s.seq === latest.seq && s.simMs === latest.simMs);
  }

  /** A page that connects mid-scenario is given the steps already run (and the verdict). */
  #catchUp(hello: Extract<SessionMessage, { type: 'hello' }>): void {
    const guided = this.guided;
    if (guided === null) return;
    for (const result of hello.results) {
      if (guided.has(result.index)) continue;
      guided.record(result, result.index + 1, this.history.atOrBefore(result.simMs)?.seq);
    }
    if (hello.verdict !== null) guided.finish(hello.verdict);
  }

  /** The snapshot on screen. */
  viewed(): Snapshot | undefined {
    return (this.pastSeq === null ? undefined : this.history.bySeq(this.pastSeq)) ?? this.history.latest;
  }

  get viewingPast(): boolean {
    return this.pastSeq !== null && this.pastSeq !== this.history.latest?.seq;
  }

  /** Shows an earlier snapshot (null: back to the latest, following it again). */
  view(seq: number | null): void {
    this.pastSeq = seq === null || seq === this.history.latest?.seq ? null : seq;
    if (this.pastSeq === null && this.guided !== null) this.guided.reviewing = null;
    this.changed();
  }

  /** Something the page itself changed (a guided button, a scrub). */
  changed(): void {
    for (const listener of this.#changed) listener();
  }
}
