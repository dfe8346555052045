import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/index.js';

describe('writeFileAtomic', () => {
  const dirs: string[] = [];
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'ekmsim-atomic-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates, then replaces, the whole file, leaving no temporary file', () => {
    const path = join(dir(), 'state.json');
    writeFileAtomic(path, 'one');
    writeFileAtomic(path, 'two, longer');
    expect(readFileSync(path, 'utf8')).toBe('two, longer');
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('overwrites a temporary file a crash left behind', () => {
    const path = join(dir(), 'state.json');
    writeFileAtomic(path, 'old');
    writeFileSync(`${path}.tmp`, 'half-writ');
    expect(readFileSync(path, 'utf8')).toBe('old');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('fails, changing nothing, when the directory does not exist', () => {
    const path = join(dir(), 'missing', 'state.json');
    expect(() => writeFileAtomic(path, 'x')).toThrow(/ENOENT/);
  });
});
