/**
 * The node's persistent state, `node.json`: who it is, its box key pair, the AK generations it
 * knows (with its own share sealed to itself, or the sealed TLS client key), and each drive's
 * credential generation with the `switching` marker of the drive credential protocol. Every
 * change is written atomically before it counts in memory, so a failed write changes nothing and
 * a power loss leaves the last state written. The AK itself is never here.
 */
import { readFileSync, rmSync } from 'node:fs';
import { generationRecord, type BoxKeyPair, type GenerationRecord } from '@ekmsim/wire';
import { writeFileAtomic } from '@ekmsim/durable-file';
import { NODE_STORE_ERROR_CODES, NodeStoreError } from './errors.js';

export const STATE_FILE = 'node.json';
export const STATE_VERSION = 1;

/** Whose AK a drive's Admin1 PIN is: a generation, or null for the factory MSID. */
export type KeyGeneration = number | null;

export interface Switching {
  readonly from: KeyGeneration;
  readonly to: KeyGeneration;
}

export interface DriveRecord {
  readonly serial: string;
  /** Bay, 0-based. */
  readonly slot: number;
  readonly keyGeneration: KeyGeneration;
  /** Written before the drive's PIN changes, cleared after (see drive-credential.ts). */
  readonly switching: Switching | null;
}

export interface NodeFile {
  readonly version: typeof STATE_VERSION;
  readonly nodeID: number;
  readonly boxKeyPair: BoxKeyPair;
  readonly generations: readonly GenerationRecord[];
  readonly drives: readonly DriveRecord[];
}

export class NodeStore {
  #data: NodeFile;

  private constructor(
    readonly path: string,
    data: NodeFile,
  ) {
    this.#data = data;
  }

  /** Writes a new state file (first start). */
  static create(path: string, data: NodeFile): NodeStore {
    const store = new NodeStore(path, data);
    store.#commit(data);
    return store;
  }

  /** Reads `path` (a leftover temporary file is a write that never happened), checking it is `nodeID`'s. */
  static load(path: string, nodeID: number): NodeStore {
    rmSync(`${path}.tmp`, { force: true });
    let data: NodeFile;
    try {
      data = parseNodeFile(JSON.parse(readFileSync(path, 'utf8')));
    } catch (cause) {
      throw new NodeStoreError(NODE_STORE_ERROR_CODES.corrupt, `${path}: not a readable node state: ${(cause as Error).message}`, { cause });
    }
    if (data.nodeID !== nodeID) {
      throw new NodeStoreError(NODE_STORE_ERROR_CODES.wrongNode, `${path} belongs to node ${data.nodeID}, not node ${nodeID}`);
    }
    return new NodeStore(path, data);
  }

  get nodeID(): number {
    return this.#data.nodeID;
  }

  get boxKeyPair(): BoxKeyPair {
    return this.#data.boxKeyPair;
  }

  get drives(): readonly DriveRecord[] {
    return this.#data.drives;
  }

  get generations(): readonly GenerationRecord[] {
    return this.#data.generations;
  }

  drive(serial: string): DriveRecord | undefined {
    return this.#data.drives.find((d) => d.serial === serial);
  }

  generation(generation: number): GenerationRecord | undefined {
    return this.#data.generations.find((g) => g.generation === generation);
  }

  setDrive(serial: string, change: Pick<DriveRecord, 'keyGeneration' | 'switching'>): void {
    if (this.drive(serial) === undefined) throw new Error(`no drive ${serial} in the node state`);
    this.#commit({ ...this.#data, drives: this.#data.drives.map((d) => (d.serial === serial ? { ...d, ...change } : d)) });
  }

  /** Adds `record`, replacing the one of the same generation. */
  putGeneration(record: GenerationRecord): void {
    const others = this.#data.generations.filter((g) => g.generation !== record.generation);
    const generations = [...others, record].sort((a, b) => a.generation - b.generation);
    this.#commit({ ...this.#data, generations });
  }

  /** Forgets every generation not in `keep`; writes only if that changes something. */
  keepGenerations(keep: ReadonlySet<number>): void {
    const generations = this.#data.generations.filter((g) => keep.has(g.generation));
    if (generations.length !== this.#data.generations.length) this.#commit({ ...this.#data, generations });
  }

  /** Generations some drive's PIN is, or may be (mid-switch), the AK of. */
  referencedGenerations(): Set<number> {
    const refs = new Set<number>();
    for (const d of this.#data.drives) {
      for (const g of [d.keyGeneration, d.switching?.from ?? null, d.switching?.to ?? null]) if (g !== null) refs.add(g);
    }
    return refs;
  }

  #commit(next: NodeFile): void {
    writeFileAtomic(this.path, `${JSON.stringify(next, null, 1)}\n`);
    this.#data = next;
  }
}

/** The state file's shape, checked field by field (the message names the first wrong one). */
function parseNodeFile(v: unknown): NodeFile {
  const o = record(v, 'state');
  if (o.version !== STATE_VERSION) throw new Error(`version: expected ${STATE_VERSION}`);
  const nodeID = count(o.nodeID, 'nodeID', 1);
  const kp = record(o.boxKeyPair, 'boxKeyPair');
  const boxKeyPair = { publicKey: text(kp.publicKey, 'boxKeyPair.publicKey'), privateKey: text(kp.privateKey, 'boxKeyPair.privateKey') };
  const generations = list(o.generations, 'generations').map((g, i) => generationRecord(g, `generations[${i}]`));
  const drives = list(o.drives, 'drives').map((d, i) => parseDrive(d, `drives[${i}]`));
  return { version: STATE_VERSION, nodeID, boxKeyPair, generations, drives };
}

function parseDrive(v: unknown, path: string): DriveRecord {
  const o = record(v, path);
  return {
    serial: text(o.serial, `${path}.serial`),
    slot: count(o.slot, `${path}.slot`, 0),
    keyGeneration: generation(o.keyGeneration, `${path}.keyGeneration`),
    switching: parseSwitching(o.switching, `${path}.switching`),
  };
}

function parseSwitching(v: unknown, path: string): Switching | null {
  if (v === null) return null;
  const o = record(v, path);
  return { from: generation(o.from, `${path}.from`), to: generation(o.to, `${path}.to`) };
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${path}: expected an object`);
  return v as Record<string, unknown>;
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${path}: expected an array`);
  return v;
}

function text(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') throw new Error(`${path}: expected a non-empty string`);
  return v;
}

function count(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new Error(`${path}: expected an integer of at least ${min}`);
  return v;
}

function generation(v: unknown, path: string): KeyGeneration {
  return v === null ? null : count(v, path, 0);
}
