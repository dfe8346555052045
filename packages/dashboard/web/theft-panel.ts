/**
 * What the thief carried off and what the thief can read: the point of encryption at rest,
 * so a readable drive is shown in alarm red and the server's summary in bold. Drives that
 * fared alike (readable or not, for the same reason) share a line, so a stolen cluster of 120
 * drives still fits.
 */
import type { TheftView } from '../src/protocol.js';
import { html, replaceChildren } from './dom.js';
import { list } from './format.js';

/** `37–48, 50` */
export function ranges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    const first = sorted[i] as number;
    const last = sorted[j] as number;
    parts.push(j - i >= 2 ? `${first}–${last}` : j > i ? `${first}, ${last}` : String(first));
    i = j + 1;
  }
  return parts.join(', ');
}

/** `drive` or `drives`, as many there are. */
function noun(n: number, word: string): string {
  return `${word}${n === 1 ? '' : 's'}`;
}

export function renderTheft(panel: HTMLElement, body: HTMLElement, theft: TheftView): void {
  const stolen = theft.cluster || theft.nodes.length > 0 || theft.drives.length > 0;
  const readable = theft.readable.filter((d) => d.readable).length;
  panel.classList.toggle('alarm', readable > 0);
  panel.classList.toggle('safe', stolen && readable === 0 && theft.readable.length > 0);
  panel.classList.toggle('quiet', !stolen);
  panel.dataset.stolen = String(stolen);
  panel.dataset.readable = String(readable);
  if (!stolen) {
    replaceChildren(body, html('p', { class: 'empty' }, 'Nothing stolen'));
    return;
  }
  const taken = [
    theft.cluster ? 'the whole cluster' : '',
    theft.nodes.length > 0 ? `${noun(theft.nodes.length, 'node')} ${list(theft.nodes)}` : '',
    theft.drives.length > 0 ? `${noun(theft.drives.length, 'drive')} ${ranges(theft.drives)}` : '',
  ].filter((w) => w !== '');
  const groups = new Map<string, { readable: boolean; why: string; drives: number[] }>();
  for (const d of theft.readable) {
    const key = `${d.readable}\u0000${d.why}`;
    const group = groups.get(key) ?? { readable: d.readable, why: d.why, drives: [] };
    group.drives.push(d.driveID);
    groups.set(key, group);
  }
  replaceChildren(
    body,
    html('p', { class: 'theft-what' }, html('strong', {}, 'Taken: '), taken.join('; ')),
    theft.summary === null ? null : html('p', { class: 'theft-summary', 'data-testid': 'theft-summary' }, theft.summary),
    html(
      'ul',
      { class: 'theft-drives' },
      ...[...groups.values()]
        .sort((a, b) => Number(b.readable) - Number(a.readable))
        .map((g) =>
          html(
            'li',
            { class: g.readable ? 'readable' : 'unreadable', 'data-drives': g.drives.join(' '), 'data-readable': g.readable, title: g.why },
            html('span', { class: 'theft-verdict' }, g.readable ? 'READABLE' : 'unreadable'),
            html('span', { class: 'theft-drive' }, `${noun(g.drives.length, 'drive')} ${ranges(g.drives)}`),
            html('span', { class: 'theft-why' }, g.why),
          ),
        ),
    ),
  );
}
