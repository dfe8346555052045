/**
 * One contact with a key server, as the cluster makes it: a KMIP client over mutual TLS with the
 * server's host names in order, kmipCaCertificate as the trust anchor, kmipClientCertificate and
 * the cluster's private key as the identity. Every contact starts with DiscoverVersions (the
 * probe that tells a refused identity from a later failure), logs its outcome at `[KS]` (and TLS
 * failures at `[OpenSSL]`), closes the client, and fails only with an xKeyServer* exception.
 */
import type { Clock, Logger } from '@ekmsim/core';
import { KmipClient, type Dialer } from '@ekmsim/kmip-client';
import { formatVersion, type ProtocolVersion } from '@ekmsim/kmip';
import { certificateMatchesKey } from '@ekmsim/pki';
import type { KeyPairRecord, KeyServerRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import { classifyFailure, type KeyServerFailure } from './failure.js';

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
}

const KS = 'KS';

export async function contactKeyServer<T>(
  ctx: ContactContext,
  server: KeyServerRecord,
  keyPair: KeyPairRecord | undefined,
  purpose: string,
  work: (client: KmipClient) => Promise<T>,
): Promise<T> {
  const who = `Key server ${server.keyServerID} (${server.kmipKeyServerName})`;
  const fields = { component: KS, keyServerID: server.keyServerID, hosts: server.kmipKeyServerHostnames.join(','), port: server.kmipKeyServerPort };
  const identityProblem = checkIdentity(server, keyPair);
  if (identityProblem !== undefined || keyPair === undefined) {
    ctx.logger.log('error', `${who} ${purpose} failed: ${ElementErrorName.xKeyServerInvalidAuth}: ${identityProblem}`, fields);
    throw new ElementApiError(ElementErrorName.xKeyServerInvalidAuth, `${who}: ${identityProblem ?? 'no key pair'}`);
  }
  let answered = false;
  let client: KmipClient | undefined;
  try {
    client = new KmipClient({
      servers: server.kmipKeyServerHostnames.map((host) => ({ host, port: server.kmipKeyServerPort })),
      tls: { caPem: server.kmipCaCertificate, certPem: server.kmipClientCertificate, keyPem: keyPair.privateKeyPem },
      version: ctx.kmip.version ?? '1.2',
      clock: ctx.clock,
      timeouts: { connectMs: ctx.kmip.connectTimeoutMs ?? 10_000, requestMs: ctx.kmip.requestTimeoutMs ?? 15_000 },
      ...(ctx.kmip.dialer === undefined ? {} : { dialer: ctx.kmip.dialer }),
      // The client's own connection chatter stays below the Element logs' threshold.
      logger: { log: (_level, message, f) => ctx.logger.log('debug', message, { ...f, component: KS }) },
    });
    const versions = await client.discoverVersions();
    answered = true;
    requireVersion(client.version, versions, who);
    const result = await work(client);
    ctx.logger.log('info', `${who} ${purpose} succeeded`, { ...fields, server: `${client.server.host}:${client.server.port ?? ''}`, kmip: formatVersion(client.version) });
    return result;
  } catch (e) {
    if (e instanceof ElementApiError) {
      ctx.logger.log('error', `${who} ${purpose} failed: ${e.elementName}: ${e.message}`, fields);
      throw e;
    }
    const failure = classifyFailure(e, answered);
    logFailure(ctx.logger, who, purpose, failure, fields, e);
    throw new ElementApiError(failure.name, `${who}: ${describe(failure)}`, { cause: e });
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/** Our half of the TLS identity must be usable before a connection is worth trying. */
function checkIdentity(server: KeyServerRecord, keyPair: KeyPairRecord | undefined): string | undefined {
  if (keyPair === undefined) return 'the cluster has no TLS client key pair (CreatePublicPrivateKeyPair)';
  try {
    if (certificateMatchesKey(server.kmipClientCertificate, keyPair.privateKeyPem)) return undefined;
  } catch {
    return 'kmipClientCertificate cannot be read';
  }
  return "kmipClientCertificate does not belong to the cluster's current key pair; sign a new CSR (GetClientCertificateSignRequest) and update it with ModifyKeyServerKmip";
}

function requireVersion(ours: ProtocolVersion, theirs: readonly ProtocolVersion[], who: string): void {
  if (theirs.length === 0 || theirs.some((v) => v.major === ours.major && v.minor === ours.minor)) return;
  throw new ElementApiError(
    ElementErrorName.xKeyServerFailed,
    `${who}: the key server does not support KMIP ${formatVersion(ours)} (it offers ${theirs.map(formatVersion).join(', ')})`,
  );
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
