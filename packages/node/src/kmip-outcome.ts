/**
 * What a failed contact with a key server means, named as probeKeyServers reports it and with
 * words an administrator can act on (the same reading as the master's, TR-4843 §10.2): a server
 * that sends a certificate alert, or hangs up before answering the first request, refused this
 * client; a failure of the handshake decided here is the server's certificate (`tls`).
 */
import { KmipResultError, KmipTransportError, type TlsAlert } from '@ekmsim/kmip-client';
import type { MASTER_TO_NODE, Result } from '@ekmsim/wire';

export type Outcome = Result<typeof MASTER_TO_NODE, 'probeKeyServers'>['results'][number]['outcome'];

/** KMIP results that mean the server refused this client, not that it failed. */
const REFUSALS = new Set(['AuthenticationNotSuccessful', 'PermissionDenied']);

/** Alerts a server sends when it does not accept the client's certificate. */
const CLIENT_REJECTED: ReadonlySet<TlsAlert> = new Set<TlsAlert>([
  'bad certificate', 'unsupported certificate', 'certificate revoked', 'certificate expired', 'certificate unknown',
  'unknown ca', 'access denied', 'certificate required', 'decrypt error',
]);

/** Node codes of a peer that hung up. */
const HANG_UP = new Set(['ECONNRESET', 'EPIPE', 'ERR_SOCKET_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);

const REFUSED_US = 'the key server did not accept the client certificate';

/**
 * The outcome of a failed contact whose first request had not been answered, and its detail.
 * With several host names: `lookup` only when none resolved, else the first name that did.
 */
export function classifyFailure(e: unknown): { outcome: Outcome; detail: string } {
  if (e instanceof KmipResultError) return { outcome: REFUSALS.has(e.reason) ? 'auth' : 'server', detail: e.message };
  if (!(e instanceof KmipTransportError)) return { outcome: 'server', detail: e instanceof Error ? e.message : String(e) };
  const attempts = e.attempts.length > 0 ? e.attempts : [e];
  const telling = attempts.find((a) => a.kind !== 'lookup') ?? attempts[0]!;
  const outcome = transportOutcome(telling);
  return { outcome, detail: outcome === 'auth' && telling.alertFrom !== 'peer' ? `${e.message} (${REFUSED_US})` : e.message };
}

function transportOutcome(e: KmipTransportError): Outcome {
  switch (e.kind) {
    case 'lookup':
    case 'refused':
    case 'timeout':
      return e.kind;
    case 'closed':
      return 'auth'; // hung up before answering: how a server verifying after the handshake refuses
    case 'protocol':
      return 'server';
    case 'tls': {
      if (e.alertFrom === 'peer') return e.alert !== undefined && CLIENT_REJECTED.has(e.alert) ? 'auth' : 'tls';
      const code = (e.cause as { code?: unknown } | undefined)?.code;
      return e.alertFrom === undefined && typeof code === 'string' && HANG_UP.has(code) ? 'auth' : 'tls';
    }
  }
}
