/**
 * Storage nodes small enough to check the master's side of the protocol with: each runs the node
 * end of the wire (`nodePeer`) over an in-memory channel pair, keeps its shares sealed (real
 * `seal`/`open`), makes real Shamir splits, rebuilds and verifies the AK from shares its peers
 * seal to it through the master, fetches external AKs over KMIP with the client key the master
 * sealed to it, and tracks each drive's key generation. No SED: a drive is its generation.
 * Test hooks: gates that hold a call until released, faults, and what each node was asked.
 */
import { createHmac } from 'node:crypto';
import { utf8Decode, utf8Encode, type Clock, type ClockReading, type Rng } from '@ekmsim/core';
import { KmipClient, type Dialer } from '@ekmsim/kmip-client';
import type { Master } from '@ekmsim/master';
import {
  combineAuthenticationKey,
  decodeKeyCheck,
  decodeShare,
  encodeKeyCheck,
  encodeShare,
  splitAuthenticationKey,
  verifyShare,
  wipe,
  type Share,
} from '@ekmsim/shamir';
import {
  generateBoxKeyPair,
  memoryChannelPair,
  nodePeer,
  NODE_ERROR_CODES,
  open,
  seal,
  type BoxKeyPair,
  type Channel,
  type GenerationRecord,
  type NodeDrive,
  type NodeSide,
  type NodeState,
  type SealedBox,
} from '@ekmsim/wire';

import { probeKeyServer } from './fake-probe.js';

export const AK_CHECK_LABEL = 'ekmsim ak-check v1';

/** A node's answer to a call it cannot serve: an error with a NODE_* code, as a real node sends. */
export class FakeNodeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface WireText {
  readonly nodeID: number;
  readonly direction: 'in' | 'out';
  readonly text: string;
}

/** A call held until the test releases it. */
export class Gate {
  #release!: () => void;
  readonly #opened = new Promise<void>((resolve) => (this.#release = resolve));
  reached = false;
  async pass(): Promise<void> {
    this.reached = true;
    await this.#opened;
  }
  release(): void {
    this.#release();
  }
}

export interface FakeNodeOptions {
  readonly nodeID: number;
  readonly drives?: number;
  readonly clock: Clock;
  readonly rng: Rng;
  /** Every text on the master's side of this node's link (the master's tap). */
  readonly wire?: WireText[];
}

export class FakeNode {
  readonly nodeID: number;
  readonly id: string;
  readonly boxKeys: BoxKeyPair = generateBoxKeyPair();
  readonly drives: NodeDrive[];
  readonly generations: Map<number, GenerationRecord> = new Map();
  /** Every record storeGeneration brought, as the master sent it. */
  readonly received: GenerationRecord[] = [];
  /** How many times the master called each method. */
  readonly calls = new Map<string, number>();
  /** Secrets this node has held (AK and share hex), for wire checks. */
  readonly secretsSeen: string[] = [];
  readonly peerOnlineSeen: number[] = [];
  readonly commits: (number | null)[] = [];
  masterPublicKey: string | undefined;
  /** Held before answering: the test opens them. */
  gates: Partial<Record<'applyGeneration' | 'secureEraseDrive' | 'storeGeneration', Gate>> = {};
  /** The next applyGeneration drops the link instead of answering (a power loss mid-apply). */
  dropOnApply = false;
  failErase = false;
  /** storeGeneration answers an error (a node that cannot take the record now). */
  failStore = false;
  /** What the node reports as its boot phase and last unlock failure (a real node's unlock loop). */
  phase: NodeState['phase'] = 'ready';
  unlockError: string | null = null;
  /** How this node dials key servers (its own network path): default node:tls. */
  kmipDialer: Dialer | undefined;
  /** Each `clock` event's offset, and the offset the join answer carried. */
  readonly clockReadings: ClockReading[] = [];
  joinClock: ClockReading | undefined;
  readonly #options: FakeNodeOptions;
  #peer: NodeSide | undefined;
  #channel: Channel | undefined;

  constructor(options: FakeNodeOptions) {
    this.#options = options;
    this.nodeID = options.nodeID;
    this.id = `node-${options.nodeID}`;
    this.drives = Array.from({ length: options.drives ?? 2 }, (_, slot) => newDrive(options.nodeID, slot));
  }

  get online(): boolean {
    return this.#peer !== undefined && !this.#peer.closed;
  }

