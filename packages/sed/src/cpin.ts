import type { Rng } from '@ekmsim/core';
import { b64, type CpinRecord } from './drive-record.js';
import { deriveKek, open, seal, wipe } from './key-wrap.js';
import { SedStatusError } from './status.js';
import type { Authority, AuthorityStatus, Pin } from './types.js';

/** What a C_PIN row needs to derive keys: the drive's 20-byte serial (part of every salt) and its Rng. */
export interface KeyContext {
  readonly serial: Uint8Array;
  readonly rng: Rng;
}

/**
 * A C_PIN row: the authority's credential, kept as a salt and a seal (never the PIN), with its
 * TryLimit/Tries/Persistence columns. Each failed authentication increments Tries; once Tries
 * reaches a non-zero TryLimit every attempt, even with the right PIN, is AUTHORITY_LOCKED_OUT
 * until a power cycle resets Tries (Persistence false) — counters are per authority.
 */
export class CpinRow {
  private constructor(
    readonly authority: Authority,
    private salt: Uint8Array,
    private sealed: Uint8Array,
    readonly tryLimit: number,
    readonly persistence: boolean,
    public tries: number,
  ) {}

  /** A row whose PIN is `pin`, sealing `payload` (the Locking SP key, or nothing). */
  static create(ctx: KeyContext, authority: Authority, pin: Pin, payload: Uint8Array, tryLimit: number, persistence = false): CpinRow {
    const row = new CpinRow(authority, new Uint8Array(0), new Uint8Array(0), tryLimit, persistence, 0);
    row.setPin(ctx, pin, payload);
    return row;
  }

  /** The row as it powers on: Tries restarts at 0 unless Persistence is set. */
  static fromRecord(authority: Authority, r: CpinRecord): CpinRow {
    return new CpinRow(authority, b64.decode(r.salt), b64.decode(r.sealed), r.tryLimit, r.persistence, r.persistence ? r.tries : 0);
  }

  get lockedOut(): boolean {
    return this.tryLimit > 0 && this.tries >= this.tryLimit;
  }

  /** Replaces the PIN (fresh salt, fresh seal). */
  setPin(ctx: KeyContext, pin: Pin, payload: Uint8Array): void {
    this.salt = ctx.rng.bytes(16);
    const kek = this.kek(ctx, pin);
    this.sealed = seal(kek, payload, this.aad, ctx.rng);
    wipe(kek);
  }

  /** Whether `pin` opens the row, without counting a try (the drive's own check, e.g. SID == MSID). */
  matches(ctx: KeyContext, pin: Pin): boolean {
    const payload = this.unseal(ctx, pin);
    wipe(payload);
    return payload !== undefined;
  }

  /**
   * Authenticates `pin`: the sealed payload on success (Tries back to 0), NOT_AUTHORIZED on a wrong
   * PIN (Tries + 1), AUTHORITY_LOCKED_OUT without looking at the PIN once Tries reached TryLimit.
   */
  authenticate(ctx: KeyContext, pin: Pin): Uint8Array {
    if (this.lockedOut) {
      throw new SedStatusError('AUTHORITY_LOCKED_OUT', `${this.authority} is locked out after ${this.tries} failed attempts`);
    }
    const payload = this.unseal(ctx, pin);
    if (payload === undefined) {
      this.tries++;
      const left = this.tryLimit === 0 ? 'no limit' : `${Math.max(0, this.tryLimit - this.tries)} left`;
      throw new SedStatusError('NOT_AUTHORIZED', `authentication as ${this.authority} failed (tries ${this.tries}, ${left})`);
    }
    this.tries = 0;
    return payload;
  }

  toRecord(): CpinRecord {
    return {
      salt: b64.encode(this.salt),
      sealed: b64.encode(this.sealed),
      tryLimit: this.tryLimit,
      persistence: this.persistence,
      tries: this.persistence ? this.tries : 0,
    };
  }

  status(): AuthorityStatus {
    return { tries: this.tries, tryLimit: this.tryLimit, persistence: this.persistence, lockedOut: this.lockedOut };
  }

  private get aad(): string {
    return `C_PIN ${this.authority}`;
  }

  private kek(ctx: KeyContext, pin: Pin): Uint8Array {
    return deriveKek(pin, ctx.serial, this.salt, `C_PIN ${this.authority}`);
  }

  private unseal(ctx: KeyContext, pin: Pin): Uint8Array | undefined {
    const kek = this.kek(ctx, pin);
    try {
      return open(kek, this.sealed, this.aad);
    } finally {
      wipe(kek);
    }
  }
}
