/**
 * The topology drawing: key servers, lanes, nodes and drives, laid out for the space it has.
 * The shapes are built once per layout (what nodes, drives and members there are, and the
 * size) and then only updated, so a click lands on the same element from one snapshot to the
 * next and the key-flow layer on top is never disturbed.
 */
import type { ActivityView, Snapshot } from '../src/protocol.js';
import { svg } from './dom.js';
import { KeyFlow } from './key-flow.js';
import { KeyServerCard } from './topology-key-server.js';
import { fitTopology, type TopologyLayout, type TopologyShape } from './topology-layout.js';
import { drawLinks } from './topology-links.js';
import { NodeCard } from './topology-node.js';

export interface TopologyCallbacks {
  openNode(nodeID: number, anchor: Element): void;
  openDrive(driveID: number, anchor: Element): void;
  openKeyServer(name: string, anchor: Element): void;
}

export class Topology {
  readonly #svg: SVGSVGElement;
  readonly #links = svg('g', { class: 'links' });
  readonly #cards = svg('g', { class: 'cards' });
  readonly #flowLayer = svg('g', { class: 'flows' });
  readonly #flows = new KeyFlow(this.#flowLayer);
  readonly #empty = svg('text', { class: 'topology-empty', 'text-anchor': 'middle' });
  #layout: TopologyLayout | undefined;
  #layoutKey = '';
  #nodes = new Map<number, NodeCard>();
  #keyServers = new Map<string, KeyServerCard>();
  #thief = svg('g', { class: 'thief', 'data-testid': 'thief-site' });
  #snapshot: Snapshot | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: TopologyCallbacks,
  ) {
    this.#svg = svg('svg', { class: 'topology', 'data-testid': 'topology', role: 'img', 'aria-label': 'Cluster topology' }, this.#links, this.#cards, this.#thief, this.#flowLayer, this.#empty);
    container.append(this.#svg);
    new ResizeObserver(() => this.update(this.#snapshot)).observe(container);
  }

  update(snapshot: Snapshot | undefined): void {
    this.#snapshot = snapshot;
    const width = Math.floor(this.container.clientWidth);
    const height = Math.floor(this.container.clientHeight);
    if (width === 0 || height === 0) return;
    this.#svg.setAttribute('width', String(width));
    this.#svg.setAttribute('height', String(height));
    this.#empty.textContent = snapshot === undefined ? 'Waiting for the simulator…' : snapshot.nodes.length === 0 ? 'The cluster has no nodes yet' : '';
    if (snapshot === undefined) return;

    const shape: TopologyShape = {
      nodes: snapshot.nodes.map((n) => ({ nodeID: n.nodeID, drives: n.drives.length })),
      keyServers: snapshot.keyServers.map((k) => ({ name: k.name, members: k.members.length })),
    };
    const driveIDs = snapshot.nodes.map((n) => n.drives.map((d) => d.driveID));
    const key = JSON.stringify([shape, driveIDs, snapshot.keyServers.map((k) => k.vendor), width, height]);
    if (key !== this.#layoutKey || this.#layout === undefined) {
      this.#layoutKey = key;
      this.#build(fitTopology(shape, width, height), snapshot);
    }
    const layout = this.#layout;
    if (layout === undefined) return;
    for (const node of snapshot.nodes) this.#nodes.get(node.nodeID)?.update(node);
    for (const ks of snapshot.keyServers) this.#keyServers.get(ks.name)?.update(ks);
    drawLinks(this.#links, layout, snapshot);
    this.#drawThief(layout, snapshot);
  }

  /** Animates new key traffic over the drawing as it is now. */
  playActivity(items: readonly ActivityView[]): void {
    if (this.#layout === undefined || this.#snapshot === undefined) return;
    this.#flows.play(items, this.#layout, this.#snapshot.keyServers.map((k) => k.name));
  }

  #build(layout: TopologyLayout, snapshot: Snapshot): void {
    this.#layout = layout;
    // The layout is in its own units; the viewBox magnifies them to the pixels there are.
    this.#svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    this.#empty.setAttribute('x', String(layout.width / 2));
    this.#empty.setAttribute('y', String(layout.height / 2));
    const compact = layout.compactDrives;
    this.#nodes = new Map();
    this.#keyServers = new Map();
    const cards: SVGElement[] = [];
    for (const ks of snapshot.keyServers) {
      const place = layout.keyServers.get(ks.name);
      if (place === undefined) continue;
      const card = new KeyServerCard(ks.name, ks.vendor, place, (n, anchor) => this.callbacks.openKeyServer(n, anchor));
      this.#keyServers.set(ks.name, card);
      cards.push(card.element);
    }
    for (const node of snapshot.nodes) {
      const place = layout.nodes.get(node.nodeID);
      if (place === undefined) continue;
      const card = new NodeCard(node.nodeID, node.drives.map((d) => d.driveID), place, compact, this.callbacks);
      this.#nodes.set(node.nodeID, card);
      cards.push(card.element);
    }
    const m = layout.master;
    cards.push(
      svg(
        'g',
        { class: 'master' },
        svg('title', {}, "The cluster master: it asks the key servers on the cluster's behalf (tests, probes, key creation)"),
        svg('rect', { class: 'master-box', x: m.x, y: m.y, width: m.w, height: m.h, rx: 6 }),
        svg('text', { class: 'master-text', x: m.x + m.w / 2, y: m.y + m.h / 2 + 4, 'text-anchor': 'middle' }, 'master'),
      ),
    );
    this.#cards.replaceChildren(...cards);
  }

  /** The thief's corner, once anything has been stolen: where the thief's own requests start. */
  #drawThief(layout: TopologyLayout, snapshot: Snapshot): void {
    const theft = snapshot.theft;
    const stolen = theft.cluster || theft.nodes.length > 0 || theft.drives.length > 0;
    if (!stolen) {
      this.#thief.replaceChildren();
      return;
    }
    const t = layout.thief;
    this.#thief.replaceChildren(
      svg('title', {}, "The thief's site: where stolen nodes and drives are tried"),
      svg('rect', { class: 'thief-box', x: t.x, y: t.y, width: t.w, height: t.h, rx: 6 }),
      svg('text', { class: 'thief-text', x: t.x + t.w / 2, y: t.y + t.h / 2 + 4, 'text-anchor': 'middle' }, "thief's site"),
    );
  }
}