  state(): NodeState {
    return {
      nodeID: this.nodeID,
      phase: this.phase,
      drives: this.drives.map((d) => ({ ...d })),
      generations: [...this.generations.values()].map((g) => ({ generation: g.generation, mode: g.mode, holdsShare: g.mode === 'internal' })),
      unlockError: this.unlockError,
      unlockAttempts: this.unlockError === null ? 0 : 1,
    };
  }

  /** A drive that appears in the chassis later (shows at the next join). */
  insertDrive(): NodeDrive {
    const d = newDrive(this.nodeID, this.drives.length);
    this.drives.push(d);
    return d;
  }

  /** Pulls the drive in `slot` out (do it powered off, as the simulator does): the node stops reporting it. */
  pullDrive(slot: number): NodeDrive {
    const i = this.drives.findIndex((d) => d.slot === slot);
    if (i < 0) throw new Error(`node ${this.nodeID} has no drive in slot ${slot}`);
    return this.drives.splice(i, 1)[0]!;
  }

  /** Puts a pulled drive back in its slot. */
  putBack(drive: NodeDrive): void {
    this.drives.push(drive);
    this.drives.sort((a, b) => a.slot - b.slot);
  }

  /** Connects to `master` and joins. */
  async connect(master: Master): Promise<void> {
    const [masterEnd, nodeEnd] = memoryChannelPair();
    const wire = this.#options.wire;
    master.nodes.accept(masterEnd, wire === undefined ? {} : { tap: (direction, text) => wire.push({ nodeID: this.nodeID, direction, text }) });
    this.#channel = nodeEnd;
    this.#peer = nodePeer({ channel: nodeEnd, clock: this.#options.clock, handlers: this.#handlers() });
    const answer = await this.#peer.call('join', { nodeID: this.nodeID, publicKey: this.boxKeys.publicKey, state: this.state() });
    this.masterPublicKey = answer.masterPublicKey;
    this.joinClock = answer.clock;
  }

  /** Reports that the node cannot get its AK: phase `locked`, every secured drive (or all) locked. */
  lockOut(reason: string): void {
    this.phase = 'locked';
    this.unlockError = reason;
    for (const d of this.drives) d.locked = true;
    this.reportStatus();
  }

  /** The AK came back: every drive unlocked, phase `ready`. */
  unlockAll(): void {
    this.phase = 'ready';
    this.unlockError = null;
    for (const d of this.drives) d.locked = false;
    this.reportStatus();
  }

  /** Power off: the link goes; records and drives stay. */
  disconnect(): void {
    this.#peer?.close();
    this.#peer = undefined;
    this.#channel = undefined;
  }

  reportStatus(): void {
    this.#peer?.emit('status', { state: this.state() });
  }

  #count(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }

