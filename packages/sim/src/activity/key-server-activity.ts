/**
 * A simulated key server's log, read for the activity view: each KMIP request it answered (its
 * audit line, `KMIP <op> <result>`), and each connection it refused before KMIP (allow-list,
 * certificate, TLS). The key server logs identifiers only (operation, result, object UID,
 * certificate CN, address), and only those reach an activity. The party is read from the
 * `remote` field (`address:port`, the node's own address: the relay dials from it); a line
 * without one is from an `unknown` party.
 */
import type { LogFields, Logger, LogLevel } from '@ekmsim/core';
import type { ActivityInput, RecordActivity } from './activity-log.js';
import { memberName, partyAtRemote } from './names.js';

/** A logger for key server `keyServer` that records its activity, and passes every line on to `next`. */
export function keyServerActivityLogger(keyServer: string, record: RecordActivity, next?: Logger): Logger {
  return {
    log(level: LogLevel, message: string, fields?: LogFields): void {
      const activity = fields === undefined ? undefined : readLine(keyServer, message, fields);
      if (activity !== undefined) record(activity);
      next?.log(level, message, fields);
    },
  };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `ItemNotFound` → `Item Not Found` (KMIP's own spelling of its enumerations). */
export function kmipWords(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

function readLine(keyServer: string, message: string, f: LogFields): ActivityInput | undefined {
  const remote = text(f.remote);
  const from = remote === undefined ? 'unknown' : partyAtRemote(remote);
  const to = memberName(keyServer, typeof f.member === 'number' ? f.member : undefined);
  const op = text(f.op);
  const result = text(f.result);
  // Every batch item answered (protocol/dispatcher.ts): the result is Success or a Result Reason.
  if (message.startsWith('KMIP ') && op !== undefined && result !== undefined) {
    const ok = result === 'Success';
    return { kind: 'kmip', from, to, what: op, ok, outcome: ok ? 'Success' : `Operation Failed: ${kmipWords(result)}` };
  }
  // A message that is not a request at all is answered with one failed item (protocol/message-handler.ts).
  const reason = text(f.reason);
  if (message.startsWith('KMIP message refused') && reason !== undefined) {
    return { kind: 'kmip', from, to, what: 'message', ok: false, outcome: `Operation Failed: ${kmipWords(reason)}` };
  }
  const refused = refusal(message, text(f.alert));
  if (refused !== undefined) return { kind: 'connection', from, to, what: 'connect', ok: false, outcome: refused };
  return undefined;
}

/** The connection-level refusals of the key server's server, in the activity view's words. */
function refusal(message: string, alert: string | undefined): string | undefined {
  // `unknown ca (48)`: the alert's name without its code.
  if (message.startsWith('client refused: ') && alert !== undefined) return `refused by the key server (TLS alert ${alert.replace(/ \(\d+\)$/, '')})`;
  for (const prefix of ['client refused: ', 'connection refused: ']) {
    if (message.startsWith(prefix)) return `refused by the key server (${message.slice(prefix.length)})`;
  }
  if (message.startsWith('TLS handshake failed: ')) return `TLS handshake failed (${message.slice('TLS handshake failed: '.length)})`;
  return undefined;
}
