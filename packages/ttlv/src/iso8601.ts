/**
 * ISO 8601 date-times for the KMIP JSON form (`2008-03-14T11:56:40Z`, and with microseconds for
 * Date-Time Extended). Civil-date arithmetic (H. Hinnant's days_from_civil) rather than `Date`:
 * `Date.UTC` maps years 0..99 to 1900..1999 and `Date` stops at millisecond precision.
 * Only years 0000..9999 have this form; the JSON writer falls back to hex outside them.
 */

const SECONDS_PER_DAY = 86_400;
/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in POSIX seconds. */
export const ISO_MIN_SECONDS = -62_167_219_200n;
export const ISO_MAX_SECONDS = 253_402_300_799n;

/** `seconds` (within ISO_MIN..ISO_MAX) as `YYYY-MM-DDTHH:MM:SS`, then `.ffffff` if `micros` is given, then `Z`. */
export function formatIso(seconds: bigint, micros?: number): string {
  const s = Number(seconds);
  const days = Math.floor(s / SECONDS_PER_DAY);
  const secOfDay = s - days * SECONDS_PER_DAY;
  const [y, m, d] = civilFromDays(days);
  const time = `${pad(Math.floor(secOfDay / 3600), 2)}:${pad(Math.floor(secOfDay / 60) % 60, 2)}:${pad(secOfDay % 60, 2)}`;
  const fraction = micros === undefined ? '' : '.' + pad(micros, 6);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${time}${fraction}Z`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO 8601 date-time with a `Z` or `±HH:MM` offset into POSIX seconds and a fraction
 * in nanoseconds; returns a reason string when `text` is not one.
 */
export function parseIso(text: string): { seconds: bigint; nanos: number } | string {
  const m = ISO.exec(text);
  if (m === null) return 'not an ISO 8601 date-time like 2008-03-14T11:56:40Z';
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'no such calendar date';
  if (hour > 23 || minute > 59 || second > 59) return 'no such time of day';
  let offset = 0;
  const zone = m[8]!;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return 'no such UTC offset';
    offset = (zone.startsWith('-') ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
  return { seconds: BigInt(seconds), nanos };
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
