import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * The NAND, as a sparse file: block `lba` lives at byte `lba × blockSize`. The file is never
 * preallocated; a block never written is a hole and reads as zeros. It holds ciphertext only.
 * Writes go to the OS page cache, which outlives a killed worker; `flush` (NVMe Flush) also
 * survives a host crash.
 */
export class MediaFile {
  private fd: number | undefined;

  constructor(
    readonly path: string,
    readonly blockSize: number,
  ) {
    this.fd = openSync(path, 'a+');
    // 'a+' creates the file; reopen without O_APPEND so positioned writes land where asked.
    closeSync(this.fd);
    this.fd = openSync(path, 'r+');
  }

  read(lba: number, blocks: number): Uint8Array {
    const out = new Uint8Array(blocks * this.blockSize);
    let done = 0;
    while (done < out.length) {
      const n = readSync(this.handle(), out, done, out.length - done, lba * this.blockSize + done);
      if (n === 0) break; // past the end of the file: never written, stays zero
      done += n;
    }
    return out;
  }

  write(lba: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) done += writeSync(this.handle(), data, done, data.length - done, lba * this.blockSize + done);
  }

  flush(): void {
    fsyncSync(this.handle());
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private handle(): number {
    if (this.fd === undefined) throw new Error('media file closed');
    return this.fd;
  }
}
