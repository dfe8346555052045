/**
 * Who may talk to the key server, judged in the order a connection meets the checks: the
 * source allow-list on the TCP connection (TR-4843 §1.1); the administrator's revocations as soon
 * as the client's certificate arrives in the handshake (refused with the alert certificate
 * revoked) and again once TLS and the CA chain passed; then the vendor's own admission rule. The
 * same judgement runs again over live connections whenever the administrator changes trust.
 */
import type { Personality, VendorEnv } from '../vendors/personality.js';
import { SourceMatcher } from '../admin/source-allow-list.js';
import type { PeerCertificate } from './peer-identity.js';

export class Gatekeeper {
  readonly #personality: Personality;
  readonly #env: VendorEnv;
  #sources = new SourceMatcher(null);

  constructor(personality: Personality, env: VendorEnv) {
    this.#personality = personality;
    this.#env = env;
  }

  /** Whether the allow-list lets `remoteAddress` in. */
  allowsSource(remoteAddress: string | undefined): boolean {
    const list = this.#env.admin().settings.sourceAllowList;
    if (!this.#sources.builtFrom(list)) this.#sources = new SourceMatcher(list);
    return this.#sources.allows(remoteAddress);
  }

  /** Why this certificate is revoked (by fingerprint, or by CN if it has one), or undefined. */
  revocation(peer: Pick<PeerCertificate, 'fingerprint'> & { readonly commonName: string | undefined }): string | undefined {
    const admin = this.#env.admin();
    if (admin.revocation('fingerprint', peer.fingerprint) !== undefined) return `the client certificate ${peer.fingerprint} is revoked`;
    if (peer.commonName !== undefined && admin.revocation('commonName', peer.commonName) !== undefined) {
      return `client certificates with CN ${JSON.stringify(peer.commonName)} are revoked`;
    }
    return undefined;
  }

  /** Why a client with this certificate is not kept, or undefined. */
  refusal(peer: PeerCertificate): string | undefined {
    return this.revocation(peer) ?? this.#personality.admit(peer, this.#env);
  }
}
