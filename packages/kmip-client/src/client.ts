/**
 * A KMIP client for one clustered key server: typed operations over the failover channel.
 * Failed results throw KmipResultError; everything below KMIP throws KmipTransportError.
 */
import { silentLogger, type Clock, type Logger } from '@ekmsim/core';
import {
  Activate,
  AddAttribute,
  Check,
  Create,
  CreateKeyPair,
  DeleteAttribute,
  Destroy,
  DiscoverVersions,
  Enum,
  formatVersion,
  Get,
  GetAttributeList,
  GetAttributes,
  isSupportedVersion,
  Locate,
  ModifyAttribute,
  parseVersion,
  Query,
  readSymmetricKey,
  Register,
  Revoke,
  usesAttributesStructure,
  type Attribute,
  type OperationSpec,
  type ProtocolVersion,
  type RequestMessage,
  type ResponseMessage,
  type ResponseOf,
  type SymmetricKeyMaterial,
} from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';
import { Channel, type KmipServerAddress } from './channel.js';
import { tlsConnector, type Dialer, type KmipTlsCredentials } from './tls.js';
import { buildRequestMessage, decodeResponse, encodeRequest, protocolError, readResult, requestItem, type RawBatchItem } from './messages.js';
import type { Transport } from './transport.js';
import * as rq from './requests.js';

export interface KmipClientOptions {
  /** Host names (or addresses) of one clustered server, tried in order. */
  readonly servers: readonly KmipServerAddress[];
  /** Required unless `connect` replaces TLS. */
  readonly tls?: KmipTlsCredentials;
  /** Default '1.2'. */
  readonly version?: string | ProtocolVersion;
  readonly clock: Clock;
  readonly timeouts?: { readonly connectMs?: number; readonly requestMs?: number };
  /** Requests written ahead of their responses on the connection (default 1). */
  readonly maxInFlight?: number;
  /** Default 1 MiB. */
  readonly maxResponseSize?: number;
  readonly dialer?: Dialer;
  readonly localAddress?: string;
  readonly logger?: Logger;
  /** Replaces TLS entirely: opens a transport to `server` (in-memory tests, simulated runs). */
  readonly connect?: (server: KmipServerAddress & { readonly port: number }) => Promise<Transport>;
}

export interface GetResult {
  readonly objectType: number;
  readonly uniqueIdentifier: string;
  /** For a symmetric key in a format whose material reads as bytes (Raw, Opaque…). */
  readonly key?: SymmetricKeyMaterial;
  /** The managed object as TTLV. */
  readonly object: TtlvItem;
}

/**
 * Operations that only read: sent again after their connection closed unanswered (the channel's
 * failover to the next server), because executing one twice changes nothing on the server.
 */
const READ_OPERATIONS: ReadonlySet<string> = new Set(['DiscoverVersions', 'Query', 'Get', 'GetAttributes', 'GetAttributeList', 'Locate']);

export class KmipClient {
  readonly version: ProtocolVersion;
  readonly #clock: Clock;
  readonly #channel: Channel;

