/**
 * What the key server's administrator has set, kept in the same durable SQLite file as the
 * objects (schema 2) so it survives a restart and a kill -9: the settings (local users, hosts,
 * licence, source allow-list), the client certificates the server knows one by one (SKLM's
 * pending and trusted ones, Vormetric's imported ones) and the revocations. Like the object
 * store, every write commits first and only then changes what the server sees.
 */
import type Database from 'better-sqlite3';
import { X509Certificate } from 'node:crypto';
import { KeyServerError } from '../errors.js';

export interface AdminSettings {
  /** KeySecure's local users (Security > Local Authentication > Local Users & Groups). */
  readonly localUsers: readonly string[];
  /** KeySecure: a client is served only if a local user is named like its certificate's OU. */
  readonly userForOuRequired: boolean;
  /** KeySecure for Government: licensed for KMIP. */
  readonly kmipLicensed: boolean;
  /** Vormetric DSM: the registered host names. */
  readonly hosts: readonly string[];
  /** Remote addresses and CIDR blocks allowed to connect; null lets every source in. */
  readonly sourceAllowList: readonly string[] | null;
}

export const DEFAULT_SETTINGS: AdminSettings = {
  localUsers: [],
  userForOuRequired: true,
  kmipLicensed: false,
  hosts: [],
  sourceAllowList: null,
};

const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
const SETTING_SHAPES: { readonly [K in keyof AdminSettings]: (v: unknown) => boolean } = {
  localUsers: isStringList,
  userForOuRequired: (v) => typeof v === 'boolean',
  kmipLicensed: (v) => typeof v === 'boolean',
  hosts: isStringList,
  sourceAllowList: (v) => v === null || isStringList(v),
};

/** pending: seen, not trusted (SKLM); trusted: accepted (SKLM); imported: for a host (Vormetric). */
export type CertificateStatus = 'pending' | 'trusted' | 'imported';

export interface KnownCertificate {
  /** SHA-256 of the DER, `AB:CD:…`. */
  readonly fingerprint: string;
  readonly commonName: string;
  readonly der: Uint8Array;
  readonly status: CertificateStatus;
  /** The Vormetric host it was imported for. */
  readonly host: string | null;
  /** When it reached this status, ms on the server's Clock. */
  readonly since: number;
}

export type RevocationSelector = 'fingerprint' | 'commonName';

export interface Revocation {
  readonly by: RevocationSelector;
  readonly value: string;
  /** ms on the server's Clock. */
  readonly revokedAt: number;
}

interface CertificateRow {
  fingerprint: string;
  common_name: string;
  der: Buffer;
  status: string;
  host: string | null;
  since: number;
}

interface RevocationRow {
  selector: string;
  value: string;
  revoked_at: number;
}

function corrupt(what: string): KeyServerError {
  return new KeyServerError('STORE', `the key server store holds a malformed ${what}`);
}

export class AdminState {
  readonly #db: Database.Database;
  #settings: AdminSettings;
  readonly #certificates = new Map<string, KnownCertificate>();
  readonly #revocations = new Map<string, Revocation>();

  private constructor(db: Database.Database) {
    this.#db = db;
    const loaded: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const row of db.prepare('SELECT name, value FROM admin_settings').all() as { name: string; value: string }[]) {
      const shape = SETTING_SHAPES[row.name as keyof AdminSettings] as ((v: unknown) => boolean) | undefined;
      if (shape === undefined) continue; // a setting of a later version, ignored
      let value: unknown;
      try {
        value = JSON.parse(row.value);
      } catch (e) {
        throw new KeyServerError('STORE', `the key server store holds an unreadable setting ${row.name}`, { cause: e });
      }
      if (!shape(value)) throw corrupt(`setting ${row.name}`);
      loaded[row.name] = frozen(value);
    }
    this.#settings = Object.freeze(loaded as unknown as AdminSettings);
    for (const row of db.prepare('SELECT fingerprint, common_name, der, status, host, since FROM client_certificates').all() as CertificateRow[]) {
      if (row.status !== 'pending' && row.status !== 'trusted' && row.status !== 'imported') throw corrupt('client certificate');
      this.#certificates.set(row.fingerprint, {
        fingerprint: row.fingerprint,
        commonName: row.common_name,
        der: new Uint8Array(row.der),
        status: row.status,
        host: row.host,
        since: row.since,
      });
    }
    for (const row of db.prepare('SELECT selector, value, revoked_at FROM revocations ORDER BY revoked_at').all() as RevocationRow[]) {
      if (row.selector !== 'fingerprint' && row.selector !== 'commonName') throw corrupt('revocation');
      this.#revocations.set(revocationKey(row.selector, row.value), { by: row.selector, value: row.value, revokedAt: row.revoked_at });
    }
  }

  /** Loads the administrator's state of an open key server database (which the caller closes). */
  static load(db: Database.Database): AdminState {
    return new AdminState(db);
  }

  get settings(): AdminSettings {
    return this.#settings;
  }

  update<K extends keyof AdminSettings>(name: K, value: AdminSettings[K]): void {
    this.#db.prepare('INSERT INTO admin_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, JSON.stringify(value));
    this.#settings = Object.freeze({ ...this.#settings, [name]: frozen(value) });
  }

  certificate(fingerprint: string): KnownCertificate | undefined {
    return this.#certificates.get(fingerprint);
  }

  certificates(): KnownCertificate[] {
    return [...this.#certificates.values()];
  }

  /** Writes `put` (if any) and removes `removals` in one transaction. */
  changeCertificates(put: KnownCertificate | undefined, removals: readonly string[] = []): void {
    this.#db.transaction(() => {
      for (const fp of removals) this.#db.prepare('DELETE FROM client_certificates WHERE fingerprint = ?').run(fp);
      if (put !== undefined) {
        this.#db
          .prepare(
            `INSERT INTO client_certificates (fingerprint, common_name, der, status, host, since) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, host = excluded.host, since = excluded.since`,
          )
          .run(put.fingerprint, put.commonName, Buffer.from(put.der), put.status, put.host, put.since);
      }
    })();
    for (const fp of removals) this.#certificates.delete(fp);
    if (put !== undefined) this.#certificates.set(put.fingerprint, put);
  }

  revocations(): Revocation[] {
    return [...this.#revocations.values()];
  }

  revocation(by: RevocationSelector, value: string): Revocation | undefined {
    return this.#revocations.get(revocationKey(by, value));
  }

  addRevocation(r: Revocation): void {
    this.#db.prepare('INSERT INTO revocations (selector, value, revoked_at) VALUES (?, ?, ?)').run(r.by, r.value, r.revokedAt);
    this.#revocations.set(revocationKey(r.by, r.value), r);
  }

  removeRevocation(by: RevocationSelector, value: string): void {
    this.#db.prepare('DELETE FROM revocations WHERE selector = ? AND value = ?').run(by, value);
    this.#revocations.delete(revocationKey(by, value));
  }
}

/** Settings are shared with callers (admin results): lists are frozen so no caller can change them. */
function frozen<T>(value: T): T {
  return Array.isArray(value) ? (Object.freeze([...value]) as T) : value;
}

function revocationKey(by: RevocationSelector, value: string): string {
  return `${by}:${value}`;
}

/** A certificate's PEM text (public; for listings). */
export function certificatePem(der: Uint8Array): string {
  return new X509Certificate(der).toString();
}
