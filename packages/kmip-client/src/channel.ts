/**
 * The connection to a clustered KMIP server known by several host names. One connection at a
 * time; on connect it tries the names in order starting with the last one that worked (sticky),
 * moving on at every transport error. A request is retried on a fresh connection when it was
 * never written (the connection was already gone). Once written, the server may have executed
 * it, and resending a Create could make a second key; only a request the caller marks
 * `idempotent` (a read: Get, Query, DiscoverVersions, …) is sent again when its connection
 * closed before the answer came: a member of a clustered key server (HyTrust) stopped mid-request
 * is then a failover to the next member, not an error. A timeout is never retried here (it
 * already cost the caller its time budget).
 */
import type { Clock, Logger } from '@ekmsim/core';
import { KmipConnection } from './connection.js';
import { transportErrorFrom } from './error-mapping.js';
import { KmipTransportError } from './errors.js';
import type { Transport } from './transport.js';

export interface KmipServerAddress {
  readonly host: string;
  /** Default 5696 (IANA). */
  readonly port?: number;
}

export interface ChannelOptions {
  readonly servers: readonly KmipServerAddress[];
  readonly connect: (server: KmipServerAddress & { readonly port: number }) => Promise<Transport>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly requestTimeoutMs?: number;
  readonly maxInFlight?: number;
  readonly maxResponseSize?: number;
}

export const KMIP_PORT = 5696;

export function serverLabel(server: KmipServerAddress): string {
  return `${server.host}:${server.port ?? KMIP_PORT}`;
}

export class Channel {
  readonly #options: ChannelOptions;
  #sticky = 0;
  #connection: KmipConnection | undefined;
  #connecting: Promise<KmipConnection> | undefined;
  #closed = false;

  constructor(options: ChannelOptions) {
    if (options.servers.length === 0) throw new RangeError('at least one KMIP server is needed');
    this.#options = options;
  }

  /** The server in use, or the one the next connection tries first. */
  get server(): KmipServerAddress {
    return this.#options.servers[this.#sticky]!;
  }

  /**
   * Sends an encoded request message; resolves with the response message's bytes and who sent
   * them. `idempotent`: the request may be sent again after its connection closed unanswered.
   */
  async exchange(bytes: Uint8Array, options: { readonly idempotent?: boolean } = {}): Promise<{ response: Uint8Array; server: string }> {
    // One try per server, and for a read one more round: the server that dropped it may be back.
    const attempts = this.#options.servers.length * (options.idempotent === true ? 2 : 1);
    for (let attempt = 1; ; attempt++) {
      const connection = await this.#open();
      try {
        return { response: await connection.request(bytes), server: connection.peer };
      } catch (e) {
        const error = transportErrorFrom(e, connection.peer);
        const resend = !error.requestSent || (options.idempotent === true && error.kind === 'closed');
        if (!resend || error.kind === 'timeout' || this.#closed || attempt >= attempts) throw error;
        if (error.requestSent) this.#advance();
        this.#options.logger.log('warn', error.requestSent ? 'KMIP connection closed before the answer; sending the read again' : 'KMIP connection lost before the request was sent; reconnecting', {
          server: connection.peer,
          kind: error.kind,
        });
      }
    }
  }

  /** The next connection starts with the next server (the one in use just dropped a request). */
  #advance(): void {
    this.#sticky = (this.#sticky + 1) % this.#options.servers.length;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const connection = this.#connection ?? (await this.#connecting?.catch(() => undefined));
    await connection?.close();
  }

  #open(): Promise<KmipConnection> {
    if (this.#closed) return Promise.reject(new KmipTransportError('closed', 'the KMIP client is closed'));
    if (this.#connection?.isOpen === true) return Promise.resolve(this.#connection);
    this.#connection = undefined;
    this.#connecting ??= this.#connectInOrder().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  async #connectInOrder(): Promise<KmipConnection> {
    const { servers, logger } = this.#options;
    const failures: KmipTransportError[] = [];
    for (let k = 0; k < servers.length; k++) {
      const index = (this.#sticky + k) % servers.length;
      const server = servers[index]!;
      const label = serverLabel(server);
      try {
        const transport = await this.#options.connect({ ...server, port: server.port ?? KMIP_PORT });
        const connection = new KmipConnection(transport, this.#options);
        if (this.#closed) {
          await connection.close();
          throw new KmipTransportError('closed', 'the KMIP client is closed');
        }
        this.#sticky = index;
        this.#connection = connection;
        logger.log('info', 'KMIP connection established', { server: label });
        return connection;
      } catch (e) {
        const error = transportErrorFrom(e, label);
        if (this.#closed) throw error;
        failures.push(error);
        logger.log('warn', 'KMIP server unreachable', { server: label, kind: error.kind, alert: error.alert, error: error.message });
      }
    }
    if (failures.length === 1) throw failures[0]!;
    const last = failures[failures.length - 1]!;
    const summary = failures.map((f) => f.message).join('; ');
    throw new KmipTransportError(last.kind, `no KMIP server reachable: ${summary}`, { alert: last.alert, alertFrom: last.alertFrom, cause: last, attempts: failures });
  }
}
