/**
 * An append-only log file written synchronously: a line is in the OS's hands when `write`
 * returns, so a `kill -9` of the simulator loses no line it already logged, and `close` has no
 * buffered tail to flush.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';

export function appendFileSink(path: string): Writable {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  let open = true;
  const release = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  return new Writable({
    decodeStrings: true,
    write(chunk: Buffer, _encoding, callback) {
      try {
        writeSync(fd, chunk);
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
    final(callback) {
      release();
      callback();
    },
    destroy(error, callback) {
      release();
      callback(error);
    },
  });
}
