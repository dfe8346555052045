import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `text` so that a crash at any instant (a worker killed, the machine
 * losing power) leaves either the old file or the new one, never a mix: write a temporary file,
 * fsync it, rename it over the old one (atomic in POSIX), then fsync the directory so the rename
 * itself is durable. A crash before the rename leaves `<path>.tmp`, which readers ignore. Mode
 * 0600: the files written this way (a drive's metadata, a node's state) are nobody else's.
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

/** Makes a directory's entries (a rename, a new file) durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
