/**
 * The WebSocket to the dashboard's server, reopened every second while it is down: a trainer
 * restarting the simulator should not have to reload the projected page.
 */
import type { PageMessage, ServerMessage } from '../src/protocol.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface ConnectionEvents {
  message(message: ServerMessage): void;
  /** `failures`: closes since the last open (0 while the first try is on its way). */
  state(state: ConnectionState, failures: number): void;
}

const RETRY_MS = 1_000;

export class Connection {
  #socket: WebSocket | undefined;
  #failures = 0;

  constructor(
    private readonly url: string,
    private readonly events: ConnectionEvents,
  ) {}

  /** The page's own WebSocket URL: same host and port, `/ws`. */
  static forPage(location: Location): string {
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  }

  open(): void {
    this.events.state('connecting', this.#failures);
    const socket = new WebSocket(this.url);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.#failures = 0;
      this.events.state('open', 0);
    });
    socket.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (typeof e.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(e.data) as ServerMessage;
      } catch {
        console.warn('the server sent a text that is not JSON', e.data);
        return;
      }
      this.events.message(message);
    });
    // A refused connection fires error then close: close alone schedules the retry.
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#failures += 1;
      this.events.state('closed', this.#failures);
      setTimeout(() => this.open(), RETRY_MS);
    });
  }

  /** False when there is no open socket to send on. */
  send(message: PageMessage): boolean {
    const socket = this.#socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }
}
