/**
 * One node: its box, a header with its name and phase (the header opens the node's menu), its
 * drives in slot order, and a footer saying what is wrong, if anything: stolen, off, link cut,
 * why the last unlock failed.
 */
import type { NodeView } from '../src/protocol.js';
import { setAttrs, svg } from './dom.js';
import { DriveGlyph } from './topology-drive.js';
import { NODE_FOOTER, NODE_HEADER, type NodePlace } from './topology-layout.js';
import { fitText } from './svg-text.js';

export interface NodeCallbacks {
  openNode(nodeID: number, anchor: Element): void;
  openDrive(driveID: number, anchor: Element): void;
}

const PHASE_WORDS: Readonly<Record<NodeView['phase'], string>> = {
  booting: 'booting',
  unlocking: 'unlocking',
  ready: 'ready',
  locked: 'locked',
  off: 'off',
};

export class NodeCard {
  readonly element: SVGGElement;
  readonly #box: SVGRectElement;
  readonly #phasePill: SVGRectElement;
  readonly #phaseText: SVGTextElement;
  readonly #footer: SVGTextElement;
  readonly #title: SVGTitleElement;
  readonly #drives: DriveGlyph[];

  constructor(
    readonly nodeID: number,
    driveIDs: readonly number[],
    private readonly place: NodePlace,
    compact: boolean,
    callbacks: NodeCallbacks,
  ) {
    const { x, y, w, h } = place.box;
    this.#box = svg('rect', { class: 'node-box', x, y, width: w, height: h, rx: 6 });
    // The phase pill takes what the name ("Node 10") leaves, up to a comfortable width.
    const pillW = Math.max(50, Math.min(80, w - 24 - 78));
    this.#phasePill = svg('rect', { class: 'phase-pill', x: x + w - pillW - 24, y: y + 5, width: pillW, height: 17, rx: 8.5 });
    this.#phaseText = svg('text', { class: 'phase-text', x: x + w - pillW / 2 - 24, y: y + 17.5, 'text-anchor': 'middle' });
    this.#title = svg('title');
    const header = svg(
      'g',
      { class: 'node-header', 'data-testid': `node-${nodeID}-menu`, role: 'button', tabindex: 0, 'aria-label': `Node ${nodeID}: actions` },
      svg('title', {}, `Node ${nodeID}: click for its actions`),
      svg('rect', { class: 'node-header-hit', x, y, width: w, height: NODE_HEADER, rx: 6 }),
      svg('text', { class: 'node-name', x: x + 8, y: y + 18 }, `Node ${nodeID}`),
      this.#phasePill,
      this.#phaseText,
      svg('text', { class: 'menu-glyph', x: x + w - 12, y: y + 18, 'text-anchor': 'middle' }, '⋮'),
    );
    const open = (): void => callbacks.openNode(nodeID, header);
    header.addEventListener('click', open);
    header.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
    this.#footer = svg('text', { class: 'node-footer', x: x + 8, y: y + h - NODE_FOOTER / 2 + 1 });
    this.#drives = driveIDs.map((driveID, i) => new DriveGlyph(driveID, place.drives[i] ?? place.box, compact, (id, anchor) => callbacks.openDrive(id, anchor)));
    this.element = svg('g', { class: 'node', 'data-testid': `node-${nodeID}` }, this.#title, this.#box, header, ...this.#drives.map((d) => d.element), this.#footer);
  }

  update(node: NodeView): void {
    const state = node.stolen ? 'stolen' : node.phase;
    setAttrs(this.element, {
      class: `node phase-${node.phase}${node.stolen ? ' stolen' : ''}${node.linkFault === null ? '' : ' link-cut'}`,
      'data-phase': node.phase,
      'data-online': node.online,
      'data-stolen': node.stolen,
      'data-link-fault': node.linkFault,
    });
    this.#phasePill.setAttribute('class', `phase-pill phase-${state}`);
    this.#phaseText.textContent = node.stolen ? 'STOLEN' : PHASE_WORDS[node.phase];
    this.#phaseText.setAttribute('class', `phase-text phase-${state}`);
    const { text, bad } = footer(node);
    this.#footer.textContent = fitText(text, this.place.box.w - 16, 11);
    this.#footer.setAttribute('class', `node-footer${bad ? ' bad' : ''}`);
    this.#title.textContent = [`Node ${node.nodeID}: ${node.stolen ? 'stolen' : node.phase}`, text].filter((t) => t !== '').join('\n');
    node.drives.forEach((drive) => this.#drives.find((d) => d.driveID === drive.driveID)?.update(drive, node));
  }
}

function footer(node: NodeView): { text: string; bad: boolean } {
  if (node.stolen) return { text: "gone to the thief's site", bad: true };
  if (node.linkFault !== null) return { text: `link cut: ${node.linkFault}`, bad: true };
  if (node.unlockError !== null) return { text: `unlock failed: ${node.unlockError}`, bad: true };
  if (!node.online) return { text: 'powered off', bad: false };
  if (node.unlockAttempts > 1) return { text: `unlock attempts: ${node.unlockAttempts}`, bad: false };
  return { text: '', bad: false };
}
