import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `text` so that a power loss at any instant leaves either the old file or
 * the new one: write a temporary file, fsync it, rename it over the old one (atomic in POSIX),
 * fsync the directory so the rename itself is durable. Readers ignore a leftover temporary file.
 * Mode 0600: the node's state holds its private box key.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
