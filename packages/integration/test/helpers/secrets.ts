/**
 * What the security checks look for, recovered the way an attacker holding enough of the
 * cluster would: the internal AK from two nodes' state files (each node's own sealed share and
 * its box key), the external AK from the key server with a certificate its CA issues for the
 * cluster's name. Every secret is searched for raw, in hex and in base64.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { secureRng, systemClock } from '@ekmsim/core';
import { KmipClient } from '@ekmsim/kmip-client';
import { issueClientCertificate } from '@ekmsim/pki';
import { combineAuthenticationKey, decodeKeyCheck, decodeShare, type Share } from '@ekmsim/shamir';
import { open, type BoxKeyPair, type SealedBox } from '@ekmsim/wire';

export interface Secret {
  readonly what: string;
  readonly bytes: Buffer;
}

/** Every JSON object inside `value` (depth first). */
function* objects(value: unknown): Generator<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return;
  if (!Array.isArray(value)) yield value as Record<string, unknown>;
  for (const v of Object.values(value)) yield* objects(v);
}

interface NodeSecrets {
  readonly shares: { generation: number; share: Share; shareBytes: Buffer; keyCheck: Record<string, unknown> }[];
}

/** Opens the node's own sealed shares with its own key, from its state file. */
export function nodeShares(clusterDir: string, nodeID: number): NodeSecrets {
  const state = JSON.parse(readFileSync(join(clusterDir, 'nodes', String(nodeID), 'node.json'), 'utf8')) as unknown;
  const keyPair = [...objects(state)].find((o) => typeof o.publicKey === 'string' && typeof o.privateKey === 'string') as BoxKeyPair | undefined;
  if (keyPair === undefined) throw new Error(`node ${nodeID}: no box key pair in node.json`);
  const shares: NodeSecrets['shares'] = [];
  for (const o of objects(state)) {
    if (o.mode !== 'internal' || typeof o.generation !== 'number' || typeof o.share !== 'object') continue;
    const plain = open(o.share as SealedBox, { id: `node-${nodeID}`, keyPair }, `share/${o.generation}`);
    const json = JSON.parse(Buffer.from(plain).toString('utf8')) as { data: string };
    shares.push({ generation: o.generation, share: decodeShare(json), shareBytes: Buffer.from(json.data, 'hex'), keyCheck: o.keyCheck as Record<string, unknown> });
  }
  return { shares };
}

/** The internal AK of `generation`, rebuilt from two nodes' state files, plus both shares' bytes. */
export function recoverInternalAk(clusterDir: string, nodeIDs: readonly [number, number], generation?: number): Secret[] {
  const found = nodeIDs.map((id) => nodeShares(clusterDir, id).shares);
  const g = generation ?? Math.max(...found[0]!.map((s) => s.generation));
  const picked = found.map((list, i) => {
    const s = list.find((x) => x.generation === g);
    if (s === undefined) throw new Error(`node ${nodeIDs[i]!} holds no share of generation ${g}`);
    return s;
  });
  const ak = Buffer.from(combineAuthenticationKey(picked.map((p) => p.share), decodeKeyCheck(picked[0]!.keyCheck)));
  return [{ what: `internal AK (generation ${g})`, bytes: ak }, ...picked.map((p, i) => ({ what: `node ${nodeIDs[i]!}'s share (generation ${g})`, bytes: p.shareBytes }))];
}

/** The forms a secret could leak in. */
export function encodings(secret: Secret): { form: string; text: Buffer }[] {
  return [
    { form: 'raw', text: secret.bytes },
    { form: 'hex', text: Buffer.from(secret.bytes.toString('hex')) },
    { form: 'HEX', text: Buffer.from(secret.bytes.toString('hex').toUpperCase()) },
    { form: 'base64', text: Buffer.from(secret.bytes.toString('base64').replace(/=+$/, '')) },
  ];
}

/** Where each secret occurs in `haystack`, as `what (form) in where` lines; empty when nowhere. */
export function leaks(secrets: readonly Secret[], haystack: Buffer, where: string): string[] {
  const out: string[] = [];
  for (const s of secrets) for (const e of encodings(s)) if (haystack.includes(e.text)) out.push(`${s.what} (${e.form}) in ${where}`);
  return out;
}

/** Every file under `dir`, with its path. */
export function* filesUnder(dir: string): Generator<{ path: string; bytes: Buffer }> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) yield* filesUnder(path);
    // Sparse media files are mostly holes; only their written extent is read.
    else if (st.isFile()) yield { path, bytes: readFileSync(path) };
  }
}

/** The external AK as the key server holds it, fetched with a certificate its CA issues for the cluster's name. */
export async function externalAk(dir: string, keyID: string): Promise<Secret> {
  const site = join(dir, 'keyservers', 'kms1');
  const ca = { certPem: readFileSync(join(site, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(site, 'ca.key'), 'utf8') };
  const clock = systemClock();
  const me = await issueClientCertificate({ ca, commonName: 'cluster1', clock, rng: secureRng() });
  const port = Number(readFileSync(join(site, 'port'), 'utf8'));
  const client = new KmipClient({ servers: [{ host: '127.0.0.1', port }], tls: { caPem: ca.certPem, certPem: me.certPem, keyPem: me.keyPem }, clock });
  try {
    const [uid] = await client.locate({ name: `x-SolidFire-KeyID-${keyID}` });
    const got = await client.get(uid!);
    return { what: 'external AK', bytes: Buffer.from(got.key!.material) };
  } finally {
    await client.close();
  }
}

/** The cluster's TLS private key, read out of the cluster database's files: its DER, and one PEM line as text. */
export function clusterPrivateKey(dir: string): Secret[] {
  for (const f of filesUnder(join(dir, 'master'))) {
    const text = f.bytes.toString('latin1');
    const at = text.indexOf('-----BEGIN PRIVATE KEY-----');
    if (at < 0) continue;
    const end = text.indexOf('-----END', at);
    const body = text.slice(at + '-----BEGIN PRIVATE KEY-----'.length, end).replace(/\\n|\s/g, '');
    return [
      { what: "the cluster's TLS private key (DER)", bytes: Buffer.from(body, 'base64') },
      { what: "the cluster's TLS private key (a PEM line)", bytes: Buffer.from(body.slice(64, 128)) },
    ];
  }
  throw new Error('no private key found in the cluster database');
}
