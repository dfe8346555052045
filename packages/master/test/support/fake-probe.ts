/**
 * A fake node's `probeKeyServers` for one key server: DiscoverVersions over mutual TLS with the
 * client key the master sealed to it, and the outcome in the wire's words (a server that alerts
 * about or hangs up on our certificate refused us: `auth`; our own verification failed: `tls`).
 */
import { utf8Decode, type Clock } from '@ekmsim/core';
import { KmipClient, KmipResultError, KmipTransportError, type Dialer } from '@ekmsim/kmip-client';
import { wipe } from '@ekmsim/shamir';
import type { ExternalGenerationRecord, MASTER_TO_NODE, Result } from '@ekmsim/wire';

type ProbeResult = Result<typeof MASTER_TO_NODE, 'probeKeyServers'>['results'][number];

/** `clientKey` is the opened PEM's bytes; it is wiped once the client has it. */
export async function probeKeyServer(
  record: ExternalGenerationRecord,
  server: ExternalGenerationRecord['servers'][number],
  clientKey: Uint8Array,
  net: { readonly clock: Clock; readonly dialer: Dialer | undefined },
): Promise<ProbeResult> {
  const client = new KmipClient({
    servers: server.hostnames.map((host) => ({ host, port: server.port })),
    tls: { caPem: server.caCertificate, certPem: record.clientCertificate, keyPem: utf8Decode(clientKey) },
    clock: net.clock,
    version: '1.2',
    ...(net.dialer === undefined ? {} : { dialer: net.dialer }),
  });
  wipe(clientKey);
  try {
    await client.discoverVersions();
    return { keyServerID: server.keyServerID, outcome: 'ok', detail: '' };
  } catch (e) {
    return { keyServerID: server.keyServerID, outcome: outcomeOf(e), detail: (e as Error).message };
  } finally {
    await client.close();
  }
}

function outcomeOf(e: unknown): Exclude<ProbeResult['outcome'], 'ok'> {
  if (e instanceof KmipResultError) return e.reason === 'AuthenticationNotSuccessful' || e.reason === 'PermissionDenied' ? 'auth' : 'server';
  if (!(e instanceof KmipTransportError)) return 'server';
  const error = e.attempts[0] ?? e;
  switch (error.kind) {
    case 'lookup':
    case 'refused':
    case 'timeout':
      return error.kind;
    case 'tls':
      return error.alertFrom === 'peer' ? 'auth' : 'tls';
    case 'closed':
      return 'auth';
    case 'protocol':
      return 'server';
  }
}
