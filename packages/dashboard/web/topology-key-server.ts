/**
 * One key server: its name and vendor, whether the cluster uses it (in the active key
 * provider), and its members (a HyTrust KeyControl cluster has several), each listening or
 * stopped. The header opens its menu.
 */
import type { KeyServerView } from '../src/protocol.js';
import { setAttrs, svg } from './dom.js';
import { fitText } from './svg-text.js';
import type { KeyServerPlace } from './topology-layout.js';

/** A member's host name without the simulated domain: `kc-1`. */
export function shortHostname(hostname: string): string {
  return hostname.replace(/\.ekmsim\.test$/, '');
}

export class KeyServerCard {
  readonly element: SVGGElement;
  readonly #use: SVGTextElement;
  readonly #members: { readonly group: SVGGElement; readonly dot: SVGCircleElement; readonly text: SVGTextElement }[];

  constructor(
    private readonly name: string,
    vendor: string,
    private readonly place: KeyServerPlace,
    onOpen: (name: string, anchor: Element) => void,
  ) {
    const { x, y, w } = place.box;
    this.#use = svg('text', { class: 'ks-use', x: x + w - 24, y: y + 16, 'text-anchor': 'end' });
    const header = svg(
      'g',
      { class: 'ks-header', 'data-testid': `keyserver-${name}-menu`, role: 'button', tabindex: 0, 'aria-label': `Key server ${name}: actions` },
      svg('title', {}, `Key server ${name} (${vendor}): click for its actions`),
      svg('rect', { class: 'ks-header-hit', x, y, width: w, height: 22, rx: 6 }),
      svg('text', { class: 'ks-name', x: x + 8, y: y + 16 }, fitText(name, w / 2 - 8, 13), svg('tspan', { class: 'ks-vendor', dx: 6 }, fitText(vendor, w / 4, 11))),
      this.#use,
      svg('text', { class: 'menu-glyph', x: x + w - 11, y: y + 16, 'text-anchor': 'middle' }, '⋮'),
    );
    const open = (): void => onOpen(name, header);
    header.addEventListener('click', open);
    header.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
    this.#members = place.members.map((m, i) => {
      const pillH = m.h;
      const dot = svg('circle', { class: 'member-dot', cx: m.x + 10, cy: m.y + pillH / 2, r: 4.5 });
      const text = svg('text', { class: 'member-text', x: m.x + 19, y: m.y + pillH / 2 + 4 });
      const pill = svg('rect', { class: 'member-pill', x: m.x, y: m.y, width: m.w, height: pillH, rx: 5 });
      // Members are counted from 1 on the page, as their host names are (kc-1, kc-2).
      const group = svg('g', { class: 'member', 'data-testid': `keyserver-${name}-member-${i + 1}` }, pill, dot, text);
      return { group, dot, text };
    });
    this.element = svg(
      'g',
      { class: 'keyserver', 'data-testid': `keyserver-${name}` },
      svg('rect', { class: 'ks-box', x, y, width: w, height: place.box.h, rx: 6 }),
      header,
      ...this.#members.map((m) => m.group),
    );
  }

  update(ks: KeyServerView): void {
    setAttrs(this.element, {
      class: `keyserver${ks.active ? ' active' : ''}${ks.networkFault === null ? '' : ' cut'}`,
      'data-active': ks.active,
      'data-network-fault': ks.networkFault,
      'data-key-server-id': ks.keyServerID,
    });
    this.#use.textContent = ks.active ? 'in use' : ks.keyServerID === null ? 'not configured' : 'not in use';
    this.#use.setAttribute('class', `ks-use${ks.active ? ' active' : ''}`);
    this.#members.forEach((m, i) => {
      const member = ks.members[i];
      if (member === undefined) return;
      const place = this.place.members[i];
      const label = `${shortHostname(member.hostname)}${member.listening ? '' : ' stopped'}`;
      m.text.textContent = fitText(label, (place?.w ?? 60) - 24, 12);
      setAttrs(m.group, { class: `member${member.listening ? '' : ' stopped'}`, 'data-listening': member.listening, 'data-hostname': member.hostname });
    });
    this.element.querySelector('title')?.replaceChildren(`Key server ${this.name} (${ks.vendor})${ks.networkFault === null ? '' : `: network fault ${ks.networkFault}`}; click for its actions`);
  }
}
