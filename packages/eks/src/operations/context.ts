/**
 * What an operation handler sees: the request's protocol version, the calling client, the time,
 * randomness, the vendor's operation profile, its batch item's transaction and the batch's ID
 * Placeholder. Handlers are synchronous; every failure is a thrown KmipResultError.
 */
import { uuidV4, type Rng } from '@ekmsim/core';
import { KmipResultError, type OperationSpec, type ProtocolVersion } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';
import type { StoredObject } from '../model/managed-object.js';
import type { ObjectTransaction } from '../store/transaction.js';
import type { OperationProfile } from './profile.js';

/** The ID Placeholder of one request message (KMIP 1.4 §3.1, used by batched operations). */
export interface IdPlaceholder {
  value: string | undefined;
}

export class OperationContext {
  /** Unique Identifier of the object the operation acted on, for the log. */
  subject: string | undefined;

  constructor(
    readonly version: ProtocolVersion,
    readonly client: string,
    /** clock.now() when the batch item started, in ms. */
    readonly now: number,
    readonly rng: Rng,
    readonly profile: OperationProfile,
    readonly tx: ObjectTransaction,
    readonly placeholder: IdPlaceholder,
  ) {}

  /** The given Unique Identifier, or the batch's ID Placeholder when the request left it out. */
  resolveUid(uid: string | undefined): string {
    const resolved = uid ?? this.placeholder.value;
    if (resolved === undefined) throw new KmipResultError('MissingData', 'no Unique Identifier given and no ID Placeholder set earlier in this batch');
    return resolved;
  }

  /** The caller's object `uid`; another client's object is reported exactly as a missing one. */
  owned(uid: string | undefined): StoredObject {
    const resolved = this.resolveUid(uid);
    this.subject = resolved;
    const obj = this.tx.get(resolved);
    if (obj === undefined || obj.owner !== this.client) throw new KmipResultError('ItemNotFound', `no object with Unique Identifier ${JSON.stringify(resolved)}`);
    return obj;
  }

  /** Records the object acted on: it becomes the ID Placeholder for the rest of the batch. */
  actedOn(uid: string): void {
    this.subject = uid;
    this.placeholder.value = uid;
  }

  /** A fresh Unique Identifier for an object of `objectType` (from a UUID of the injected Rng, as the vendor names them). */
  newUid(objectType: number): string {
    for (;;) {
      const uid = this.profile.uniqueIdentifier(objectType, uuidV4(this.rng));
      if (!this.tx.has(uid)) return uid;
    }
  }

  get nowSeconds(): bigint {
    return BigInt(Math.floor(this.now / 1000));
  }
}

/** An operation's server side: decode the payload in the request's version, act, encode the reply. */
export interface OperationHandler {
  readonly code: number;
  readonly name: string;
  run(payload: TtlvItem, ctx: OperationContext): TtlvItem;
}

export function defineHandler<Req, Res>(spec: OperationSpec<Req, Res>, handle: (request: Req, ctx: OperationContext) => Res): OperationHandler {
  return {
    code: spec.code,
    name: spec.name,
    run(payload, ctx) {
      const codec = { version: ctx.version };
      return spec.response.toItem(handle(spec.request.fromItem(payload, codec), ctx), codec);
    },
  };
}
