/**
 * Storage nodes for tests: each on its own scratch directory with two 64-block drives, a fake
 * master over memory channels, a simulated clock and seeded randomness. "Power off" stops a node
 * (the files are what survive either way); "power on" starts a fresh one on the same directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRng, type Logger } from '@ekmsim/core';
import { startNode, STATE_FILE, type NodeFile, type StartNodeOptions, type StorageNode } from '@ekmsim/node';
import { openDrive, type SelfEncryptingDrive } from '@ekmsim/sed';
import { combineAuthenticationKey, decodeKeyCheck, decodeShare, type Share } from '@ekmsim/shamir';
import { open, type InternalGenerationRecord, type NodeState } from '@ekmsim/wire';
import { afterEach, expect, vi } from 'vitest';
import { FakeMaster } from './fake-master.js';

export const BLOCK = 4096;
export const DRIVE_BLOCKS = 64;

const scratch: string[] = [];
const running: StorageNode[] = [];

afterEach(async () => {
  for (const node of running.splice(0)) await node.stop();
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ekmsim-node-'));
  scratch.push(dir);
  return dir;
}

let seed = 1;

export class TestCluster {
  readonly root = scratchDir();
  readonly #nodes = new Map<number, StorageNode>();

  constructor(readonly master = new FakeMaster()) {}

  dataDir(nodeID: number): string {
    return join(this.root, `node-${nodeID}`);
  }

  /** Powers a node on (first start: two factory-new drives) and waits until it has joined. */
  async powerOn(nodeID: number, extra: Partial<StartNodeOptions> & { logger?: Logger } = {}): Promise<StorageNode> {
    const node = await startNode({
      nodeID,
      dataDir: this.dataDir(nodeID),
      channel: this.master.connect(),
      clock: this.master.clock,
      rng: seededRng(seed++),
      drives: { count: 2, capacityBytes: DRIVE_BLOCKS * BLOCK },
      ...extra,
    });
    running.push(node);
    this.#nodes.set(nodeID, node);
    await vi.waitFor(() => expect(this.master.joined(nodeID)).toBe(true));
    return node;
  }

  async powerOff(nodeID: number): Promise<void> {
    await this.node(nodeID).stop();
    await vi.waitFor(() => expect(this.master.joined(nodeID)).toBe(false));
  }

  node(nodeID: number): StorageNode {
    const node = this.#nodes.get(nodeID);
    if (node === undefined) throw new Error(`node ${nodeID} was never powered on`);
    return node;
  }

  async waitForPhase(nodeID: number, phase: NodeState['phase']): Promise<NodeState> {
    await vi.waitFor(() => expect(this.node(nodeID).state().phase).toBe(phase));
    return this.node(nodeID).state();
  }

  stateFile(nodeID: number): NodeFile {
    return JSON.parse(readFileSync(join(this.dataDir(nodeID), STATE_FILE), 'utf8')) as NodeFile;
  }

  serials(nodeID: number): string[] {
    return this.stateFile(nodeID).drives.map((d) => d.serial);
  }

  /** Generates an internal AK on `generator`, stores it on every member, applies and commits it everywhere. */
  async enableInternal(generation: number, nodeIDs: readonly number[], generator = nodeIDs[0]!): Promise<void> {
    await this.storeInternal(generation, nodeIDs, generator);
    await Promise.all(nodeIDs.map((id) => this.master.call(id, 'applyGeneration', { generation })));
    await Promise.all(nodeIDs.map((id) => this.master.call(id, 'commitGeneration', { generation })));
  }

  async storeInternal(generation: number, nodeIDs: readonly number[], generator = nodeIDs[0]!, threshold = 2): Promise<void> {
    const members = nodeIDs.map((nodeID) => ({ nodeID, publicKey: this.master.link(nodeID).publicKey }));
    const { keyCheck, shares } = await this.master.call(generator, 'generateInternalKey', { generation, threshold, members });
    for (const { nodeID, share } of shares) {
      await this.master.call(nodeID, 'storeGeneration', { record: { mode: 'internal', generation, threshold, shareCount: members.length, keyCheck, share } });
    }
  }

  /** Each node's own share of `generation`, opened from its state file with its private key (what a thief of every node could do). */
  shares(generation: number, nodeIDs: readonly number[]): { shares: Share[]; record: InternalGenerationRecord } {
    let record: InternalGenerationRecord | undefined;
    const shares = nodeIDs.map((nodeID) => {
      const file = this.stateFile(nodeID);
      const r = file.generations.find((g) => g.generation === generation);
      if (r?.mode !== 'internal') throw new Error(`node ${nodeID} has no internal generation ${generation}`);
      record = r;
      const plaintext = open(r.share, { id: `node-${nodeID}`, keyPair: file.boxKeyPair }, `share/${generation}`);
      return decodeShare(JSON.parse(Buffer.from(plaintext).toString('utf8')));
    });
    return { shares, record: record! };
  }

  /** The AK of an internal generation, rebuilt by the test from every node's state file. */
  rebuildAk(generation: number, nodeIDs: readonly number[]): Uint8Array {
    const { shares, record } = this.shares(generation, nodeIDs);
    return combineAuthenticationKey(shares, decodeKeyCheck(record.keyCheck));
  }

  /** A powered-off node's drive, powered on by the test itself. */
  openDrive(nodeID: number, serial: string): SelfEncryptingDrive {
    return openDrive(join(this.dataDir(nodeID), 'drives', serial), { clock: this.master.clock, rng: seededRng(seed++) });
  }
}

/** Bytes of `blocks` blocks, a pattern unique to `tag`. */
export function pattern(tag: number, blocks = 1): Buffer {
  const b = Buffer.alloc(blocks * BLOCK);
  for (let i = 0; i < b.length; i++) b[i] = (i * 31 + tag * 7) & 0xff;
  return b;
}
