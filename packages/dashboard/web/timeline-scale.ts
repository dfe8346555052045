/**
 * The timeline's time axis. A session mixes seconds (a power cycle) with jumps of days (+30 d),
 * so a linear axis would squeeze the seconds into a line: here each gap between consecutive
 * snapshots gets a width that grows with the logarithm of its length. Order is kept and any
 * time in between is placed by interpolation; long jumps are marked on the axis.
 */
import { lowerBound } from './history.js';

/** The width of a gap of 0 ms (several snapshots in the same second). */
const MIN_GAP_UNITS = 0.35;

function gapUnits(gapMs: number): number {
  return MIN_GAP_UNITS + Math.log2(1 + Math.max(0, gapMs) / 1000);
}

export class CompressedScale {
  readonly #times: readonly number[];
  readonly #units: number[] = [];
  readonly #perUnit: number;

  constructor(
    times: readonly number[],
    private readonly x0: number,
    private readonly x1: number,
  ) {
    this.#times = times;
    let total = 0;
    times.forEach((t, i) => {
      if (i > 0) total += gapUnits(t - (times[i - 1] as number));
      this.#units.push(total);
    });
    this.#perUnit = total === 0 ? 0 : (x1 - x0) / total;
  }

  /** The x of the i-th snapshot (a single one sits at the live end, on the right). */
  xAt(index: number): number {
    return this.#perUnit === 0 ? this.x1 : this.x0 + (this.#units[index] ?? 0) * this.#perUnit;
  }

  /** The x of any moment between the first snapshot and the last. */
  x(ms: number): number {
    const times = this.#times;
    if (times.length === 0) return this.x1;
    const i = lowerBound(times, (t) => t <= ms) - 1;
    if (i < 0) return this.xAt(0);
    if (i >= times.length - 1) return this.xAt(times.length - 1);
    const t0 = times[i] as number;
    const t1 = times[i + 1] as number;
    const u0 = this.#units[i] as number;
    const u1 = this.#units[i + 1] as number;
    // Within a gap, the log scale again, so a few seconds after a snapshot stay near it.
    const f = t1 === t0 ? 0 : (gapUnits(ms - t0) - MIN_GAP_UNITS) / (gapUnits(t1 - t0) - MIN_GAP_UNITS);
    return this.x0 + (u0 + (u1 - u0) * Math.min(1, Math.max(0, f))) * this.#perUnit;
  }

  /** The snapshot nearest to an x. */
  nearestIndex(x: number): number {
    const n = this.#times.length;
    if (n === 0) return -1;
    const i = lowerBound(this.#units, (u) => this.x0 + u * this.#perUnit < x);
    if (i <= 0) return 0;
    if (i >= n) return n - 1;
    return x - this.xAt(i - 1) < this.xAt(i) - x ? i - 1 : i;
  }
}
