/**
 * One operation at a time on the node's credentials and state: an apply, an erase, a boot unlock
 * and a state change would otherwise interleave at their awaits (share gathering, KMIP) and see
 * each other half done. Host I/O and share sealing do not take it: they change no credential.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
