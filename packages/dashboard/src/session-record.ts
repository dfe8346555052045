/**
 * What was done in a dashboard session, in order — the guided scenario's steps as its file has
 * them, the page's actions as the steps that replay them — each with the simulation clock before
 * and after, and the export: a scenario file that `ekmsim run` replays. The simulated time that
 * passed between two of them (the cluster unlocking, retrying, ageing) becomes an `advance`.
 */
import { stringify } from 'yaml';
import type { ScenarioStep } from './actions.js';

/** A scenario file's head: name, cluster, key servers, seed (as the file has them). */
export type ScenarioHead = Record<string, unknown>;

interface Entry {
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly steps: readonly ScenarioStep[];
}

/** Gaps shorter than this are the time the steps themselves took. */
const MIN_GAP_SECONDS = 1;

export class SessionRecord {
  readonly #entries: Entry[] = [];

  constructor(
    private readonly head: ScenarioHead,
    private readonly startedAtMs: number,
  ) {}

  add(beforeMs: number, afterMs: number, steps: readonly ScenarioStep[]): void {
    this.#entries.push({ beforeMs, afterMs, steps });
  }

  get size(): number {
    return this.#entries.length;
  }

  toYaml(exportedAtMs: number): string {
    const steps: ScenarioStep[] = [];
    let lastMs = this.startedAtMs;
    for (const entry of this.#entries) {
      const gap = Math.floor((entry.beforeMs - lastMs) / 1000);
      if (gap >= MIN_GAP_SECONDS) steps.push({ advance: `${gap}s` });
      steps.push(...entry.steps);
      lastMs = entry.afterMs;
    }
    const name = typeof this.head.name === 'string' ? this.head.name : 'a simulation';
    const document = {
      ...this.head,
      name: `Dashboard session: ${name}`,
      description: `Exported from the ekmsim dashboard at ${new Date(exportedAtMs).toISOString()} (simulation clock): the steps played and the actions taken, in order, with the simulated time that passed between them as advances. ${typeof this.head.description === 'string' ? this.head.description : ''}`.trim(),
      steps: steps.length === 0 ? [{ advance: '1s', say: 'Nothing was done in this session.' }] : steps,
    };
    return stringify(document, { lineWidth: 0 });
  }
}
