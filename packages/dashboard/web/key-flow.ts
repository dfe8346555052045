/**
 * Key traffic as it happens: each activity runs along its way on the topology (node or master
 * to the key server's member, the thief to it, or node to node for a share request) as a dot,
 * green when it worked and red when not, and ends in a flash at the far end. Items that come
 * together are staggered a little so a burst (every node Getting its key at boot) reads as many.
 */
import type { ActivityView } from '../src/protocol.js';
import { svg } from './dom.js';
import { parseParty, type Party } from './activity-parties.js';
import { routeBetweenNodes, routeFromThief, routeToMember, type Point, type TopologyLayout } from './topology-layout.js';

const TRAVEL_MS = 900;
const FLASH_MS = 700;
const STAGGER_MS = 70;
/** More at once than this is a blur; the list still shows them all. */
const MAX_FLOWS = 40;

interface Flow {
  readonly path: readonly Point[];
  readonly lengths: readonly number[];
  readonly total: number;
  readonly start: number;
  readonly ok: boolean;
  readonly dot: SVGCircleElement;
  readonly trail: SVGPolylineElement;
  flashed: boolean;
}

export class KeyFlow {
  #flows: Flow[] = [];
  #frame = 0;

  constructor(private readonly layer: SVGGElement) {}

  play(items: readonly ActivityView[], layout: TopologyLayout, keyServerNames: readonly string[]): void {
    const now = performance.now();
    items.slice(-MAX_FLOWS).forEach((item, i) => {
      if (this.#flows.length >= MAX_FLOWS) return;
      const path = route(layout, parseParty(item.from, keyServerNames), parseParty(item.to, keyServerNames));
      if (path === undefined || path.length < 2) return;
      this.#add(path, item.ok, now + i * STAGGER_MS);
    });
    if (this.#frame === 0 && this.#flows.length > 0) this.#frame = requestAnimationFrame((t) => this.#tick(t));
  }

  #add(path: readonly Point[], ok: boolean, start: number): void {
    const lengths: number[] = [];
    let total = 0;
    for (let i = 1; i < path.length; i++) {
      const a = path[i - 1] as Point;
      const b = path[i] as Point;
      total += Math.hypot(b.x - a.x, b.y - a.y);
      lengths.push(total);
    }
    const tone = ok ? 'ok' : 'failed';
    const trail = svg('polyline', { class: `flow-trail ${tone}`, opacity: 0, points: path.map((p) => `${p.x},${p.y}`).join(' ') });
    const dot = svg('circle', { class: `flow-dot ${tone}`, r: 5, cx: path[0]?.x ?? 0, cy: path[0]?.y ?? 0, visibility: 'hidden' });
    this.layer.append(trail, dot);
    this.#flows.push({ path, lengths, total, start, ok, dot, trail, flashed: false });
  }

  #tick(now: number): void {
    this.#flows = this.#flows.filter((flow) => {
      const t = (now - flow.start) / TRAVEL_MS;
      if (t < 0) return true;
      if (t <= 1) {
        const p = pointAt(flow, ease(t) * flow.total);
        flow.dot.setAttribute('cx', String(p.x));
        flow.dot.setAttribute('cy', String(p.y));
        flow.dot.setAttribute('visibility', 'visible');
        flow.trail.setAttribute('opacity', String(0.55 * (1 - t * 0.5)));
        return true;
      }
      if (!flow.flashed) {
        flow.flashed = true;
        flow.trail.remove();
        this.#flash(flow);
      }
      flow.dot.remove();
      return false;
    });
    this.#frame = this.#flows.length > 0 ? requestAnimationFrame((t) => this.#tick(t)) : 0;
  }

  /** A ring at the far end: green, or a red cross for a refusal. */
  #flash(flow: Flow): void {
    const end = flow.path.at(-1) ?? { x: 0, y: 0 };
    const mark = flow.ok
      ? svg('circle', { class: 'flow-flash ok', cx: end.x, cy: end.y, r: 7 })
      : svg('path', { class: 'flow-flash failed', d: `M${end.x - 6},${end.y - 6} L${end.x + 6},${end.y + 6} M${end.x + 6},${end.y - 6} L${end.x - 6},${end.y + 6}` });
    this.layer.append(mark);
    setTimeout(() => mark.remove(), FLASH_MS);
  }
}

function route(layout: TopologyLayout, from: Party, to: Party): readonly Point[] | undefined {
  if (to.kind === 'keyServer') {
    if (from.kind === 'thief') return routeFromThief(layout, to.name, to.member);
    if (from.kind === 'master') return routeToMember(layout, layout.masterDrop, to.name, to.member);
    if (from.kind === 'node') {
      const node = layout.nodes.get(from.nodeID);
      return node === undefined ? undefined : routeToMember(layout, node.drop, to.name, to.member);
    }
    return undefined;
  }
  if (to.kind === 'node' && from.kind === 'node') {
    const a = layout.nodes.get(from.nodeID);
    const b = layout.nodes.get(to.nodeID);
    return a === undefined || b === undefined ? undefined : routeBetweenNodes(a, b);
  }
  return undefined;
}

function pointAt(flow: Flow, distance: number): Point {
  let before = 0;
  for (let i = 0; i < flow.lengths.length; i++) {
    const upto = flow.lengths[i] as number;
    if (distance <= upto || i === flow.lengths.length - 1) {
      const a = flow.path[i] as Point;
      const b = flow.path[i + 1] as Point;
      const span = upto - before;
      const f = span === 0 ? 1 : Math.min(1, (distance - before) / span);
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
    before = upto;
  }
  return flow.path.at(-1) ?? { x: 0, y: 0 };
}

function ease(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}
