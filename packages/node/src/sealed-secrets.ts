/**
 * The two secrets that reach a node sealed (wire's sealed boxes): a Shamir share of an internal
 * AK (`share/<generation>`, plaintext the JSON of `encodeShare`) and the cluster's TLS client
 * private key for an external key server (`client-key/<generation>`, plaintext the PEM). The
 * plaintext bytes are wiped as soon as they are decoded.
 */
import { utf8Decode, utf8Encode, type Rng } from '@ekmsim/core';
import { decodeShare, encodeShare, wipe, type Share } from '@ekmsim/shamir';
import { open, seal, type BoxKeyPair, type SealedBox } from '@ekmsim/wire';

/** Who opens a box: a party id (`node-<id>`) and its key pair. */
export interface BoxIdentity {
  readonly id: string;
  readonly keyPair: BoxKeyPair;
}

export function nodePartyId(nodeID: number): string {
  return `node-${nodeID}`;
}

export function sharePurpose(generation: number): string {
  return `share/${generation}`;
}

export function clientKeyPurpose(generation: number): string {
  return `client-key/${generation}`;
}

export function sealShare(share: Share, to: { readonly nodeID: number; readonly publicKey: string }, generation: number, rng: Rng): SealedBox {
  const plaintext = utf8Encode(JSON.stringify(encodeShare(share)));
  try {
    return seal(plaintext, { id: nodePartyId(to.nodeID), publicKey: to.publicKey }, sharePurpose(generation), rng);
  } finally {
    wipe(plaintext);
  }
}

/** Throws WireError (WIRE_UNSEAL) if the box is not ours or was altered, ShamirError if it holds no share. */
export function openShare(box: SealedBox, me: BoxIdentity, generation: number): Share {
  const plaintext = open(box, me, sharePurpose(generation));
  try {
    return decodeShare(parseJson(plaintext));
  } finally {
    wipe(plaintext);
  }
}

export function openClientKey(box: SealedBox, me: BoxIdentity, generation: number): string {
  const plaintext = open(box, me, clientKeyPurpose(generation));
  try {
    return utf8Decode(plaintext);
  } finally {
    wipe(plaintext);
  }
}

/** JSON of a plaintext; not JSON reads as a value decodeShare refuses (no text of it in any message). */
function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8Decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}