  #handlers(): Parameters<typeof nodePeer>[0]['handlers'] {
    const rng = this.#options.rng;
    return {
      generateInternalKey: ({ generation, threshold, members }) => {
        this.#count('generateInternalKey');
        const ak = rng.bytes(32);
        const split = splitAuthenticationKey(ak, { shares: members.length, threshold, rng });
        this.secretsSeen.push(Buffer.from(ak).toString('hex'), Buffer.from(ak).toString('base64'));
        wipe(ak);
        const shares = members.map((m, i) => ({ nodeID: m.nodeID, share: this.#sealShare(split.shares[i]!, m.nodeID, m.publicKey, generation) }));
        return { keyCheck: { ...encodeKeyCheck(split.check) }, shares };
      },
      storeGeneration: async ({ record }) => {
        this.#count('storeGeneration');
        await this.gates.storeGeneration?.pass();
        if (this.failStore) throw new FakeNodeError(NODE_ERROR_CODES.badRequest, 'storeGeneration refused (test)');
        if (record.mode === 'internal') {
          // A share that does not open or does not belong to the split is refused, as a node would.
          const share = this.#openShare(record.share, record.generation);
          if (!verifyShare(share, decodeKeyCheck(record.keyCheck))) throw new FakeNodeError(NODE_ERROR_CODES.badRequest, 'share does not match the key check');
        } else {
          wipe(open(record.clientKey, { id: this.id, keyPair: this.boxKeys }, `client-key/${record.generation}`));
        }
        this.received.push(record);
        this.generations.set(record.generation, withKnownAkCheck(record, this.generations.get(record.generation)));
        return {};
      },
      checkExternalKey: async ({ generation }) => {
        this.#count('checkExternalKey');
        const record = this.#external(generation);
        const ak = await this.#fetchExternal(record);
        try {
          return { akCheck: akCheck(ak, record.keyID) };
        } finally {
          wipe(ak);
        }
      },
      sealShare: ({ generation, forNodeID, forPublicKey }) => {
        this.#count('sealShare');
        const record = this.generations.get(generation);
        if (record?.mode !== 'internal') throw new FakeNodeError(NODE_ERROR_CODES.noShare, `no share of generation ${generation}`);
        return { share: this.#sealShare(this.#openShare(record.share, generation), forNodeID, forPublicKey, generation) };
      },
      applyGeneration: async ({ generation }) => {
        this.#count('applyGeneration');
        await this.gates.applyGeneration?.pass();
        if (this.dropOnApply) {
          this.dropOnApply = false;
          this.disconnect();
          return new Promise<never>(() => undefined);
        }
        if (generation !== null) wipe(await this.#obtainAk(generation));
        for (const d of this.drives) {
          d.keyGeneration = generation;
          d.securityEnabled = generation !== null;
        }
        return { state: this.state() };
      },
      commitGeneration: ({ generation }) => {
        this.#count('commitGeneration');
        this.commits.push(generation);
        for (const g of [...this.generations.keys()]) if (g !== generation) this.generations.delete(g);
        return {};
      },
      getState: () => {
        this.#count('getState');
        return this.state();
      },
      writeBlocks: () => Promise.reject(new FakeNodeError(NODE_ERROR_CODES.badRequest, 'fake nodes keep no data')),
      readBlocks: () => Promise.reject(new FakeNodeError(NODE_ERROR_CODES.badRequest, 'fake nodes keep no data')),
      readRawMedia: () => Promise.reject(new FakeNodeError(NODE_ERROR_CODES.badRequest, 'fake nodes keep no data')),
      secureEraseDrive: async ({ serial }) => {
        this.#count('secureEraseDrive');
        await this.gates.secureEraseDrive?.pass();
        if (!this.drives.some((d) => d.serial === serial)) throw new FakeNodeError(NODE_ERROR_CODES.unknownDrive, `no drive ${serial}`);
        if (this.failErase) throw new FakeNodeError(NODE_ERROR_CODES.driveSecurity, `erase of ${serial} refused`);
        return {};
      },
      probeKeyServers: async () => {
        this.#count('probeKeyServers');
        const record = this.#currentExternal();
        if (record === undefined) return { results: [] };
        const results = [];
        for (const server of record.servers) {
          const key = open(record.clientKey, { id: this.id, keyPair: this.boxKeys }, `client-key/${record.generation}`);
          results.push(await probeKeyServer(record, server, key, { clock: this.#options.clock, dialer: this.kmipDialer }));
        }
        return { results };
      },
      events: {
        peerOnline: ({ nodeID }) => void this.peerOnlineSeen.push(nodeID),
        clock: (reading) => void this.clockReadings.push(reading),
      },
    };
  }

  #sealShare(share: Share, nodeID: number, publicKey: string, generation: number): SealedBox {
    const json = JSON.stringify(encodeShare(share));
    this.secretsSeen.push(encodeShare(share).data);
    const bytes = utf8Encode(json);
    try {
      return seal(bytes, { id: `node-${nodeID}`, publicKey }, `share/${generation}`, this.#options.rng);
    } finally {
      wipe(bytes);
    }
  }

  #openShare(box: SealedBox, generation: number): Share {
    const bytes = open(box, { id: this.id, keyPair: this.boxKeys }, `share/${generation}`);
    try {
      return decodeShare(JSON.parse(utf8Decode(bytes)));
    } finally {
      wipe(bytes);
    }
  }

  #external(generation: number): Extract<GenerationRecord, { mode: 'external' }> {
    const record = this.generations.get(generation);
    if (record?.mode !== 'external') throw new FakeNodeError(NODE_ERROR_CODES.unknownGeneration, `no external generation ${generation}`);
    return record;
  }

  /** The AK of `generation`, verified: rebuilt from k shares, or fetched over KMIP and checked. */
  async #obtainAk(generation: number): Promise<Uint8Array> {
    const record = this.generations.get(generation);
    if (record === undefined) throw new FakeNodeError(NODE_ERROR_CODES.unknownGeneration, `no generation ${generation}`);
    if (record.mode === 'external') {
      const ak = await this.#fetchExternal(record);
      if (record.akCheck !== akCheck(ak, record.keyID)) {
        wipe(ak);
        throw new FakeNodeError(NODE_ERROR_CODES.keyUnavailable, 'the fetched AK does not match the check value');
      }
      return ak;
    }
    const { shares: boxes } = await this.#peer!.call('gatherShares', { generation });
    const shares = [this.#openShare(record.share, generation), ...boxes.map((b) => this.#openShare(b, generation))];
    try {
      return combineAuthenticationKey(shares.slice(0, record.threshold), decodeKeyCheck(record.keyCheck));
    } catch (e) {
      throw new FakeNodeError(NODE_ERROR_CODES.keyUnavailable, `cannot rebuild generation ${generation}: ${(e as Error).message}`);
    }
  }

  /** The external record of the generation the drives use (or the last committed one). */
  #currentExternal(): Extract<GenerationRecord, { mode: 'external' }> | undefined {
    const generation = this.drives[0]?.keyGeneration ?? this.commits.at(-1) ?? null;
    const record = generation === null ? undefined : this.generations.get(generation);
    return record?.mode === 'external' ? record : undefined;
  }

  async #fetchExternal(record: Extract<GenerationRecord, { mode: 'external' }>): Promise<Uint8Array> {
    const key = open(record.clientKey, { id: this.id, keyPair: this.boxKeys }, `client-key/${record.generation}`);
    const server = record.servers[0]!;
    const client = new KmipClient({
      servers: server.hostnames.map((host) => ({ host, port: server.port })),
      tls: { caPem: server.caCertificate, certPem: record.clientCertificate, keyPem: utf8Decode(key) },
      clock: this.#options.clock,
      version: '1.2',
    });
    wipe(key);
    try {
      const got = await client.get(record.kmipUniqueIdentifier);
      const material = got.key?.material;
      if (material === undefined) throw new FakeNodeError(NODE_ERROR_CODES.keyUnavailable, 'no key material');
      this.secretsSeen.push(Buffer.from(material).toString('hex'), Buffer.from(material).toString('base64'));
      return material;
    } finally {
      await client.close();
    }
  }
}

/** As a node does: a record without a check value keeps the one held for the same key (the master never knows it). */
function withKnownAkCheck(record: GenerationRecord, existing: GenerationRecord | undefined): GenerationRecord {
  if (record.mode !== 'external' || record.akCheck !== null || existing?.mode !== 'external') return record;
  if (existing.keyID !== record.keyID || existing.kmipUniqueIdentifier !== record.kmipUniqueIdentifier) return record;
  return { ...record, akCheck: existing.akCheck };
}

export function akCheck(ak: Uint8Array, keyID: string): string {
  return createHmac('sha256', ak).update(AK_CHECK_LABEL).update(keyID).digest('base64');
}

function newDrive(nodeID: number, slot: number): NodeDrive {
  return {
    serial: `SN${nodeID}-${slot}`,
    slot,
    model: 'SAMSUNG MZWLL1T9HAJQ-00005',
    firmware: 'GPNA9B3Q',
    capacity: 1_920_383_410_176,
    blockSize: 4096,
    blockCount: 468_843_606,
    fips: true,
    securityEnabled: false,
    locked: false,
    atMaximum: false,
    admin1Tries: 0,
    admin1TryLimit: 0,
    keyGeneration: null,
    switching: null,
    erasing: false,
  };
}

export interface FakeCluster {
  readonly nodes: FakeNode[];
  readonly wire: WireText[];
  node(id: number): FakeNode;
  connectAll(master: Master): Promise<void>;
  disconnectAll(): void;
}

export function fakeCluster(count: number, parts: { clock: Clock; rng: Rng; drives?: number }): FakeCluster {
  const wire: WireText[] = [];
  const nodes = Array.from({ length: count }, (_, i) => new FakeNode({ nodeID: i + 1, clock: parts.clock, rng: parts.rng, wire, ...(parts.drives === undefined ? {} : { drives: parts.drives }) }));
  return {
    nodes,
    wire,
    node: (id) => nodes.find((n) => n.nodeID === id)!,
    async connectAll(master) {
      for (const n of nodes) await n.connect(master);
    },
    disconnectAll() {
      for (const n of nodes) n.disconnect();
    },
  };
}
