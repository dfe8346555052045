/**
 * The one menu open at a time, next to what was clicked (a node's header, a drive, a key
 * server): a title, a few facts, and the actions. It closes on Escape, on a click elsewhere
 * and after one of its actions.
 */
import { html, type Child } from './dom.js';

const MARGIN = 8;

export class Popover {
  readonly #root: HTMLElement;
  #anchor: Element | undefined;

  constructor(parent: HTMLElement) {
    this.#root = html('div', { class: 'popover', role: 'dialog', hidden: true, 'data-testid': 'menu' });
    parent.append(this.#root);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
    document.addEventListener('pointerdown', (e) => {
      const target = e.target as Node | null;
      if (this.#root.hidden || target === null) return;
      if (this.#root.contains(target) || this.#anchor?.contains(target) === true) return;
      this.close();
    });
  }

  get openFor(): Element | undefined {
    return this.#root.hidden ? undefined : this.#anchor;
  }

  /** Opens next to `anchor` (or toggles it shut when it is already open there). */
  open(anchor: Element, testId: string, title: string, ...body: Child[]): void {
    if (this.openFor === anchor) {
      this.close();
      return;
    }
    this.#anchor = anchor;
    this.#root.replaceChildren(html('h3', { class: 'popover-title' }, title), ...body.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
    this.#root.setAttribute('data-testid', testId);
    this.#root.hidden = false;
    this.#place(anchor.getBoundingClientRect());
    this.#root.querySelector<HTMLButtonElement>('button')?.focus({ preventScroll: true });
  }

  close(): void {
    this.#root.hidden = true;
    this.#anchor = undefined;
  }

  /** Below the anchor if it fits, else above; always inside the window. */
  #place(anchor: DOMRect): void {
    const box = this.#root.getBoundingClientRect();
    const below = anchor.bottom + 4;
    const top = below + box.height <= window.innerHeight - MARGIN ? below : Math.max(MARGIN, anchor.top - 4 - box.height);
    const left = Math.min(Math.max(MARGIN, anchor.left), window.innerWidth - box.width - MARGIN);
    this.#root.style.top = `${top}px`;
    this.#root.style.left = `${left}px`;
  }
}
