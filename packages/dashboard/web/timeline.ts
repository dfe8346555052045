/**
 * The timeline along the bottom: every snapshot received on the simulation clock (scale in
 * timeline-scale.ts), fault bands while each fault code is current, event ticks, and guided
 * steps as numbered markers, the shown step's narration pinned beside its marker. Dragging or
 * clicking on it shows that snapshot everywhere on the page; arrow keys step, End goes live.
 */
import type { Snapshot } from '../src/protocol.js';
import { html, svg } from './dom.js';
import { dateTime, duration, sameDay, timeOfDay, dayAndMonth } from './format.js';
import type { GuidedProgress } from './guided-progress.js';
import { bandColourClass, faultBands, otherCodeColour } from './timeline-faults.js';
import { CompressedScale } from './timeline-scale.js';

const GUTTER = 150;
const RIGHT = 16;
/** Step markers, and under them the shown step's narration. */
const STEPS_H = 24;
const PIN_H = 22;
const LABEL_SPACING = 120;
/** Jumps of the clock at least this long get a label on the axis. */
const JUMP_MS = 10 * 60_000;
const MAX_LANES = 5;
const MARKER_SPACING = 24;

/** Moves markers apart so none covers another (steps that ended at the same moment), within [lo, hi]. */
function spread(xs: readonly number[], lo: number, hi: number): number[] {
  const out = [...xs];
  for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i] as number, i === 0 ? lo : (out[i - 1] as number) + MARKER_SPACING);
  for (let i = out.length - 1; i >= 0; i--) out[i] = Math.min(out[i] as number, i === out.length - 1 ? hi : (out[i + 1] as number) - MARKER_SPACING);
  return out;
}

export interface TimelineInput {
  readonly snapshots: readonly Snapshot[];
  readonly viewedSeq: number | undefined;
  readonly live: boolean;
  readonly guided: GuidedProgress | null;
}

export interface TimelineCallbacks {
  /** Show snapshot `seq` (null: the latest, following it). */
  view(seq: number | null): void;
  /** Show the moment guided step `index` ended. */
  review(index: number): void;
}

export class Timeline {
  readonly #svg = svg('svg', { class: 'timeline-svg' });
  readonly #overlay = html('div', { class: 'timeline-overlay' });
  readonly #hover = html('div', { class: 'timeline-hover', hidden: true });
  #input: TimelineInput | undefined;
  #scale: CompressedScale | undefined;
  #dragging = false;

