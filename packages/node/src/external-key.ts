/**
 * External keys: the AK lives on the provider's key servers and is fetched with KMIP Get over
 * mutual TLS, the cluster's client certificate and private key (sealed to this node) as the
 * identity. Servers are tried in order, each over its own host names with its own CA as trust
 * anchor. A key that does not match the generation's check value never leaves this file.
 */
import type { Clock, Logger } from '@ekmsim/core';
import { KmipClient, type Dialer, type KmipClientOptions } from '@ekmsim/kmip-client';
import { wipe } from '@ekmsim/shamir';
import { NODE_ERROR_CODES, type ExternalGenerationRecord, type KmipServerConfig } from '@ekmsim/wire';
import { akCheckMatches } from './ak-check.js';
import { NodeError } from './errors.js';
import { classifyFailure } from './kmip-outcome.js';
import { AK_BYTES } from './internal-key.js';
import { openClientKey, type BoxIdentity } from './sealed-secrets.js';

/** How the node reaches key servers. */
export interface KmipAccess {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Default node:tls (the simulation routes and fault-injects through its own). */
  readonly dialer?: Dialer;
  /** TCP connect plus TLS handshake (default 10 s) and each request (default 15 s), on the clock. */
  readonly timeouts?: { readonly connectMs?: number; readonly requestMs?: number };
}

/** The cluster's KMIP protocol version (the master's default). */
const KMIP_VERSION = '1.2';
const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15_000;

/** The AK of `record`, checked against its `akCheck` when it has one; the caller wipes it. */
export async function fetchExternalKey(record: ExternalGenerationRecord, me: BoxIdentity, access: KmipAccess): Promise<Uint8Array> {
  const g = record.generation;
  let keyPem: string;
  try {
    keyPem = openClientKey(record.clientKey, me, g);
  } catch (cause) {
    throw new NodeError(NODE_ERROR_CODES.keyUnavailable, `generation ${g}: the cluster's client key does not open: ${(cause as Error).message}`, { cause });
  }
  if (record.servers.length === 0) throw new NodeError(NODE_ERROR_CODES.keyUnavailable, `generation ${g}: no key server is configured`);
  const failures: string[] = [];
  for (const server of record.servers) {
    let ak: Uint8Array;
    try {
      ak = await getKey(record, server, keyPem, access);
    } catch (e) {
      failures.push(`key server ${server.keyServerID}: ${classifyFailure(e).detail}`);
      continue;
    }
    if (record.akCheck !== null && !akCheckMatches(ak, record.keyID, record.akCheck)) {
      wipe(ak);
      throw new NodeError(NODE_ERROR_CODES.keyUnavailable, `generation ${g}: key server ${server.keyServerID} gave a key for ${record.keyID} that does not match the cluster's check value`);
    }
    return ak;
  }
  throw new NodeError(NODE_ERROR_CODES.keyUnavailable, `generation ${g}: no key server gave the key: ${failures.join('; ')}`);
}

/** The KMIP client of one key server: its host names in order, its CA, the cluster's identity. */
export function kmipClientOptions(record: ExternalGenerationRecord, server: KmipServerConfig, keyPem: string, access: KmipAccess): KmipClientOptions {
  return {
    servers: server.hostnames.map((host) => ({ host, port: server.port })),
    tls: { caPem: server.caCertificate, certPem: record.clientCertificate, keyPem },
    version: KMIP_VERSION,
    clock: access.clock,
    timeouts: { connectMs: access.timeouts?.connectMs ?? CONNECT_TIMEOUT_MS, requestMs: access.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS },
    ...(access.dialer === undefined ? {} : { dialer: access.dialer }),
    logger: { log: (_level, message, fields) => access.logger.log('debug', message, fields) },
  };
}

async function getKey(record: ExternalGenerationRecord, server: KmipServerConfig, keyPem: string, access: KmipAccess): Promise<Uint8Array> {
  const client = new KmipClient(kmipClientOptions(record, server, keyPem, access));
  try {
    const result = await client.get(record.kmipUniqueIdentifier);
    const material = result.key?.material;
    if (material === undefined) throw new Error(`object ${record.kmipUniqueIdentifier} is not a raw symmetric key`);
    const ak = Uint8Array.from(material);
    wipe(material);
    if (ak.length !== AK_BYTES) {
      wipe(ak);
      throw new Error(`object ${record.kmipUniqueIdentifier} is a ${ak.length * 8}-bit key, not an AES-256 AK`);
    }
    return ak;
  } finally {
    await client.close().catch(() => undefined);
  }
}
