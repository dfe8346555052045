import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `text` so that a crash at any instant (the worker killed, the machine
 * losing power) leaves either the old file or the new one, never a mix: write a temporary file,
 * fsync it, rename it over the old one (atomic in POSIX), then fsync the directory so the rename
 * itself is durable. A crash before the rename leaves the temporary file, which readers ignore.
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
  fsyncDir(dirname(path));
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
