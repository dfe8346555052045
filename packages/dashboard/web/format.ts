/**
 * How times read on the page. The simulation clock is shown in UTC, as Element's own API dates
 * are: a trainer's laptop time zone must not shift what the cluster logged.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `09:12:45` */
export function timeOfDay(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `Fri 14 Mar 2025` */
export function longDate(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()] ?? ''} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()}`;
}

/** `14 Mar` */
export function dayAndMonth(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''}`;
}

/** `14 Mar 09:12:45` */
export function dateTime(ms: number): string {
  return `${dayAndMonth(ms)} ${timeOfDay(ms)}`;
}

export function sameDay(a: number, b: number): boolean {
  return Math.floor(a / DAY_MS) === Math.floor(b / DAY_MS);
}

/** A jump of simulated time in its largest unit: `30 d`, `5 h`, `12 min`, `40 s`. */
export function duration(ms: number): string {
  if (ms >= DAY_MS) return `${Math.round(ms / DAY_MS)} d`;
  if (ms >= HOUR_MS) return `${Math.round(ms / HOUR_MS)} h`;
  if (ms >= MINUTE_MS) return `${Math.round(ms / MINUTE_MS)} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** `1, 2 and 5` */
export function list(items: readonly (string | number)[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${String(items.at(-1))}`;
}
