/**
 * Method lookup for one endpoint family. The exact spelling wins; otherwise the name is matched
 * case-insensitively, because the official docs' examples call methods in lower case
 * (`getsoftwareencryptionatrestinfo`). A method newer than the endpoint version does not exist
 * there (xUnknownAPIMethod), as on a real cluster.
 */
import type { ApiMethod } from './method.js';
import { versionAtLeast, type ApiVersion } from './versions.js';

export class MethodTable {
  readonly methods: readonly ApiMethod[];
  readonly #exact = new Map<string, ApiMethod>();
  readonly #folded = new Map<string, ApiMethod>();

  constructor(methods: readonly ApiMethod[]) {
    this.methods = methods;
    for (const m of methods) {
      if (this.#folded.has(m.name.toLowerCase())) throw new Error(`method ${m.name} is declared twice`);
      this.#exact.set(m.name, m);
      this.#folded.set(m.name.toLowerCase(), m);
    }
  }

  /** The method `name` calls on endpoint `version`, or undefined. */
  find(name: string, version: ApiVersion): ApiMethod | undefined {
    const m = this.#exact.get(name) ?? this.#folded.get(name.toLowerCase());
    return m !== undefined && versionAtLeast(version, m.since) ? m : undefined;
  }

  /** The names of the methods endpoint `version` serves, sorted as GetAPI lists them. */
  namesAt(version: ApiVersion): string[] {
    return this.methods
      .filter((m) => versionAtLeast(version, m.since))
      .map((m) => m.name)
      .sort();
  }
}
