/**
 * One contact with a key server, as the cluster makes it: a KMIP client over mutual TLS with the
 * server's host names in order, kmipCaCertificate as the trust anchor, kmipClientCertificate and
 * the cluster's private key as the identity. Every contact starts with DiscoverVersions (the
 * probe that tells a refused identity from a later failure), logs its outcome at `[KS]` (and TLS
 * failures at `[OpenSSL]`), closes the client, and fails only with an xKeyServer* exception.
 */
import type { Clock, Logger } from '@ekmsim/core';
import { connectTls, KmipClient, type Dialer } from '@ekmsim/kmip-client';
import { formatVersion, type ProtocolVersion } from '@ekmsim/kmip';
import { belongsToKey } from '../certificate-facts.js';
import type { KeyPairRecord, KeyServerRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import type { EventLog } from '../events/event-log.js';
import { classifyFailure, type KeyServerFailure, type KeyServerFailureName } from './failure.js';
import { traceTransport } from './kmip-trace.js';

/** How the master dials key servers. */
export interface KmipSettings {
  /** Routes and fault-injects connections (the simulated network); default node:tls. */
  readonly dialer?: Dialer;
  /** TCP connect plus TLS handshake, on the clock; default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Each KMIP request, on the clock; default 15 s. */
  readonly requestTimeoutMs?: number;
  /** KMIP protocol version the cluster speaks; default 1.2. */
  readonly version?: string;
}

export interface ContactContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly kmip: KmipSettings;
  /** Contacts made for an API call are events (encryptionAtRestEvent); health checks are not. */
  readonly events?: EventLog;
  /** The cKmipCmdExtraFlags constant: verbose KMIP logging to sf-kmip.info (kmip-trace.ts). */
  readonly kmipLogFlags?: () => number;
}

export interface ContactOptions {
  /** A health check: success is logged at debug and no event is recorded; failures are logged as always. */
  readonly quiet?: boolean;
}

/**
 * A contact that failed, as an xKeyServer* exception. `unexpected` marks a cause nobody
 * anticipated (TR-4843 §10.2's xEkmGenericError, reported as xKeyServerFailed).
 */
export class KeyServerContactError extends ElementApiError {
  readonly failureName: KeyServerFailureName;
  readonly detail: string;
  readonly unexpected: boolean;

