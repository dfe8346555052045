/**
 * Where a guided scenario stands on the page: which step the panel shows, each step's result as
 * it came, the snapshot current when it came (where Back takes the view) and the verdict.
 */
import type { GuidedView, StepResultView } from '../src/protocol.js';

export interface Verdict {
  readonly passed: boolean;
  readonly summary: string;
}

export class GuidedProgress {
  readonly results = new Map<number, StepResultView>();
  /** Per step, the seq of the latest snapshot when its result came. */
  readonly moments = new Map<number, number>();
  /** The step run last or running now; the first one before any has run. */
  current = 0;
  /** The next step the server will run. */
  next = 0;
  /** A Next or Skip was sent and its first result has not come yet. */
  running = false;
  verdict: Verdict | null = null;
  /** A step looked back at with Back; null while the panel follows the live step. */
  reviewing: number | null = null;

  constructor(readonly view: GuidedView) {}

  get total(): number {
    return this.view.steps.length;
  }

  get finished(): boolean {
    return this.verdict !== null || this.next >= this.total;
  }

  /** The step the panel shows. */
  get shown(): number {
    return this.reviewing ?? this.current;
  }

  /** The step Back would show: the one before the shown step, once it has a result. */
  get backTarget(): number | null {
    const target = this.shown - 1;
    return this.results.has(target) ? target : null;
  }

  startNext(): void {
    this.reviewing = null;
    if (this.finished) return;
    this.current = this.next;
    this.running = true;
  }

  /** Skip's results come one by one like Next's (and stop if playback is paused meanwhile). */
  startSkip(): void {
    this.startNext();
  }

  /** The server refused the request: nothing is running after all. */
  refused(): void {
    this.running = false;
  }

  has(index: number): boolean {
    return this.results.has(index);
  }

  record(result: StepResultView, next: number, latestSeq: number | undefined): void {
    this.results.set(result.index, result);
    if (latestSeq !== undefined) this.moments.set(result.index, latestSeq);
    this.current = result.index;
    this.next = next;
    this.running = false;
  }

  finish(verdict: Verdict): void {
    this.verdict = verdict;
    this.running = false;
  }

  /** The first failed step, which a failed verdict names. */
  firstFailure(): StepResultView | undefined {
    return [...this.results.values()].sort((a, b) => a.index - b.index).find((r) => r.status === 'failed');
  }
}
