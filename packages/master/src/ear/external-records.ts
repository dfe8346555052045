/**
 * The external generation record each node keeps: where the AK lives (the provider's servers, in
 * the provider's order), the cluster's client certificate and its private key sealed to that node
 * (`client-key/<generation>`), and the AK check value once the generator node has computed it.
 */
import { utf8Encode } from '@ekmsim/core';
import { seal, type ExternalGenerationRecord, type KmipServerConfig } from '@ekmsim/wire';
import { DB_PATHS, keyProviderPath, keyServerPath, type EarTarget, type KeyPairRecord, type KeyProviderRecord, type KeyServerRecord, type NodeRecord } from '../db/layout.js';
import { EarStepError, type EarParts } from './ear-parts.js';

type ExternalTarget = Extract<EarTarget, { mode: 'external' }>;

/** What every node's record shares; only the sealed client key differs per node. */
export interface ExternalKeySource {
  readonly servers: KmipServerConfig[];
  readonly clientCertificate: string;
  readonly privateKeyPem: string;
}

export function externalKeySource(parts: EarParts, target: ExternalTarget): ExternalKeySource {
  const provider = parts.db.get<KeyProviderRecord>(keyProviderPath(target.keyProviderID));
  const keyPair = parts.db.get<KeyPairRecord>(DB_PATHS.keyPair);
  if (provider === undefined) throw new EarStepError(`key provider ${target.keyProviderID} no longer exists`);
  if (keyPair === undefined) throw new EarStepError('the cluster has no TLS client key pair');
  const servers = provider.keyServerIDs.flatMap((id) => {
    const s = parts.db.get<KeyServerRecord>(keyServerPath(id));
    return s === undefined ? [] : [s];
  });
  // The server that created the AK vouched for the certificate; any of them carries the same key pair's.
  const issuer = servers.find((s) => s.keyServerID === target.keyServerID) ?? servers[0];
  if (issuer === undefined) throw new EarStepError(`key provider ${target.keyProviderID} has no key servers`);
  return {
    servers: servers.map((s) => ({ keyServerID: s.keyServerID, hostnames: [...s.kmipKeyServerHostnames], port: s.kmipKeyServerPort, caCertificate: s.kmipCaCertificate })),
    clientCertificate: issuer.kmipClientCertificate,
    privateKeyPem: keyPair.privateKeyPem,
  };
}

export function externalRecord(parts: EarParts, target: ExternalTarget, source: ExternalKeySource, node: NodeRecord, akCheck: string | null): ExternalGenerationRecord {
  const pem = utf8Encode(source.privateKeyPem);
  try {
    return {
      mode: 'external',
      generation: target.generation,
      keyProviderID: target.keyProviderID,
      keyID: target.keyID,
      kmipUniqueIdentifier: target.kmipUniqueIdentifier,
      servers: source.servers,
      clientCertificate: source.clientCertificate,
      clientKey: seal(pem, { id: `node-${node.nodeID}`, publicKey: node.publicKey }, `client-key/${target.generation}`, parts.rng),
      akCheck,
    };
  } finally {
    pem.fill(0);
  }
}
