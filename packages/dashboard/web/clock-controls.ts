/**
 * Playback controls: pause and resume, the speeds the server offers (playback.ts), and jumps of
 * the simulation clock. The buttons show the live state, whatever moment is being viewed.
 */
import type { Snapshot } from '../src/protocol.js';
import type { Actions } from './actions.js';
import { button, html } from './dom.js';

const SPEEDS = [1, 10, 60, 600] as const;
const JUMPS = [
  { label: '+1 h', testId: 'advance-1h', seconds: 3_600, words: '1 hour' },
  { label: '+1 d', testId: 'advance-1d', seconds: 86_400, words: '1 day' },
  { label: '+30 d', testId: 'advance-30d', seconds: 30 * 86_400, words: '30 days' },
] as const;

export class ClockControls {
  readonly #pause: HTMLButtonElement;
  readonly #resume: HTMLButtonElement;
  readonly #speeds: Map<number, HTMLButtonElement>;

  constructor(container: HTMLElement, actions: Actions) {
    this.#pause = button('Pause', 'pause', () => actions.run('pause', {}, 'Pause'), 'segment');
    this.#resume = button('Resume', 'resume', () => actions.run('resume', {}, 'Resume'), 'segment');
    this.#speeds = new Map(SPEEDS.map((speed) => [speed, button(`${speed}×`, `speed-${speed}`, () => actions.run('setSpeed', { speed }, `Speed ${speed}×`), 'segment')]));
    const jumps = JUMPS.map((j) => {
      const b = button(j.label, j.testId, () => actions.run('advanceClock', { seconds: j.seconds }, `Advance the clock ${j.words}`), 'segment');
      b.title = `Move the simulation clock on ${j.words} at once`;
      return b;
    });
    container.append(
      html('div', { class: 'segmented', role: 'group', 'aria-label': 'Playback' }, this.#pause, this.#resume),
      html('div', { class: 'segmented', role: 'group', 'aria-label': 'Speed' }, ...this.#speeds.values()),
      html('div', { class: 'segmented', role: 'group', 'aria-label': 'Advance the clock' }, ...jumps),
    );
  }

  update(latest: Snapshot | undefined): void {
    if (latest === undefined) return;
    this.#pause.setAttribute('aria-pressed', String(latest.paused));
    this.#resume.setAttribute('aria-pressed', String(!latest.paused));
    for (const [speed, b] of this.#speeds) b.setAttribute('aria-pressed', String(latest.speed === speed));
  }
}
