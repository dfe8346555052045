import type { LogFields, Logger, LogLevel } from '@ekmsim/core';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** Keeps every log line so tests can read what was (and was not) logged. */
export class MemoryLogger implements Logger {
  readonly entries: LogEntry[] = [];
  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    this.entries.push({ level, message, fields });
  }
  /** Every line as one text, for "never appears" checks. */
  text(): string {
    return this.entries.map((e) => `${e.level} ${e.message} ${JSON.stringify(e.fields)}`).join('\n');
  }
  api(): LogEntry[] {
    return this.entries.filter((e) => e.fields.component === 'API');
  }
}
