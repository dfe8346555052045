/**
 * Element's master logs: `sf-master.info` (info and above) and `sf-master.error` (error and
 * above), through winston. The component tag (`[KS]`, `[OpenSSL]`, `[API]`, `[EAR]`, `[DB]`)
 * comes from `fields.component`; every other field is appended as ` key=value`. Lines of the
 * `[KMIP]` component, Cryptsoft's verbose KMIP logging (TR-4843 §10.3: only while the
 * cKmipCmdExtraFlags constant asks for it), go to `sf-kmip.info` alone, as on a real node.
 */
import { join } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import winston from 'winston';
import type { Clock, LogFields, Logger, LogLevel } from '@ekmsim/core';
import { KMIP_TRACE_COMPONENT } from '../kmip/kmip-trace.js';
import { appendFileSink } from './file-sink.js';
import { formatLine, type LineContext } from './line-format.js';

export const MASTER_INFO_LOG = 'sf-master.info';
export const MASTER_ERROR_LOG = 'sf-master.error';
/** Verbose KMIP logging (TR-4843 §10.3 names it `/var/log/sf-kmip.info`). */
export const KMIP_INFO_LOG = 'sf-kmip.info';

export interface ElementLogsOptions {
  readonly dir: string;
  readonly clock: Clock;
  /** Host and process names in each line; default `ekmsim` and `master-1`. */
  readonly host?: string;
  readonly process?: string;
}

export interface ElementLogs extends Logger {
  /** Writes what is pending and closes both files. Later lines are dropped. */
  close(): Promise<void>;
}

interface Entry {
  level: LogLevel;
  message: string;
  fields?: LogFields | undefined;
}

export function createElementLogs(options: ElementLogsOptions): ElementLogs {
  const ctx: LineContext = { host: options.host ?? 'ekmsim', process: options.process ?? 'master-1', pid: process.pid };
  const { clock } = options;
  const sinks: Writable[] = [MASTER_INFO_LOG, MASTER_ERROR_LOG, KMIP_INFO_LOG].map((file) => appendFileSink(join(options.dir, file)));
  const transports = [
    new winston.transports.Stream({ stream: sinks[0]!, level: 'info', format: only(false) }),
    new winston.transports.Stream({ stream: sinks[1]!, level: 'error', format: only(false) }),
    new winston.transports.Stream({ stream: sinks[2]!, level: 'info', format: only(true) }),
  ];
  const logger = winston.createLogger({
    levels: { error: 0, warn: 1, info: 2, debug: 3 },
    level: 'debug',
    // The time is the injected clock's, read when the line is formatted; never winston's own timestamp.
    format: winston.format.printf((info) => {
      const e = info as unknown as Entry;
      return formatLine(clock.now(), e.level, e.message, e.fields, ctx);
    }),
    transports,
  });
  let closing: Promise<void> | undefined;
  return {
    log(level, message, fields) {
      if (closing !== undefined) return;
      logger.log({ level, message, fields });
    },
    close() {
      closing ??= (async () => {
        // Ending the logger ends each transport once it has taken every line; only then the files.
        const delivered = Promise.all(transports.map((t) => once(t, 'finish')));
        logger.end();
        await delivered;
        for (const sink of sinks) {
          const done = once(sink, 'finish');
          sink.end();
          await done;
        }
      })();
      return closing;
    },
  };
}

/** Keeps the `[KMIP]` lines (`kmip` true) or every other line (false). */
function only(kmip: boolean): winston.Logform.Format {
  return winston.format((info) => (((info as unknown as Entry).fields?.component === KMIP_TRACE_COMPONENT) === kmip ? info : false))();
}
