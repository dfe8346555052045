/**
 * One end of the master–node protocol over a Channel: calls with correlation ids and timeouts on
 * the injected Clock, handlers for the calls the other end makes, one-way events. Every incoming
 * message is validated before a handler sees it; a bad one is answered with an error (or dropped
 * when it cannot be answered) and the peer goes on serving.
 */
import type { Clock, TimerId } from '@ekmsim/core';
import type { Channel } from './channel.js';
import { WireError, WIRE_ERROR_CODES } from './errors.js';
import type { EventParams, EventTable, MethodTable, Params, Result } from './methods.js';

/** Larger texts are refused unread (a read of 256 blocks is ~1.4 MB of base64). */
export const MAX_MESSAGE_CHARS = 8 * 1024 * 1024;
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export type Handlers<T extends MethodTable> = { [M in keyof T]: (params: Params<T, M>) => Promise<Result<T, M>> | Result<T, M> };
export type EventHandlers<T extends EventTable> = { [E in keyof T]: (params: EventParams<T, E>) => void };

export interface PeerOptions<Serves extends MethodTable, Calls extends MethodTable, InEvents extends EventTable, OutEvents extends EventTable> {
  readonly channel: Channel;
  readonly clock: Clock;
  readonly serves: Serves;
  readonly handlers: Handlers<Serves>;
  readonly calls: Calls;
  readonly inEvents: InEvents;
  readonly eventHandlers: EventHandlers<InEvents>;
  readonly outEvents: OutEvents;
  readonly timeoutMs?: number;
  /** Sees every text sent and received (wire capture in the security tests). */
  readonly tap?: (direction: 'in' | 'out', text: string) => void;
  /** A message that could not be handled, or a handler that failed with no code (never with secrets in it). */
  readonly onProblem?: (problem: WireError | Error) => void;
  readonly onClose?: () => void;
}

export interface Peer<Calls extends MethodTable, OutEvents extends EventTable> {
  call<M extends keyof Calls & string>(method: M, params: Params<Calls, M>, timeoutMs?: number): Promise<Result<Calls, M>>;
  emit<E extends keyof OutEvents & string>(event: E, params: EventParams<OutEvents, E>): void;
  readonly closed: boolean;
  close(): void;
}

type Envelope =
  | { t: 'req'; id: number; m: string; p: unknown }
  | { t: 'res'; id: number; r: unknown }
  | { t: 'err'; id: number; e: { code: string; message: string } }
  | { t: 'evt'; m: string; p: unknown };

interface Pending {
  readonly method: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly timer: TimerId;
}

export function createPeer<S extends MethodTable, C extends MethodTable, IE extends EventTable, OE extends EventTable>(
  o: PeerOptions<S, C, IE, OE>,
): Peer<C, OE> {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  const problem = (e: WireError | Error): void => o.onProblem?.(e);

  const send = (env: Envelope): void => {
    if (closed) return;
    const text = JSON.stringify(env);
    o.tap?.('out', text);
    o.channel.send(text);
  };

  const answer = async (id: number, method: string, raw: unknown): Promise<void> => {
    const spec = Object.hasOwn(o.serves, method) ? o.serves[method] : undefined;
    try {
      if (spec === undefined) throw new WireError(WIRE_ERROR_CODES.unknownMethod, `unknown method ${JSON.stringify(method)}`);
      const params = spec.params(raw, 'params');
      const handler = o.handlers[method] as (p: unknown) => unknown;
      const result = await handler(params);
      send({ t: 'res', id, r: result });
    } catch (e) {
      const code = errorCode(e);
      if (code === undefined) problem(e instanceof Error ? e : new Error(String(e)));
      send({ t: 'err', id, e: { code: code ?? 'INTERNAL', message: code === undefined ? `${method} failed` : (e as Error).message } });
    }
  };

  const receive = (text: string): void => {
    o.tap?.('in', text);
    let env: unknown;
    try {
      if (text.length > MAX_MESSAGE_CHARS) throw new WireError(WIRE_ERROR_CODES.malformed, `message of ${text.length} characters exceeds ${MAX_MESSAGE_CHARS}`);
      env = JSON.parse(text);
      if (typeof env !== 'object' || env === null) throw new WireError(WIRE_ERROR_CODES.malformed, 'message is not a JSON object');
    } catch (e) {
      problem(e instanceof WireError ? e : new WireError(WIRE_ERROR_CODES.malformed, 'message is not JSON', { cause: e }));
      return;
    }
    const m = env as Record<string, unknown>;
    const id = m.id;
    if (m.t === 'req' && Number.isSafeInteger(id) && typeof m.m === 'string') {
      void answer(id as number, m.m, m.p);
    } else if ((m.t === 'res' || m.t === 'err') && Number.isSafeInteger(id)) {
      const p = pending.get(id as number);
      if (p === undefined) return problem(new WireError(WIRE_ERROR_CODES.malformed, `answer to no pending call (id ${String(id)})`));
      pending.delete(id as number);
      o.clock.clearTimeout(p.timer);
      if (m.t === 'res') {
        try {
          p.resolve(o.calls[p.method]!.result(m.r, `${p.method} result`));
        } catch (e) {
          p.reject(e as Error);
        }
      } else {
        const err = m.e as { code?: unknown; message?: unknown } | undefined;
        const code = typeof err?.code === 'string' ? err.code : 'UNKNOWN';
        const message = typeof err?.message === 'string' ? err.message : 'no message';
        p.reject(new WireError(WIRE_ERROR_CODES.remote, `${p.method}: ${message}`, { remoteCode: code }));
      }
    } else if (m.t === 'evt' && typeof m.m === 'string' && Object.hasOwn(o.inEvents, m.m)) {
      try {
        const params = o.inEvents[m.m]!(m.p, `${m.m} event`);
        (o.eventHandlers[m.m] as (p: unknown) => void)(params);
      } catch (e) {
        problem(e instanceof Error ? e : new Error(String(e)));
      }
    } else {
      problem(new WireError(WIRE_ERROR_CODES.malformed, 'not a request, answer or known event'));
    }
  };

  const shutDown = (): void => {
    if (closed) return;
    closed = true;
    for (const [id, p] of pending) {
      pending.delete(id);
      o.clock.clearTimeout(p.timer);
      p.reject(new WireError(WIRE_ERROR_CODES.closed, `${p.method}: the channel closed before the answer`));
    }
    o.onClose?.();
  };

  o.channel.onMessage(receive);
  o.channel.onClose(shutDown);

  return {
    get closed() {
      return closed;
    },
    call: (method, params, timeoutMs) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new WireError(WIRE_ERROR_CODES.closed, `${method}: the channel is closed`));
        const id = nextId++;
        const ms = timeoutMs ?? o.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
        const timer = o.clock.setTimeout(() => {
          pending.delete(id);
          reject(new WireError(WIRE_ERROR_CODES.timeout, `${method}: no answer within ${ms} ms`));
        }, ms);
        pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
        try {
          send({ t: 'req', id, m: method, p: params });
        } catch (e) {
          // Not sent (the channel refused it, or the params do not serialise): nothing to wait for.
          pending.delete(id);
          o.clock.clearTimeout(timer);
          reject(new WireError(WIRE_ERROR_CODES.closed, `${method}: could not be sent`, { cause: e }));
        }
      }),
    emit: (event, params) => send({ t: 'evt', m: event, p: params }),
    close: () => {
      o.channel.close();
      shutDown();
    },
  };
}

function errorCode(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const code: unknown = (e as Error & { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
