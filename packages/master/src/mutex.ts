/**
 * Runs async sections one after another. State-changing calls await key-server contacts in the
 * middle of their checks; without this, two API calls could both pass a check (say, "this server
 * has no provider") and then both commit.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(section);
    // The next section waits for this one to settle, whatever its outcome.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
