import { PEM_PROBLEMS, PkiError, type PemProblem } from './errors.js';

/** The PEM labels ekmsim reads and writes. */
export type PemLabel = 'CERTIFICATE' | 'CERTIFICATE REQUEST' | 'PRIVATE KEY' | 'RSA PRIVATE KEY' | 'PUBLIC KEY';

export interface PemCheckOptions {
  /**
   * Accept `\r\n` (and lone `\r`) line ends by reading them as `\n`. Off by default: TR-4843
   * §10.5 lists new lines as the only separator allowed in a certificate given to the API.
   */
  readonly allowCrlf?: boolean;
}

/** A PEM block that passed `checkPem`. */
export interface CheckedPem {
  /** The label found (a legacy `NEW CERTIFICATE REQUEST` reads as `CERTIFICATE REQUEST`). */
  readonly label: PemLabel;
  readonly der: Uint8Array;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const END = /^-----END ([A-Z0-9 ]+)-----$/;
const BASE64_CHAR = /[A-Za-z0-9+/=]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Checks `text` against the PEM formatting rules of TR-4843 §10.5: a `-----BEGIN <label>-----`
 * line first, a matching `-----END <label>-----` line last (trailing new lines allowed), each
 * on its own line, and in between only A–Z, a–z, 0–9, `+`, `/`, `=` and new lines. Returns the
 * decoded DER; throws a PkiError MALFORMED_PEM whose `problem` (and `line` when it applies)
 * says precisely what is wrong. Messages never quote the body, so a key is never echoed.
 */
export function checkPem(
  text: string,
  expected: PemLabel | readonly PemLabel[],
  options: PemCheckOptions = {},
): CheckedPem {
  const labels: readonly PemLabel[] = typeof expected === 'string' ? [expected] : expected;
  const what = labels.join(' or ');
  if (text.includes('\\n')) {
    fail('ESCAPED_NEWLINE', `the ${what} PEM contains the characters "\\n" where a new line belongs; replace each "\\n" with a real new line`, lineOf(text, text.indexOf('\\n')));
  }
  let normalized = text;
  if (text.includes('\r')) {
    if (options.allowCrlf !== true) {
      fail('CARRIAGE_RETURN', `the ${what} PEM contains a carriage return (\\r); use \\n line ends only`, lineOf(text, text.indexOf('\r')));
    }
    normalized = text.replace(/\r\n?/g, '\n');
  }
  const lines = normalized.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const first = lines[0] ?? '';
  const begin = BEGIN.exec(first);
  if (begin === null) {
    const at = normalized.indexOf('-----BEGIN ');
    if (at < 0) fail('MISSING_BEGIN', `expected a ${what} PEM starting with a "-----BEGIN ${labels[0] ?? ''}-----" line; none found`, 1);
    if (at === 0) fail('NOT_OWN_LINE', `the BEGIN line of the ${what} PEM must be on its own line`, 1);
    fail('TEXT_BEFORE_BEGIN', `the ${what} PEM must start with its BEGIN line; other text comes first`, 1);
  }
  const endIndex = lines.findIndex((l, i) => i > 0 && l.includes('-----END'));
  if (endIndex < 0) fail('MISSING_END', `the ${what} PEM has no "-----END ${begin[1] ?? ''}-----" line`, lines.length);
  const end = END.exec(lines[endIndex] ?? '');
  if (end === null) fail('NOT_OWN_LINE', `the END line of the ${what} PEM must be on its own line`, endIndex + 1);
  const label = canonicalLabel(begin[1] ?? '');
  if (canonicalLabel(end[1] ?? '') !== label) {
    fail('LABEL_MISMATCH', `the PEM begins as "${begin[1] ?? ''}" but ends as "${end[1] ?? ''}"`, endIndex + 1);
  }
  if (!isExpected(label, labels)) fail('WRONG_LABEL', `expected a ${what} PEM, got a ${label} PEM`, 1);
  if (lines.slice(endIndex + 1).some((l) => l !== '')) {
    fail('TEXT_AFTER_END', `only new lines may follow the END line of the ${what} PEM`, endIndex + 2);
  }

  const body = lines.slice(1, endIndex);
  body.forEach((l, i) => {
    for (let c = 0; c < l.length; c++) {
      const ch = l[c] ?? '';
      if (!BASE64_CHAR.test(ch)) {
        fail('BAD_CHARACTER', `line ${i + 2}, column ${c + 1} of the ${what} PEM: ${describeChar(ch)} is not allowed; only A-Z, a-z, 0-9, +, / and = may appear between the BEGIN and END lines`, i + 2);
      }
    }
  });
  const b64 = body.join('');
  if (b64 === '') fail('EMPTY_BODY', `the ${what} PEM has nothing between its BEGIN and END lines`, 2);
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) {
    fail('BAD_BASE64', `the body of the ${what} PEM is not valid base64 (length ${b64.length}, "=" only as final padding)`);
  }
  return { label, der: new Uint8Array(Buffer.from(b64, 'base64')) };
}

/** Encodes DER as PEM the way TR-4843 §10.5 wants it: 64-column base64, `\n` line ends. */
export function encodePem(label: PemLabel, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** How the package reads PEM it is handed for parsing: the §10.5 rules, but CRLF tolerated. */
export function readPem(text: string, expected: PemLabel | readonly PemLabel[]): CheckedPem {
  return checkPem(text, expected, { allowCrlf: true });
}

function canonicalLabel(label: string): string {
  return label === 'NEW CERTIFICATE REQUEST' ? 'CERTIFICATE REQUEST' : label;
}

function isExpected(label: string, labels: readonly PemLabel[]): label is PemLabel {
  return (labels as readonly string[]).includes(label);
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Record<string, string> = { ' ': 'a space', '\t': 'a tab', '-': 'a hyphen', '\\': 'a backslash' };
  return names[ch] !== undefined ? `${names[ch]} (${hex})` : `the character ${hex}`;
}

function fail(problem: keyof typeof PEM_PROBLEMS, message: string, line?: number): never {
  const p: PemProblem = PEM_PROBLEMS[problem];
  throw new PkiError('MALFORMED_PEM', message, line === undefined ? { problem: p } : { problem: p, line });
}
