import { SimulatedClock, seededRng } from '@ekmsim/core';
import { checkPem, createCa, createCsr, encodePem, generateKeyPair, parseCertificate, PEM_PROBLEMS, type CertAndKey, type PemProblem } from '@ekmsim/pki';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectPkiError, pemBody } from './support.js';

let ca: CertAndKey;
let csrPem: string;

beforeAll(async () => {
  ca = await createCa({ commonName: 'PEM CA', clock: new SimulatedClock(Date.UTC(2025, 0, 1)), rng: seededRng(7) });
  csrPem = createCsr({ keyPem: ca.keyPem, subject: { commonName: 'cluster' } });
});

/** The lines of the CA certificate PEM, without the final empty string. */
const lines = (): string[] => ca.certPem.trimEnd().split('\n');
const withLine = (index: number, edit: (line: string) => string): string =>
  lines().map((l, i) => (i === index ? edit(l) : l)).join('\n') + '\n';

interface Case {
  readonly name: string;
  readonly text: () => string;
  readonly problem: PemProblem;
  readonly line?: number;
}

// TR-4843 §10.5: BEGIN line first, END line last, each on its own line; in between only A–Z,
// a–z, 0–9, "+", "/", "=" and new lines. §4.1: "\n" escapes must become real new lines.
const cases: readonly Case[] = [
  { name: 'JSON-escaped new lines left in', text: () => ca.certPem.replace(/\n/g, '\\n'), problem: PEM_PROBLEMS.ESCAPED_NEWLINE, line: 1 },
  { name: 'CRLF line ends', text: () => ca.certPem.replace(/\n/g, '\r\n'), problem: PEM_PROBLEMS.CARRIAGE_RETURN, line: 1 },
  { name: 'a lone CR in the body', text: () => withLine(3, (l) => `${l}\r`), problem: PEM_PROBLEMS.CARRIAGE_RETURN, line: 4 },
  { name: 'empty text', text: () => '', problem: PEM_PROBLEMS.MISSING_BEGIN, line: 1 },
  { name: 'no BEGIN line', text: () => lines().slice(1).join('\n'), problem: PEM_PROBLEMS.MISSING_BEGIN },
  { name: 'bare base64', text: () => pemBody(ca.certPem), problem: PEM_PROBLEMS.MISSING_BEGIN },
  { name: 'text before BEGIN', text: () => `subject=CN=PEM CA\n${ca.certPem}`, problem: PEM_PROBLEMS.TEXT_BEFORE_BEGIN, line: 1 },
  { name: 'a space before BEGIN', text: () => ` ${ca.certPem}`, problem: PEM_PROBLEMS.TEXT_BEFORE_BEGIN, line: 1 },
  { name: 'a blank line before BEGIN', text: () => `\n${ca.certPem}`, problem: PEM_PROBLEMS.TEXT_BEFORE_BEGIN, line: 1 },
  { name: 'no END line', text: () => lines().slice(0, -1).join('\n'), problem: PEM_PROBLEMS.MISSING_END },
  { name: 'new lines replaced by spaces', text: () => lines().join(' '), problem: PEM_PROBLEMS.NOT_OWN_LINE, line: 1 },
  { name: 'BEGIN line runs into the body', text: () => lines()[0]! + lines().slice(1).join('\n'), problem: PEM_PROBLEMS.NOT_OWN_LINE, line: 1 },
  {
    name: 'END marker on the last body line',
    text: () => `${lines().slice(0, -2).join('\n')}\n${lines().at(-2)!}${lines().at(-1)!}\n`,
    problem: PEM_PROBLEMS.NOT_OWN_LINE,
  },
  { name: 'BEGIN and END labels differ', text: () => ca.certPem.replace('END CERTIFICATE', 'END X509 CRL'), problem: PEM_PROBLEMS.LABEL_MISMATCH },
  { name: 'a CSR where a certificate belongs', text: () => csrPem, problem: PEM_PROBLEMS.WRONG_LABEL, line: 1 },
  { name: 'text after END', text: () => `${ca.certPem}issuer=CN=PEM CA\n`, problem: PEM_PROBLEMS.TEXT_AFTER_END },
  { name: 'two certificates', text: () => ca.certPem + ca.certPem, problem: PEM_PROBLEMS.TEXT_AFTER_END },
  { name: 'a space inside the body', text: () => withLine(2, (l) => `${l.slice(0, 10)} ${l.slice(10)}`), problem: PEM_PROBLEMS.BAD_CHARACTER, line: 3 },
  { name: 'a tab indenting a body line', text: () => withLine(1, (l) => `\t${l}`), problem: PEM_PROBLEMS.BAD_CHARACTER, line: 2 },
  { name: 'a hyphen in the body', text: () => withLine(4, (l) => `${l.slice(0, -1)}-`), problem: PEM_PROBLEMS.BAD_CHARACTER, line: 5 },
  { name: 'a non-ASCII letter in the body', text: () => withLine(2, (l) => `é${l.slice(1)}`), problem: PEM_PROBLEMS.BAD_CHARACTER, line: 3 },
  { name: 'a base64url character', text: () => withLine(2, (l) => `_${l.slice(1)}`), problem: PEM_PROBLEMS.BAD_CHARACTER, line: 3 },
  { name: 'an empty body', text: () => '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', problem: PEM_PROBLEMS.EMPTY_BODY, line: 2 },
  { name: 'a body of blank lines', text: () => '-----BEGIN CERTIFICATE-----\n\n\n-----END CERTIFICATE-----\n', problem: PEM_PROBLEMS.EMPTY_BODY },
  { name: 'a character missing from the body', text: () => withLine(1, (l) => l.slice(1)), problem: PEM_PROBLEMS.BAD_BASE64 },
  { name: '"=" inside the body', text: () => withLine(1, (l) => `${l.slice(0, 8)}=${l.slice(9)}`), problem: PEM_PROBLEMS.BAD_BASE64 },
];

