/**
 * Starting a key server: TLS 1.2 listeners (client certificates required and judged on the
 * injected Clock during the handshake, see handshake-inspector.ts) in front of the KMIP protocol
 * handler and the durable store, with the behaviour of the chosen vendor (src/vendors) and an
 * admin surface.
 */
import { silentLogger, type Clock, type Logger, type Rng } from '@ekmsim/core';
import { certificateMatchesKey, type CertAndKey } from '@ekmsim/pki';
import type { TtlvLimits } from '@ekmsim/ttlv';
import { constants, type X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { KeyServerAdmin } from '../admin/admin-api.js';
import { buildAdmin } from '../admin/build-admin.js';
import { KeyServerError } from '../errors.js';
import { PERSONALITIES } from '../vendors/all.js';
import { isVendorName, VENDOR_NAMES, type VendorName } from '../vendors/names.js';
import type { Personality } from '../vendors/personality.js';
import type { MemberAddress } from './member.js';
import { parseCertificates } from './peer-identity.js';
import { KeyServerRuntime } from './runtime.js';

export interface KeyServerTls {
  /** The server's certificate (chain), PEM. */
  readonly certPem: string;
  readonly keyPem: string;
  /** The CA certificate(s) client certificates must chain to, PEM. */
  readonly caPem: string;
  /**
   * The private key of one CA certificate in `caPem`, PEM: a vendor that issues client
   * certificates itself (HyTrust KeyControl) signs with it and must have it.
   */
  readonly caKeyPem?: string;
}

export interface KeyServerOptions {
  readonly host: string;
  /** 0 picks a free port (kept across stop/start and service restarts). */
  readonly port: number;
  readonly tls: KeyServerTls;
  /** Where the store lives (created if missing); the same directory restores every object and admin setting. */
  readonly dataDir: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger?: Logger;
  /** Message size (default 1 MiB) and nesting depth (default 32) limits on requests. */
  readonly limits?: Partial<TtlvLimits>;
  /** The vendor personality (default `generic`). */
  readonly vendor?: VendorName;
  /**
   * HyTrust only: the other members of the KeyControl cluster, each a listener of its own that
   * serves the same store; `host:port` is member 0.
   */
  readonly additionalMembers?: readonly MemberAddress[];
}

export interface KeyServer {
  /** Member 0's address. */
  readonly host: string;
  readonly port: number;
  readonly vendor: VendorName;
  /** Every member's address, member 0 first (ports as bound). */
  readonly members: readonly MemberAddress[];
  readonly admin: KeyServerAdmin;
  /** Stops every listener, drops every connection and closes the store. */
  close(): Promise<void>;
}

const DEFAULT_LIMITS: TtlvLimits = { maxMessageSize: 1_048_576, maxDepth: 32 };

function choosePersonality(options: KeyServerOptions): Personality {
  const name: unknown = options.vendor ?? 'generic';
  if (!isVendorName(name)) throw new KeyServerError('OPTIONS', `unknown vendor ${JSON.stringify(name)} (one of ${VENDOR_NAMES.join(', ')})`);
  const personality = PERSONALITIES[name];
  if ((options.additionalMembers ?? []).length > 0 && !personality.multiMember) {
    throw new KeyServerError('OPTIONS', `a ${name} key server has one member; only hytrust runs several`);
  }
  return personality;
}

/** The CA certificate in `caPem` whose key is `caKeyPem`, for a vendor that signs client certificates. */
function issuingCa(personality: Personality, anchors: readonly X509Certificate[], tls: KeyServerTls): CertAndKey | undefined {
  if (!personality.issuesClientCertificates) return undefined;
  const keyPem = tls.caKeyPem;
  if (keyPem === undefined) throw new KeyServerError('TLS_CONFIG', `a ${personality.name} key server is its own CA: give tls.caKeyPem, the key of its CA certificate`);
  const certPem = guard('TLS_CONFIG', 'the CA key cannot be read', () => anchors.map((a) => a.toString()).find((pem) => certificateMatchesKey(pem, keyPem)));
  if (certPem === undefined) throw new KeyServerError('TLS_CONFIG', 'tls.caKeyPem is the key of none of the CA certificates in tls.caPem');
  return { certPem, keyPem };
}

function secureContextFor(tls: KeyServerTls): SecureContext {
  return guard('TLS_CONFIG', 'the TLS certificate or key cannot be used', () =>
    createSecureContext({
      cert: tls.certPem,
      key: tls.keyPem,
      ca: tls.caPem,
      // TLS 1.2 only: KMIP's profiles authenticate with TLS 1.2, and in 1.2 the client's
      // Certificate message is plaintext, where the handshake inspector judges it and answers
      // a refusal with a TLS alert, as an OpenSSL-based key server does.
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      // Every connection is a full handshake that presents its certificate to the inspector:
      // no ticket resumption (which skips the Certificate message) and no renegotiation (which
      // is encrypted, past the inspector).
      secureOptions: constants.SSL_OP_NO_TICKET | constants.SSL_OP_NO_RENEGOTIATION,
    }),
  );
}

export async function startKeyServer(options: KeyServerOptions): Promise<KeyServer> {
  const logger = options.logger ?? silentLogger;
  const personality = choosePersonality(options);
  const anchors = guard('TLS_CONFIG', 'the CA certificate cannot be read', () => parseCertificates(options.tls.caPem));
  if (anchors.length === 0) throw new KeyServerError('TLS_CONFIG', 'no CA certificate given for client certificates');
  const ca = issuingCa(personality, anchors, options.tls);
  const secureContext = secureContextFor(options.tls);
  const runtime = guard(
    'STORE',
    `the store in ${options.dataDir} cannot be opened`,
    () =>
      new KeyServerRuntime({
        personality,
        addresses: [{ host: options.host, port: options.port }, ...(options.additionalMembers ?? [])],
        secureContext,
        anchors,
        issuingCa: ca,
        dataDir: options.dataDir,
        clock: options.clock,
        rng: options.rng,
        logger,
        limits: { ...DEFAULT_LIMITS, ...options.limits },
      }),
  );
  for (const m of runtime.members) {
    try {
      await m.start();
    } catch (e) {
      await runtime.close();
      throw new KeyServerError('LISTEN', `cannot listen on ${m.label}: ${String(e)}`, { cause: e });
    }
  }
  logger.log('info', 'key server started', { vendor: personality.name, members: runtime.members.length, objects: runtime.store.objects.size });
  const first = runtime.members[0]!;
  return {
    host: first.host,
    port: first.port,
    vendor: personality.name,
    members: runtime.members.map((m) => ({ host: m.host, port: m.port })),
    admin: buildAdmin(runtime),
    close: () => runtime.close(),
  };
}

function guard<T>(code: 'STORE' | 'TLS_CONFIG', message: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof KeyServerError) throw e;
    throw new KeyServerError(code, `${message}: ${String(e)}`, { cause: e });
  }
}
