/**
 * One line of an Element log: `<UTC time, microseconds> <host> <process>[<pid>]: [<LEVEL>]
 * [<component>] <message> key=value…`, the shape of sf-master.info on a real node. The time comes
 * from the injected clock. A last line of defence strips anything that looks like a private key.
 */
import type { LogFields, LogLevel } from '@ekmsim/core';

export interface LineContext {
  readonly host: string;
  readonly process: string;
  readonly pid: number;
}

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const WITHHELD = '[private key withheld]';

/** `2026-11-28T04:50:01.123000Z`: Element prints microseconds; a Clock has milliseconds. */
export function elementTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

export function formatLine(ms: number, level: LogLevel, message: string, fields: LogFields | undefined, ctx: LineContext): string {
  const { component, ...rest } = fields ?? {};
  const tag = typeof component === 'string' && component !== '' ? component : 'MASTER';
  const extras = Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}=${formatValue(v)}`)
    .join('');
  const text = `[${level.toUpperCase()}] [${tag}] ${oneLine(message)}${extras}`;
  return `${elementTimestamp(ms)} ${ctx.host} ${ctx.process}[${ctx.pid}]: ${redact(text)}`;
}

function formatValue(v: string | number | boolean | undefined): string {
  const s = oneLine(String(v));
  return s === '' || /[\s"=]/.test(s) ? JSON.stringify(s) : s;
}

/** Log lines are lines: embedded new lines are written as `\n`. */
function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '\\n');
}

function redact(s: string): string {
  // Runs on the one-line form too, where a key's new lines are already `\n` escapes.
  return s.replace(PRIVATE_KEY_BLOCK, WITHHELD).replace(/PRIVATE KEY/g, 'private-key');
}
