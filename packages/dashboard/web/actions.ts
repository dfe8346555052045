/**
 * What the page asks of the server. Each action carries an id; its actionResult comes back
 * with the same id, and a refusal is shown with the action's own words so the trainer knows
 * which click it answers. Guided and export requests have no id: a refusal of one comes back
 * with id 0, and is told as the last of them asked.
 */
import type { ActionArgs, ActionName, PageMessage, ServerMessage } from '../src/protocol.js';
import type { Toasts } from './toasts.js';

type ActionResult = Extract<ServerMessage, { type: 'actionResult' }>;
type GuidedOp = Extract<PageMessage, { type: 'guided' }>['op'];

export interface Sender {
  send(message: PageMessage): boolean;
}

export class Actions {
  #nextId = 1;
  readonly #pending = new Map<number, string>();
  /** What an id-0 refusal answers. */
  #lastUnnumbered = 'The request';

  constructor(
    private readonly sender: Sender,
    private readonly toasts: Toasts,
  ) {}

  /** `label` names the action for a person: "Power off node 2". */
  run(action: ActionName, args: ActionArgs, label: string): void {
    const id = this.#nextId++;
    if (!this.#send({ type: 'action', id, action, args }, label)) return;
    this.#pending.set(id, label);
  }

  guided(op: GuidedOp, file?: string): boolean {
    this.#lastUnnumbered = op === 'load' ? `Loading ${file ?? 'the scenario'}` : op === 'restart' ? 'Restart' : op === 'skip' ? 'Skip' : 'Next step';
    return this.#send(file === undefined ? { type: 'guided', op } : { type: 'guided', op, file }, this.#lastUnnumbered);
  }

  exportSession(): boolean {
    this.#lastUnnumbered = 'Export';
    return this.#send({ type: 'export' }, 'Export');
  }

  settle(result: ActionResult): void {
    const label = result.id === 0 ? this.#lastUnnumbered : this.#pending.get(result.id);
    this.#pending.delete(result.id);
    if (result.ok) return;
    this.toasts.error(`${label ?? 'An action'} failed`, result.error ?? 'the server gave no reason');
  }

  #send(message: PageMessage, label: string): boolean {
    if (this.sender.send(message)) return true;
    this.toasts.error(`${label}: not sent`, 'the page is not connected to the simulator; it retries every second');
    return false;
  }
}
