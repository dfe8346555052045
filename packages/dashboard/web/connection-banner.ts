/** Says when the page has lost the simulator, and that it keeps trying. */
import type { ConnectionState } from './connection.js';
import { part } from './dom.js';

export class ConnectionBanner {
  readonly #banner = part('connection-status');

  update(state: ConnectionState, failures: number, greeted: boolean): void {
    this.#banner.dataset.state = state;
    const down = state !== 'open' && (failures > 0 || greeted);
    this.#banner.hidden = !down && state === 'open';
    this.#banner.classList.toggle('down', down);
    this.#banner.textContent =
      state === 'open'
        ? 'Connected'
        : down
          ? `Connection to the simulator lost — retrying every second${failures > 1 ? ` (${failures} tries)` : ''}`
          : 'Connecting to the simulator…';
  }
}
