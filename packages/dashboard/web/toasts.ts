/**
 * Short notes in the corner: mostly a refused action and why (the server's words). They go
 * away by themselves, or at a click.
 */
import { html } from './dom.js';

const SHOW_MS = 8_000;
const MAX_SHOWN = 4;

export class Toasts {
  constructor(private readonly container: HTMLElement) {}

  error(title: string, detail: string): void {
    this.#show('error', title, detail);
  }

  info(title: string, detail = ''): void {
    this.#show('info', title, detail);
  }

  #show(kind: 'error' | 'info', title: string, detail: string): void {
    const toast = html('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': 'toast', 'data-kind': kind }, html('strong', {}, title), detail === '' ? null : html('span', {}, detail));
    toast.addEventListener('click', () => toast.remove());
    this.container.append(toast);
    while (this.container.children.length > MAX_SHOWN) this.container.firstElementChild?.remove();
    setTimeout(() => toast.remove(), SHOW_MS);
  }
}
