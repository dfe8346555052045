import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableSqliteError, openDurableSqlite } from '@ekmsim/durable-sqlite';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
const scratch = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ekmsim-sqlite-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const v1 = ['CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)'];
const v2 = [...v1, 'ALTER TABLE t ADD COLUMN w INTEGER'];

describe('openDurableSqlite', () => {
  it('opens in WAL with synchronous FULL and applies migrations once', () => {
    const dir = scratch();
    const db = openDurableSqlite({ dir, file: 'x.sqlite', migrations: v1, what: 'the test store' });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.prepare('INSERT INTO t VALUES (?, ?)').run('a', '1');
    db.close();
    const again = openDurableSqlite({ dir, file: 'x.sqlite', migrations: v2, what: 'the test store' });
    expect(again.pragma('user_version', { simple: true })).toBe(2);
    expect(again.prepare('SELECT v, w FROM t').get()).toEqual({ v: '1', w: null });
    again.close();
  });

  it('refuses a second opener while the first holds the file', () => {
    const dir = scratch();
    const db = openDurableSqlite({ dir, file: 'x.sqlite', migrations: v1, what: 'the test store' });
    expect(() => openDurableSqlite({ dir, file: 'x.sqlite', migrations: v1, what: 'the test store' })).toThrow(/another process/);
    db.close();
  });

  it('refuses a schema newer than the program', () => {
    const dir = scratch();
    openDurableSqlite({ dir, file: 'x.sqlite', migrations: v2, what: 'the test store' }).close();
    expect(() => openDurableSqlite({ dir, file: 'x.sqlite', migrations: v1, what: 'the test store' })).toThrow(DurableSqliteError);
  });
});
