/**
 * A running key server: its store, its members (listeners), its vendor personality, and the
 * path every connection takes: allow-list (TCP); in the TLS handshake, the client's certificate
 * chain on the injected Clock and the revocations, refused with a TLS alert (certificate-verdict.ts);
 * once TLS is up, the same again (peer-identity.ts) and the vendor's admission (gatekeeper.ts);
 * then KMIP with the vendor's per-request refusal. Restarting the KMIP service closes the store and opens it
 * again from disk.
 */
import type { Clock, Logger, Rng } from '@ekmsim/core';
import type { CertAndKey } from '@ekmsim/pki';
import type { TtlvLimits } from '@ekmsim/ttlv';
import type { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import type { ServerServices, Session } from '../protocol/dispatcher.js';
import { KeyServerStore } from '../store/key-server-store.js';
import type { Personality, VendorEnv } from '../vendors/personality.js';
import { serveConnection } from './connection.js';
import { Gatekeeper } from './gatekeeper.js';
import { Member, type LiveConnection, type MemberAddress } from './member.js';
import { chainFault, readCertificates, type CertificateFault } from './certificate-verdict.js';
import { describeLeaf, verifyPeer } from './peer-identity.js';
import { TLS_ALERT } from './tls-alert.js';

export interface RuntimeOptions {
  readonly personality: Personality;
  readonly addresses: readonly MemberAddress[];
  readonly secureContext: SecureContext;
  /** The CAs client certificates must chain to. */
  readonly anchors: readonly X509Certificate[];
  readonly issuingCa: CertAndKey | undefined;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly limits: TtlvLimits;
}

export class KeyServerRuntime {
  readonly personality: Personality;
  readonly members: readonly Member[];
  readonly env: VendorEnv;
  readonly #options: RuntimeOptions;
  readonly #gatekeeper: Gatekeeper;
  #store: KeyServerStore;
  #services: ServerServices;
  #closing: Promise<void> | undefined;

  /** Opens the store (throws KeyServerError STORE); the members are not listening yet. */
  constructor(options: RuntimeOptions) {
    this.#options = options;
    this.personality = options.personality;
    this.#store = KeyServerStore.open(options.dataDir);
    this.#services = this.#makeServices();
    this.env = {
      admin: () => this.#store.admin,
      clock: options.clock,
      rng: options.rng,
      logger: options.logger,
      issuingCa: options.issuingCa,
      trustChanged: () => this.#dropRefused(),
    };
    this.#gatekeeper = new Gatekeeper(options.personality, this.env);
    const hooks = {
      secureContext: options.secureContext,
      clock: options.clock,
      accepts: (raw: Socket, member: Member) => this.#acceptsSource(raw, member),
      judge: (chain: readonly Uint8Array[], raw: Socket, member: Member) => this.#judgeCertificate(chain, raw, member),
      secured: (socket: TLSSocket, raw: Socket, member: Member) => this.#secured(socket, raw, member),
    };
    this.members = options.addresses.map((a, i) => new Member(i, a, hooks, options.logger));
  }

  get store(): KeyServerStore {
    return this.#store;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Drops every connection, closes the store and opens it again from disk; listeners that were
   * up come back. Throws KeyServerError STORE if the store cannot be reopened, or the first
   * member's socket error if a listener cannot (the others are started anyway).
   */
  async restartService(): Promise<void> {
    const wereListening = this.members.filter((m) => m.listening);
    await Promise.all(this.members.map((m) => m.stop()));
    this.#store.close();
    this.#store = KeyServerStore.open(this.#options.dataDir);
    this.#services = this.#makeServices();
    const failures = (await Promise.allSettled(wereListening.map((m) => m.start()))).filter((r) => r.status === 'rejected');
    this.#options.logger.log('info', 'KMIP service restarted', { objects: this.#store.objects.size, failedListeners: failures.length });
    if (failures[0] !== undefined) throw failures[0].reason;
  }

  /** Stops every member and closes the store (once; later calls wait for the first). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all(this.members.map((m) => m.stop()));
      this.#store.close();
      this.#options.logger.log('info', 'key server stopped');
    })();
    return this.#closing;
  }

  #makeServices(): ServerServices {
    const { clock, rng, logger, personality } = this.#options;
    return { store: this.#store.objects, clock, rng, logger, profile: personality.profile };
  }

  #acceptsSource(socket: Socket, member: Member): boolean {
    if (this.#gatekeeper.allowsSource(socket.remoteAddress)) return true;
    this.#options.logger.log('warn', 'connection refused: the source is not in the allow-list', { remote: `${socket.remoteAddress}:${socket.remotePort}`, member: member.index });
    return false;
  }

  /** In the handshake: the chain, then the revocations, each fault with the alert OpenSSL would send. */
  #judgeCertificate(chain: readonly Uint8Array[], raw: Socket, member: Member): CertificateFault | undefined {
    const { logger, clock, anchors } = this.#options;
    const remote = `${raw.remoteAddress}:${raw.remotePort}`;
    try {
      const certificates = readCertificates(chain);
      if (certificates === undefined) return undefined; // not X.509: OpenSSL refuses it in the handshake itself
      const leaf = certificates[0] === undefined ? undefined : describeLeaf(certificates[0]);
      const revoked = leaf === undefined ? undefined : this.#gatekeeper.revocation(leaf);
      const fault = chainFault(certificates, anchors, clock.now()) ?? (revoked === undefined ? undefined : { alert: 'certificate revoked', reason: revoked });
      if (fault !== undefined) {
        logger.log('warn', `client refused: ${fault.reason}`, { client: leaf?.commonName, remote, alert: `${fault.alert} (${TLS_ALERT[fault.alert]})`, member: member.index });
      }
      return fault;
    } catch (e) {
      // Left to the checks after the handshake, which close the connection if they fail too.
      logger.log('error', `client certificate check failed: ${String(e)}`, { remote, member: member.index });
      return undefined;
    }
  }

  #secured(socket: TLSSocket, raw: Socket, member: Member): void {
    const { logger, clock } = this.#options;
    const remote = `${raw.remoteAddress}:${raw.remotePort}`;
    try {
      const verdict = verifyPeer(socket, this.#options.anchors, clock.now());
      if (!verdict.ok) {
        logger.log('warn', `client refused: ${verdict.reason}`, { remote, member: member.index });
        socket.destroy();
        return;
      }
      const peer = verdict.certificate;
      const refused = this.#gatekeeper.refusal(peer);
      if (refused !== undefined) {
        logger.log('warn', `client refused: ${refused}`, { client: verdict.client, remote, member: member.index });
        socket.destroy();
        return;
      }
      logger.log('info', 'client connected', { client: verdict.client, remote, tls: socket.getProtocol() ?? undefined, member: member.index });
      const live: LiveConnection = { socket, peer, remoteAddress: raw.remoteAddress };
      member.live.add(live);
      socket.on('close', () => member.live.delete(live));
      const session: Session = { client: verdict.client, remote, member: member.index, refusal: () => this.personality.refusal(peer, this.env) };
      serveConnection({ socket, session, remote, services: this.#services, limits: this.#options.limits });
    } catch (e) {
      logger.log('error', `connection setup failed: ${String(e)}`, { remote, member: member.index });
      socket.destroy();
    }
  }

  /** After a change of trust: every live connection judged again; the refused ones drop. */
  #dropRefused(): void {
    for (const member of this.members) {
      for (const live of [...member.live]) {
        const why = this.#gatekeeper.allowsSource(live.remoteAddress) ? this.#gatekeeper.refusal(live.peer) : 'the source is not in the allow-list';
        if (why === undefined) continue;
        this.#options.logger.log('warn', `connection dropped: ${why}`, { client: live.peer.commonName, member: member.index });
        member.live.delete(live);
        live.socket.destroy();
      }
    }
  }
}