describe('checkPem: TR-4843 §10.5 formatting rules', () => {
  it.each(cases)('$name → $problem', ({ text, problem, line }) => {
    const err = expectPkiError(() => checkPem(text(), 'CERTIFICATE'), 'MALFORMED_PEM', problem);
    if (line !== undefined) expect(err.line).toBe(line);
  });

  it('accepts our own certificate and returns its DER', () => {
    const { label, der } = checkPem(ca.certPem, 'CERTIFICATE');
    expect(label).toBe('CERTIFICATE');
    expect(encodePem('CERTIFICATE', der)).toBe(ca.certPem);
  });

  it('accepts a missing final new line and extra final new lines', () => {
    expect(checkPem(ca.certPem.trimEnd(), 'CERTIFICATE').label).toBe('CERTIFICATE');
    expect(checkPem(`${ca.certPem}\n\n`, 'CERTIFICATE').label).toBe('CERTIFICATE');
  });

  it('accepts CRLF only when asked to, with the same DER', () => {
    const crlf = ca.certPem.replace(/\n/g, '\r\n');
    expect(checkPem(crlf, 'CERTIFICATE', { allowCrlf: true }).der).toEqual(checkPem(ca.certPem, 'CERTIFICATE').der);
  });

  it('accepts any of several labels and reads the legacy NEW CERTIFICATE REQUEST label', () => {
    expect(checkPem(ca.keyPem, ['PRIVATE KEY', 'RSA PRIVATE KEY']).label).toBe('PRIVATE KEY');
    const legacy = csrPem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST');
    expect(checkPem(legacy, 'CERTIFICATE REQUEST').label).toBe('CERTIFICATE REQUEST');
  });

  it('tells which label it expected and which it found', () => {
    const err = expectPkiError(() => checkPem(ca.keyPem, 'CERTIFICATE'), 'MALFORMED_PEM', PEM_PROBLEMS.WRONG_LABEL);
    expect(err.message).toContain('expected a CERTIFICATE PEM, got a PRIVATE KEY PEM');
  });

  it('locates a bad character by line and column and names it by code point', () => {
    const text = withLine(2, (l) => `${l.slice(0, 10)} ${l.slice(10)}`);
    expect(() => checkPem(text, 'CERTIFICATE')).toThrow('line 3, column 11 of the CERTIFICATE PEM: a space (U+0020) is not allowed');
  });

  it('never quotes a private key in its messages', async () => {
    const { privateKeyPem } = await generateKeyPair();
    const body = pemBody(privateKeyPem);
    const broken = [
      privateKeyPem.replace(/\n/g, '\\n'),
      privateKeyPem.replace(/\n/g, ' '),
      privateKeyPem.replace('\n', '\n ').replace('-----END', 'x\n-----END'),
      privateKeyPem.replace('END PRIVATE KEY', 'END RSA PRIVATE KEY'),
      `${privateKeyPem}${privateKeyPem}`,
    ];
    for (const text of broken) {
      const err = expectPkiError(() => checkPem(text, 'PRIVATE KEY'), 'MALFORMED_PEM');
      for (let i = 0; i + 12 <= body.length; i += 12) expect(err.message).not.toContain(body.slice(i, i + 12));
    }
  });

  it('passes well-formed PEM whose body is not a certificate, which parseCertificate then rejects', () => {
    const junk = encodePem('CERTIFICATE', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]));
    expect(checkPem(junk, 'CERTIFICATE').der).toHaveLength(5);
    expectPkiError(() => parseCertificate(junk), 'BAD_CERTIFICATE');
  });
});
