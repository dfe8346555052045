/**
 * One drive in its bay: coloured by its look (drive-look.ts), with its driveID, a padlock shut
 * or open, its key mode and the Admin1 tries it has left. Small drives say the same in letters
 * (the legend reads them). A click opens its menu.
 */
import type { DriveView, NodeView } from '../src/protocol.js';
import { setAttrs, svg } from './dom.js';
import { driveLook, DRIVE_LOOK_WORDS, keyModeShort, lockedAttr } from './drive-look.js';
import { fitText } from './svg-text.js';
import type { Rect } from './topology-layout.js';

export class DriveGlyph {
  readonly element: SVGGElement;
  readonly #number: SVGTextElement;
  readonly #bottomLeft: SVGTextElement;
  /** A tiny drive's key-mode letter, top right where the padlock would be. */
  readonly #corner: SVGTextElement;
  readonly #tries: SVGGElement;
  readonly #triesText: SVGTextElement;
  readonly #padlock: SVGGElement;
  readonly #shackle: SVGPathElement;
  readonly #title: SVGTitleElement;

  constructor(
    readonly driveID: number,
    private readonly place: Rect,
    private readonly compact: boolean,
    onOpen: (driveID: number, anchor: Element) => void,
  ) {
    const { x, y, w, h } = place;
    const small = compact || h < 34;
    const font = small ? 11 : 13;
    this.#title = svg('title');
    this.#number = svg('text', { class: 'drive-number', x: x + 4, y: y + font + 1, 'font-size': font }, String(driveID));
    this.#bottomLeft = svg('text', { class: 'drive-detail', x: x + 4, y: y + h - 4, 'font-size': small ? 10 : 11 });
    // Tries left in a small ring at the bottom right (the legend says what the number is).
    const ring = { x: x + w - 10, y: y + h - 9.5 };
    this.#triesText = svg('text', { class: 'tries-text', x: ring.x, y: ring.y + 3.5, 'text-anchor': 'middle' });
    this.#tries = svg('g', { class: 'tries' }, svg('circle', { class: 'tries-ring', cx: ring.x, cy: ring.y, r: 7 }), this.#triesText);
    this.#corner = svg('text', { class: 'drive-detail', x: x + w - 3, y: y + font + 1, 'font-size': 10, 'text-anchor': 'end' });
    this.#shackle = svg('path', { class: 'padlock-shackle' });
    const lockX = x + w - 13;
    const lockY = y + 3;
    this.#padlock = svg('g', { class: 'padlock', transform: `translate(${lockX} ${lockY})` }, this.#shackle, svg('rect', { class: 'padlock-body', x: 0, y: 5, width: 10, height: 7, rx: 1.5 }));
    this.element = svg(
      'g',
      { class: 'drive', 'data-testid': `drive-${driveID}`, role: 'button', tabindex: 0 },
      this.#title,
      svg('rect', { class: 'drive-body', x, y, width: w, height: h, rx: 4 }),
      this.#number,
      this.#padlock,
      // Two lines only when the drive is tall enough for both.
      h >= 30 ? this.#bottomLeft : null,
      h >= 30 ? this.#tries : null,
      h < 30 ? this.#corner : null,
    );
    this.element.addEventListener('click', () => onOpen(driveID, this.element));
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onOpen(driveID, this.element);
      }
    });
  }

  update(drive: DriveView, node: NodeView): void {
    const look = driveLook(drive, node);
    const mode = keyModeShort(drive.keyMode);
    setAttrs(this.element, {
      class: `drive look-${look}`,
      'data-locked': lockedAttr(drive),
      'data-status': drive.status,
      'data-look': look,
      'data-stolen': drive.stolen,
      'data-key-mode': drive.keyMode ?? 'unknown',
      'data-tries-left': drive.triesLeft,
      'aria-label': `Drive ${drive.driveID}: ${DRIVE_LOOK_WORDS[look]}`,
    });
    // A narrow drive keeps its number; its colour still says locked or not.
    const hasPadlock = (look === 'locked' || look === 'unlocked') && this.place.w >= 36 && this.place.h >= 30;
    setAttrs(this.#padlock, { visibility: hasPadlock ? 'visible' : 'hidden' });
    // A shut shackle comes down into the body on both sides; an open one lifts off on the right.
    this.#shackle.setAttribute('d', look === 'locked' ? 'M2.5 5.5 V3.5 a2.5 2.5 0 0 1 5 0 V5.5' : 'M2.5 5.5 V2 a2.5 2.5 0 0 1 5 0 V2.5');

    const { w } = this.place;
    const gone = look === 'stolen' || look === 'failed';
    this.#bottomLeft.textContent = gone ? fitText(look === 'stolen' ? 'stolen' : drive.status, w - 8, 10) : fitText(this.compact ? mode.letter : mode.word, w - 26, 11);
    const tries = gone ? null : drive.triesLeft;
    setAttrs(this.#tries, { visibility: tries === null ? 'hidden' : 'visible', class: `tries${tries !== null && tries <= 1 ? ' low' : ''}` });
    this.#triesText.textContent = tries === null ? '' : String(tries);
    // Only when the number leaves room for it (three digits fill a tiny drive).
    this.#corner.textContent = gone || w < String(drive.driveID).length * 6.5 + 16 ? '' : mode.letter;
    this.#title.textContent = [
      `Drive ${drive.driveID} (slot ${drive.slot}, serial ${drive.serial})`,
      `${DRIVE_LOOK_WORDS[look]}; status ${drive.status}`,
      `key: ${drive.keyMode ?? 'unknown'}`,
      drive.triesLeft === null ? '' : `Admin1 tries left: ${drive.triesLeft}`,
      'Click for its actions',
    ]
      .filter((line) => line !== '')
      .join('\n');
  }
}