  constructor(
    private readonly plot: HTMLElement,
    private readonly callbacks: TimelineCallbacks,
  ) {
    plot.append(this.#svg, this.#overlay, this.#hover);
    new ResizeObserver(() => this.#draw()).observe(plot);
    plot.addEventListener('pointerdown', (e) => {
      if ((e.target as Element).closest('.step-marker') !== null) return;
      this.#dragging = true;
      plot.setPointerCapture(e.pointerId);
      this.#scrubTo(e.clientX);
    });
    plot.addEventListener('pointermove', (e) => {
      if (this.#dragging) this.#scrubTo(e.clientX);
    });
    const stop = (): void => {
      this.#dragging = false;
    };
    plot.addEventListener('pointerup', stop);
    plot.addEventListener('pointercancel', stop);
    plot.addEventListener('keydown', (e) => this.#key(e));
  }

  update(input: TimelineInput): void {
    this.#input = input;
    this.#draw();
  }

  #scrubTo(clientX: number): void {
    const input = this.#input;
    if (input === undefined || this.#scale === undefined) return;
    const x = clientX - this.plot.getBoundingClientRect().left;
    const i = this.#scale.nearestIndex(x);
    const snap = input.snapshots[i];
    if (snap !== undefined) this.callbacks.view(i === input.snapshots.length - 1 ? null : snap.seq);
  }

  #key(e: KeyboardEvent): void {
    const input = this.#input;
    if (input === undefined) return;
    const n = input.snapshots.length;
    const at = input.viewedSeq === undefined ? n - 1 : input.snapshots.findIndex((s) => s.seq === input.viewedSeq);
    const go = (i: number): void => {
      const s = input.snapshots[Math.max(0, Math.min(n - 1, i))];
      if (s !== undefined) this.callbacks.view(i >= n - 1 ? null : s.seq);
    };
    if (e.key === 'ArrowLeft') go(at - 1);
    else if (e.key === 'ArrowRight') go(at + 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(n - 1);
    else return;
    e.preventDefault();
  }

  #draw(): void {
    const input = this.#input;
    const width = this.plot.clientWidth;
    const height = this.plot.clientHeight;
    if (input === undefined || width === 0 || height === 0) return;
    this.#svg.setAttribute('width', String(width));
    this.#svg.setAttribute('height', String(height));
    const x0 = GUTTER;
    const x1 = width - RIGHT;
    const snaps = input.snapshots;
    const scale = new CompressedScale(snaps.map((s) => s.simMs), x0, x1);
    this.#scale = scale;

    const { codes, bands } = faultBands(snaps);
    const lanes = codes.slice(0, MAX_LANES);
    const lanesTop = input.guided === null ? 8 : STEPS_H + PIN_H + 4;
    const axisY = height - 18;
    const eventsH = 10;
    const eventsY = axisY - 6 - eventsH;
    const laneSpace = eventsY - 4 - lanesTop;
    const laneH = Math.min(14, Math.floor(laneSpace / Math.max(1, lanes.length)));
    const parts: SVGElement[] = [svg('rect', { class: 'scrub-area', x: x0 - 6, y: 0, width: x1 - x0 + 12, height })];

    // Gutter labels.
    const label = (y: number, text: string, cls = 'lane-label'): SVGElement => svg('text', { class: cls, x: GUTTER - 10, y, 'text-anchor': 'end' }, text);
    if (input.guided !== null) parts.push(label(STEPS_H / 2 + 6, 'Guided steps'), svg('line', { class: 'steps-rule', x1: x0, x2: x1, y1: STEPS_H / 2 + 2, y2: STEPS_H / 2 + 2 }));
    if (lanes.length === 0) parts.push(label(lanesTop + 12, 'Faults: none'));
    lanes.forEach((code, i) => {
      const y = lanesTop + i * laneH;
      parts.push(svg('rect', { class: `lane-swatch ${bandColourClass(code)}`, x: 6, y: y + 1, width: 8, height: laneH - 3, rx: 2, fill: bandColourClass(code) === 'band-other' ? otherCodeColour(code) : null }));
      parts.push(svg('text', { class: 'lane-label', x: 18, y: y + laneH - 3 }, code.length > 22 ? `${code.slice(0, 21)}…` : code));
    });
    parts.push(label(eventsY + eventsH - 1, 'Events'));

    for (const b of bands) {
      const lane = lanes.indexOf(b.code);
      if (lane < 0) continue;
      const xa = scale.xAt(b.from);
      const xb = b.until === null ? x1 : scale.xAt(b.until);
      const colour = bandColourClass(b.code);
      const until = b.until === null ? 'still current' : `until ${dateTime(snaps[b.until]?.simMs ?? 0)}`;
      parts.push(
        svg(
          'rect',
          { class: `fault-band ${colour} severity-${b.severity}`, 'data-code': b.code, x: xa, y: lanesTop + lane * laneH + 1, width: Math.max(3, xb - xa), height: laneH - 3, rx: 2, fill: colour === 'band-other' ? otherCodeColour(b.code) : null },
          svg('title', {}, `${b.code} (${b.severity}) from ${dateTime(snaps[b.from]?.simMs ?? 0)} ${until}`),
        ),
      );
    }

    const events = new Map<number, { ms: number; text: string }>();
    for (const s of snaps) for (const e of s.events) events.set(e.eventID, { ms: Date.parse(e.timeOfReport), text: `${e.eventInfoType}: ${e.message}` });
    const first = snaps[0]?.simMs ?? 0;
    for (const e of events.values()) {
      if (e.ms < first) continue;
      const x = scale.x(e.ms);
      parts.push(svg('line', { class: 'event-tick', x1: x, x2: x, y1: eventsY, y2: eventsY + eventsH }, svg('title', {}, `${dateTime(e.ms)} ${e.text}`)));
    }

    parts.push(svg('line', { class: 'axis', x1: x0, x2: x1, y1: axisY, y2: axisY }));
    parts.push(svg('path', { class: 'snapshot-ticks', d: snaps.map((_, i) => `M${scale.xAt(i)},${axisY - 4}v8`).join('') }));
    parts.push(...this.#axisLabels(snaps, scale, axisY));

    const viewedIndex = input.viewedSeq === undefined ? snaps.length - 1 : snaps.findIndex((s) => s.seq === input.viewedSeq);
    if (viewedIndex >= 0) {
      const x = scale.xAt(viewedIndex);
      parts.push(svg('line', { class: `cursor${input.live ? ' live' : ' past'}`, x1: x, x2: x, y1: 0, y2: axisY + 4 }));
    }
    this.#svg.replaceChildren(...parts);
    this.#drawSteps(input, scale, width);
  }

  /** Dates under the axis where there is room, and the length of each long jump of the clock. */
  #axisLabels(snaps: readonly Snapshot[], scale: CompressedScale, axisY: number): SVGElement[] {
    const out: SVGElement[] = [];
    let lastX = -Infinity;
    let lastMs: number | undefined;
    snaps.forEach((s, i) => {
      const x = scale.xAt(i);
      const prev = snaps[i - 1];
      if (prev !== undefined && s.simMs - prev.simMs >= JUMP_MS) {
        const xp = scale.xAt(i - 1);
        if (x - xp > 34) out.push(svg('text', { class: 'jump-label', x: (x + xp) / 2, y: axisY - 7, 'text-anchor': 'middle' }, `+${duration(s.simMs - prev.simMs)}`));
      }
      const crowdsTheEnd = i !== snaps.length - 1 && x > scale.xAt(snaps.length - 1) - LABEL_SPACING;
      if (x - lastX < LABEL_SPACING || crowdsTheEnd) return;
      const text = lastMs === undefined || !sameDay(lastMs, s.simMs) ? `${dayAndMonth(s.simMs)} ${timeOfDay(s.simMs).slice(0, 5)}` : timeOfDay(s.simMs);
      out.push(svg('text', { class: 'axis-label', x, y: axisY + 14, 'text-anchor': i === 0 ? 'start' : i === snaps.length - 1 ? 'end' : 'middle' }, text));
      lastX = x;
      lastMs = s.simMs;
    });
    return out;
  }

  /** Step markers as HTML over the drawing, so the pinned narration can wrap and ellipsize. */
  #drawSteps(input: TimelineInput, scale: CompressedScale, width: number): void {
    const guided = input.guided;
    if (guided === null) {
      this.#overlay.replaceChildren();
      return;
    }
    const markers: HTMLElement[] = [];
    const done = [...guided.results].sort((a, b) => a[0] - b[0]);
    const xs = spread(
      done.map(([index, result]) => {
        const seq = guided.moments.get(index);
        const at = seq === undefined ? -1 : input.snapshots.findIndex((s) => s.seq === seq);
        return at >= 0 ? scale.xAt(at) : scale.x(result.simMs);
      }),
      GUTTER,
      width - RIGHT,
    );
    for (const [i, [index, result]] of done.entries()) {
      const step = guided.view.steps[index];
      const x = xs[i] ?? 0;
      const narration = step?.say ?? step?.title ?? '';
      const marker = html('button', { type: 'button', class: `step-marker status-${result.status}`, 'data-testid': `timeline-step-${index + 1}`, 'aria-label': `Step ${index + 1}: ${narration}` }, String(index + 1));
      marker.style.left = `${x}px`;
      marker.addEventListener('click', () => this.callbacks.review(index));
      marker.addEventListener('mouseenter', () => this.#showHover(x, width, `Step ${index + 1} — ${step?.title ?? ''}`, narration === step?.title ? '' : narration, `${result.status}: ${result.failure ?? result.summary}`));
      marker.addEventListener('mouseleave', () => (this.#hover.hidden = true));
      markers.push(marker);
      if (index === guided.shown) {
        const pin = html('div', { class: 'step-pin', 'data-testid': 'timeline-pinned-narration' }, `${index + 1}: ${narration}`);
        pin.style.top = `${STEPS_H + 1}px`;
        // Under the markers, starting (or ending) at this one, toward whichever side has room.
        if (x > (GUTTER + width) / 2) pin.style.right = `${Math.max(0, width - x - 12)}px`;
        else pin.style.left = `${x - 12}px`;
        pin.style.maxWidth = `${Math.max(160, (x > (GUTTER + width) / 2 ? x - GUTTER : width - x) + 12)}px`;
        markers.push(pin);
      }
    }
    this.#overlay.replaceChildren(...markers);
  }

  #showHover(x: number, width: number, title: string, narration: string, result: string): void {
    this.#hover.replaceChildren(html('strong', {}, title), narration === '' ? '' : html('p', {}, narration), html('p', { class: 'hover-result' }, result));
    this.#hover.hidden = false;
    this.#hover.style.left = `${Math.min(Math.max(0, x - 160), width - 330)}px`;
  }
}