  constructor(options: KmipClientOptions) {
    const v = options.version ?? '1.2';
    this.version = typeof v === 'string' ? parseVersion(v) : v;
    if (!isSupportedVersion(this.version)) throw new RangeError(`unsupported KMIP version ${formatVersion(this.version)}`);
    this.#clock = options.clock;
    const timeouts = options.timeouts ?? {};
    const connect = options.connect ?? tlsConnector(options.tls, { ...options, connectTimeoutMs: timeouts.connectMs ?? 10_000 });
    this.#channel = new Channel({
      servers: options.servers,
      connect,
      clock: options.clock,
      logger: options.logger ?? silentLogger,
      ...(timeouts.requestMs === undefined ? {} : { requestTimeoutMs: timeouts.requestMs }),
      ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
      ...(options.maxResponseSize === undefined ? {} : { maxResponseSize: options.maxResponseSize }),
    });
  }

  /** The server in use (or tried first next time): the last one that answered. */
  get server(): KmipServerAddress {
    return this.#channel.server;
  }

  /** Sends a request message exactly as given (never twice); returns the decoded response, failed items included. */
  async send(message: RequestMessage): Promise<ResponseMessage> {
    return (await this.#send(message)).response;
  }

  async #send(message: RequestMessage, idempotent = false): Promise<{ response: ResponseMessage; server: string }> {
    const { response, server } = await this.#channel.exchange(encodeRequest(message), { idempotent });
    return { response: decodeResponse(response, server), server };
  }

  /** Sends the items in one message (with Unique Batch Item IDs when more than one). */
  batch(items: readonly RawBatchItem[]): Promise<ResponseMessage> {
    return this.send(buildRequestMessage(this.version, this.#clock, items));
  }

  /** One typed operation: its response payload, or its KmipResultError. */
  async call<Q, S>(op: OperationSpec<Q, S>, request: Q): Promise<S> {
    const message = buildRequestMessage(this.version, this.#clock, [requestItem(op, request, this.version)]);
    const { response, server } = await this.#send(message, READ_OPERATIONS.has(op.name));
    if (response.batchItems.length !== 1) throw protocolError(server, `${op.name}: ${response.batchItems.length} batch items in the response`);
    return readResult(op, response.batchItems[0]!, response.header.protocolVersion, server);
  }

  async discoverVersions(versions?: readonly (ProtocolVersion | string)[]): Promise<ProtocolVersion[]> {
    const protocolVersions = versions?.map((v) => (typeof v === 'string' ? parseVersion(v) : v));
    const res = await this.call(DiscoverVersions, protocolVersions === undefined ? {} : { protocolVersions });
    return res.protocolVersions ?? [];
  }

  /** Default: Query Operations and Query Objects. */
  query(functions: readonly (rq.QueryFunctionName | number)[] = ['QueryOperations', 'QueryObjects']): Promise<ResponseOf<typeof Query>> {
    return this.call(Query, { queryFunctions: functions.map((f) => rq.enumValue(Enum.QueryFunction, f, 'query function')) });
  }

  /** A symmetric key (AES-256, Encrypt|Decrypt unless told otherwise); resolves with its Unique Identifier. */
  async create(options: rq.CreateOptions = {}): Promise<string> {
    const res = await this.call(Create, { objectType: Enum.ObjectType.SymmetricKey, attributes: rq.createAttributes(options) });
    return res.uniqueIdentifier;
  }

  async createKeyPair(options: rq.CreateKeyPairOptions = {}): Promise<{ privateKeyUid: string; publicKeyUid: string }> {
    const res = await this.call(CreateKeyPair, rq.createKeyPairRequest(options));
    return { privateKeyUid: res.privateKeyUniqueIdentifier, publicKeyUid: res.publicKeyUniqueIdentifier };
  }

  async register(options: rq.RegisterOptions): Promise<string> {
    return (await this.call(Register, rq.registerRequest(options, this.version))).uniqueIdentifier;
  }

  async activate(uid: string): Promise<string> {
    return (await this.call(Activate, { uniqueIdentifier: uid })).uniqueIdentifier;
  }

  async get(uid: string, options: { keyFormatType?: number } = {}): Promise<GetResult> {
    const res = await this.call(Get, { uniqueIdentifier: uid, ...options });
    const result = { objectType: res.objectType, uniqueIdentifier: res.uniqueIdentifier, object: res.object };
    if (res.objectType !== Enum.ObjectType.SymmetricKey) return result;
    try {
      const { material, algorithm, length } = readSymmetricKey(res.object, this.version);
      return { ...result, key: { material, algorithm, length } };
    } catch {
      return result; // a wrapped or transparent key: the caller reads `object`
    }
  }

  async getAttributes(uid: string, names?: readonly string[]): Promise<Attribute[]> {
    const res = await this.call(GetAttributes, { uniqueIdentifier: uid, ...(names === undefined ? {} : { attributeNames: [...names] }) });
    return res.attributes ?? [];
  }

  async getAttributeList(uid: string): Promise<string[]> {
    return (await this.call(GetAttributeList, { uniqueIdentifier: uid })).attributeNames ?? [];
  }

  async addAttribute(uid: string, attribute: Attribute): Promise<void> {
    await this.call(AddAttribute, { uniqueIdentifier: uid, attribute });
  }

  /** `current` names the instance to replace (KMIP 2.0 only). */
  async modifyAttribute(uid: string, attribute: Attribute, current?: Attribute): Promise<void> {
    await this.call(ModifyAttribute, { uniqueIdentifier: uid, attribute, ...(current === undefined ? {} : { currentAttribute: current }) });
  }

  /** 1.x deletes by name and index; 2.0 by the current value when given, else by reference to the name. */
  async deleteAttribute(uid: string, name: string, options: { index?: number; current?: Attribute } = {}): Promise<void> {
    const request = usesAttributesStructure(this.version)
      ? options.current === undefined
        ? { attributeReferences: [name] }
        : { currentAttribute: options.current }
      : { attributeName: name, ...(options.index === undefined ? {} : { attributeIndex: options.index }) };
    await this.call(DeleteAttribute, { uniqueIdentifier: uid, ...request });
  }

  async locate(options: rq.LocateOptions = {}): Promise<string[]> {
    return (await this.call(Locate, rq.locateRequest(options))).uniqueIdentifiers ?? [];
  }

  /** For Key or CA Compromise the Compromise Occurrence Date is required: the clock's now unless given (POSIX seconds). */
  async revoke(uid: string, reason: rq.RevocationReasonName | number = 'Unspecified', message?: string, compromiseDate?: bigint): Promise<void> {
    const code = rq.enumValue(Enum.RevocationReasonCode, reason, 'revocation reason');
    const compromise = code === Enum.RevocationReasonCode.KeyCompromise || code === Enum.RevocationReasonCode.CaCompromise;
    const date = compromiseDate ?? (compromise ? BigInt(Math.floor(this.#clock.now() / 1000)) : undefined);
    await this.call(Revoke, {
      uniqueIdentifier: uid,
      revocationReason: { code, ...(message === undefined ? {} : { message }) },
      ...(date === undefined ? {} : { compromiseOccurrenceDate: date }),
    });
  }

  async destroy(uid: string): Promise<void> {
    await this.call(Destroy, { uniqueIdentifier: uid });
  }

  check(uid: string, options: { usageLimitsCount?: bigint; cryptographicUsageMask?: rq.UsageMask; leaseTime?: number } = {}): Promise<ResponseOf<typeof Check>> {
    const { cryptographicUsageMask: mask, ...rest } = options;
    return this.call(Check, { uniqueIdentifier: uid, ...rest, ...(mask === undefined ? {} : { cryptographicUsageMask: rq.usageMask(mask) }) });
  }

  /** Closes the connection; later calls fail with kind 'closed'. */
  close(): Promise<void> {
    return this.#channel.close();
  }
}
