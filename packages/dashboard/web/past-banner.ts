/**
 * The banner that says the page shows an earlier moment, not the present, and the way back.
 * Snapshots keep coming meanwhile; the banner counts how far behind the view is.
 */
import type { Snapshot } from '../src/protocol.js';
import { part } from './dom.js';
import { dateTime, duration } from './format.js';

export class PastBanner {
  readonly #banner = part('past-banner');
  readonly #text = part('past-banner-text');

  constructor(backToLive: () => void) {
    part('back-to-live').addEventListener('click', backToLive);
  }

  update(viewed: Snapshot | undefined, latest: Snapshot | undefined, past: boolean, reviewingStep: number | null): void {
    document.body.classList.toggle('viewing-past', past);
    this.#banner.hidden = !past;
    if (!past || viewed === undefined || latest === undefined) return;
    const behind = latest.simMs - viewed.simMs;
    const what = reviewingStep === null ? 'Viewing the past' : `Looking back at step ${reviewingStep + 1}`;
    this.#text.textContent = `${what}: ${dateTime(viewed.simMs)} UTC${behind > 0 ? `, ${duration(behind)} before now` : ''}. The simulation goes on meanwhile.`;
  }
}
