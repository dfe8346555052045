/**
 * The few DOM helpers every part of the page uses. The server's Content-Security-Policy allows
 * no inline styles, so nothing here writes a `style` attribute: positions go through
 * `element.style` (CSSOM, which the policy allows) and looks through classes.
 */

export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;
export type Child = Node | string | null | undefined | false;

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Sets each attribute; `null` and `undefined` remove it. A boolean `data-*` attribute reads
 * "true" or "false" (what tests compare); any other `false` removes it and `true` sets it empty.
 */
export function setAttrs(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'boolean' && name.startsWith('data-')) element.setAttribute(name, String(value));
    else if (value === null || value === undefined || value === false) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child);
  }
}

export function html<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** An element of index.html, found by its test id; a missing one is a bug in the page. */
export function part<T extends HTMLElement = HTMLElement>(testId: string): T {
  const element = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (element === null) throw new Error(`index.html has no element data-testid="${testId}"`);
  return element;
}

/** A button that runs `onClick`; its test id is how the browser tests find it. */
export function button(label: string, testId: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = html('button', { type: 'button', 'data-testid': testId, class: className || null }, label);
  b.addEventListener('click', onClick);
  return b;
}
