import type { Logger, LogLevel } from '@ekmsim/core';
import type { CommandIo } from './io.js';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Log lines to standard error, as `LEVEL message key=value …`. */
export function consoleLogger(io: CommandIo, min: LogLevel): Logger {
  return {
    log(level, message, fields) {
      if (ORDER[level] < ORDER[min]) return;
      const extra = fields ? Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${String(v)}`).join('') : '';
      io.err(`${level.toUpperCase()} ${message}${extra}`);
    },
  };
}
