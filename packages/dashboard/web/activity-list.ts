/**
 * The key traffic list: newest first, time, who asked whom, what, and how it went. Viewing the
 * past shows the traffic up to that moment.
 */
import type { ActivityView } from '../src/protocol.js';
import { html, replaceChildren } from './dom.js';
import { timeOfDay } from './format.js';

const SHOWN = 150;

export function renderActivity(list: HTMLElement, activity: readonly ActivityView[], untilMs: number | null): void {
  const upto = untilMs === null ? activity : activity.filter((a) => a.simMs <= untilMs);
  if (upto.length === 0) {
    replaceChildren(list, html('li', { class: 'empty' }, 'No key traffic yet'));
    return;
  }
  replaceChildren(
    list,
    ...upto
      .slice(-SHOWN)
      .reverse()
      .map((a) =>
        html(
          'li',
          { class: `activity ${a.ok ? 'ok' : 'failed'}`, 'data-seq': a.seq, 'data-kind': a.kind, 'data-ok': a.ok },
          html('time', {}, timeOfDay(a.simMs)),
          html('span', { class: 'activity-parties' }, `${a.from} → ${a.to}`),
          html('span', { class: 'activity-what' }, a.what),
          html('span', { class: 'activity-outcome', title: a.outcome }, a.outcome),
        ),
      ),
  );
}
