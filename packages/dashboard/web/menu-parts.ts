/** What the node, drive and key-server menus are made of: facts, then rows of action buttons. */
import { button, html } from './dom.js';

export type Fact = readonly [label: string, value: string];

export function facts(items: readonly Fact[]): HTMLElement {
  return html('dl', { class: 'facts' }, ...items.flatMap(([label, value]) => [html('dt', {}, label), html('dd', {}, value)]));
}

/** A row of action buttons; `danger` ones change what cannot be undone (a theft). */
export function actionRow(...buttons: HTMLButtonElement[]): HTMLElement {
  return html('div', { class: 'action-row' }, ...buttons);
}

export function actionButton(label: string, testId: string, run: () => void, danger = false): HTMLButtonElement {
  return button(label, testId, run, danger ? 'action danger' : 'action');
}

export function note(text: string): HTMLElement {
  return html('p', { class: 'menu-note' }, text);
}