  constructor(name: KeyServerFailureName, message: string, detail: string, options: { cause?: unknown; unexpected?: boolean } = {}) {
    super(name, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.failureName = name;
    this.detail = detail;
    this.unexpected = options.unexpected ?? false;
  }
}

const KS = 'KS';

export async function contactKeyServer<T>(
  ctx: ContactContext,
  server: KeyServerRecord,
  keyPair: KeyPairRecord | undefined,
  purpose: string,
  work: (client: KmipClient) => Promise<T>,
  options: ContactOptions = {},
): Promise<T> {
  const who = `Key server ${server.keyServerID} (${server.kmipKeyServerName})`;
  const fields = { component: KS, keyServerID: server.keyServerID, hosts: server.kmipKeyServerHostnames.join(','), port: server.kmipKeyServerPort };
  const event = (message: string, outcome: string): void => {
    if (options.quiet !== true) ctx.events?.record({ type: 'encryptionAtRestEvent', message, details: { keyServerID: server.keyServerID, outcome } });
  };
  const identityProblem = checkIdentity(server, keyPair);
  if (identityProblem !== undefined || keyPair === undefined) {
    const problem = identityProblem ?? 'no key pair';
    ctx.logger.log('error', `${who} ${purpose} failed: ${ElementErrorName.xKeyServerInvalidAuth}: ${problem}`, fields);
    // TR-4843 §10.3: what OpenSSL says when the client key and certificate do not go together.
    ctx.logger.log('error', 'OpenSSL error stack: ssl3_get_server_certificate:certificate verify failed (the TLS client key does not match the client certificate)', {
      ...fields,
      component: 'OpenSSL',
    });
    event(`${who} ${purpose} failed: ${ElementErrorName.xKeyServerInvalidAuth}`, ElementErrorName.xKeyServerInvalidAuth);
    throw new KeyServerContactError(ElementErrorName.xKeyServerInvalidAuth, `${who}: ${problem}`, problem);
  }
  let answered = false;
  let client: KmipClient | undefined;
  try {
    client = new KmipClient({
      servers: server.kmipKeyServerHostnames.map((host) => ({ host, port: server.kmipKeyServerPort })),
      version: ctx.kmip.version ?? '1.2',
      clock: ctx.clock,
      timeouts: { requestMs: ctx.kmip.requestTimeoutMs ?? 15_000 },
      connect: connector(ctx, server, keyPair),
      // The client's own connection chatter stays below the Element logs' threshold.
      logger: { log: (_level, message, f) => ctx.logger.log('debug', message, { ...f, component: KS }) },
    });
    const versions = await client.discoverVersions();
    answered = true;
    requireVersion(client.version, versions, who);
    const result = await work(client);
    ctx.logger.log(options.quiet === true ? 'debug' : 'info', `${who} ${purpose} succeeded`, {
      ...fields,
      server: `${client.server.host}:${client.server.port ?? ''}`,
      kmip: formatVersion(client.version),
    });
    event(`${who} ${purpose} succeeded`, 'ok');
    return result;
  } catch (e) {
    if (e instanceof ElementApiError) {
      ctx.logger.log('error', `${who} ${purpose} failed: ${e.elementName}: ${e.message}`, fields);
      event(`${who} ${purpose} failed: ${e.elementName}`, e.elementName);
      throw e;
    }
    const failure = classifyFailure(e, answered);
    logFailure(ctx.logger, who, purpose, failure, fields, e);
    event(`${who} ${purpose} failed: ${failure.name}`, failure.name);
    throw new KeyServerContactError(failure.name, `${who}: ${describe(failure)}`, failure.detail, { cause: e, unexpected: failure.unexpected });
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/**
 * Mutual TLS to each host name as the KMIP client would dial it (same dialer, timeout and
 * credentials), with the connection traced to sf-kmip.info when cKmipCmdExtraFlags says so.
 */
function connector(ctx: ContactContext, server: KeyServerRecord, keyPair: KeyPairRecord) {
  return async (address: { readonly host: string; readonly port: number }) => {
    const transport = await connectTls(
      {
        host: address.host,
        port: address.port,
        ca: server.kmipCaCertificate,
        cert: server.kmipClientCertificate,
        key: keyPair.privateKeyPem,
        clock: ctx.clock,
        timeoutMs: ctx.kmip.connectTimeoutMs ?? 10_000,
      },
      ctx.kmip.dialer,
    );
    return traceTransport(transport, ctx.kmipLogFlags?.() ?? 0, ctx.logger);
  };
}

/** Our half of the TLS identity must be usable before a connection is worth trying. */
function checkIdentity(server: KeyServerRecord, keyPair: KeyPairRecord | undefined): string | undefined {
  if (keyPair === undefined) return 'the cluster has no TLS client key pair (CreatePublicPrivateKeyPair)';
  try {
    if (belongsToKey(server.kmipClientCertificate, keyPair.privateKeyPem)) return undefined;
  } catch {
    return 'kmipClientCertificate cannot be read';
  }
  return "kmipClientCertificate does not belong to the cluster's current key pair; sign a new CSR (GetClientCertificateSignRequest) and update it with ModifyKeyServerKmip";
}

function requireVersion(ours: ProtocolVersion, theirs: readonly ProtocolVersion[], who: string): void {
  if (theirs.length === 0 || theirs.some((v) => v.major === ours.major && v.minor === ours.minor)) return;
  const detail = `the key server does not support KMIP ${formatVersion(ours)} (it offers ${theirs.map(formatVersion).join(', ')})`;
  throw new KeyServerContactError(ElementErrorName.xKeyServerFailed, `${who}: ${detail}`, detail);
}

function describe(f: KeyServerFailure): string {
  switch (f.name) {
    case ElementErrorName.xKeyServerUnavailable:
      return `cannot be reached: ${f.detail}`;
    case ElementErrorName.xKeyServerAuthFailed:
      return `refused the cluster's credentials: ${f.detail}`;
    case ElementErrorName.xKeyServerSslError:
      return `TLS error (check kmipCaCertificate and the key server's certificate): ${f.detail}`;
    case ElementErrorName.xKeyServerInvalidAuth:
      return `the client certificate or key cannot be used: ${f.detail}`;
    case ElementErrorName.xKeyServerFailed:
      return `KMIP failure: ${f.detail}`;
  }
}

function logFailure(logger: Logger, who: string, purpose: string, f: KeyServerFailure, fields: Record<string, string | number>, cause: unknown): void {
  if (f.unexpected) {
    // TR-4843 §10.2: xEkmGenericError may appear in logs, never in an API reply.
    logger.log('error', `xEkmGenericError during ${purpose} with ${who}, reported as ${f.name}: ${String(cause)}`, fields);
  }
  logger.log('error', `${who} ${purpose} failed: ${f.name}: ${f.detail}`, fields);
  for (const entry of f.openssl) logger.log('error', `OpenSSL error stack: ${entry}`, { ...fields, component: 'OpenSSL' });
}
