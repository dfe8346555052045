/**
 * What the report shows beside each step: the faults current after it, the events recorded and
 * the sf-master.info lines written while it ran. Read through the API and from the simulation's
 * log file; none of it holds a secret (the logs never do).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentFaults, type Apis } from './observe.js';

const MAX_LOG_LINES = 40;

export class StepWatch {
  #logOffset = 0;
  #lastEventID = 0;

  constructor(
    private readonly apis: Apis,
    private readonly dataDir: string,
  ) {}

  async after(): Promise<{ faults: string[]; events: string[]; log: string[] }> {
    const faults = (await currentFaults(this.apis).catch(() => [])).map((f) => `${f.code}/${f.severity}`);
    const { events } = (await this.apis.element('ListEvents', { startEventID: this.#lastEventID + 1 }).catch(() => ({ events: [] }))) as {
      events: { eventID: number; eventInfoType: string; message: string }[];
    };
    for (const e of events) this.#lastEventID = Math.max(this.#lastEventID, e.eventID);
    return { faults, events: events.map((e) => `${e.eventInfoType}: ${e.message}`), log: this.#newLogLines() };
  }

  #newLogLines(): string[] {
    const path = join(this.dataDir, 'sf-master.info');
    if (!existsSync(path)) return [];
    const text = readFileSync(path, 'utf8');
    const fresh = text.slice(this.#logOffset);
    this.#logOffset = text.length;
    const lines = fresh.split('\n').filter((l) => l.length > 0);
    return lines.length > MAX_LOG_LINES ? [...lines.slice(0, MAX_LOG_LINES), `… ${lines.length - MAX_LOG_LINES} more lines`] : lines;
  }
}
