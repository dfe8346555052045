import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock, seededRng } from '@ekmsim/core';
import { certificateMatchesKey, parseCertificate, verifyIssuedBy } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caCommand } from '../src/commands/ca.js';

const DAY_MS = 86_400_000;
const root = mkdtempSync(join(tmpdir(), 'ekmsim-cli-ca-'));
// openssl judges validity on the wall clock, so the simulated clock starts at it.
const clock = new SimulatedClock(Date.now());
const rng = seededRng(51);

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function ca(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await caCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l), clock, rng });
  return { code, out, err };
}

function openssl(...args: string[]): string {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

const mode = (path: string): number => statSync(path).mode & 0o777;
const read = (path: string): string => readFileSync(path, 'utf8');

describe('ekmsim ca init', () => {
  it('creates ca.pem and a 0600 ca.key in a new directory', async () => {
    const dir = join(root, 'init', 'nested');
    const run = await ca('init', '--dir', dir, '--cn', 'Demo KMIP CA');
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out[0]).toMatch(/^wrote .*ca\.pem: CA certificate CN=Demo KMIP CA, serial [0-9A-F]+, valid until \d{4}-/);
    expect(run.out[1]).toMatch(/ca\.key: CA private key \(mode 0600\)$/);
    expect(mode(join(dir, 'ca.key'))).toBe(0o600);
    const info = parseCertificate(read(join(dir, 'ca.pem')));
    expect(info).toMatchObject({ isCa: true, subject: { commonName: 'Demo KMIP CA' } });
    expect(info.notAfter - info.notBefore).toBe(3650 * DAY_MS + 60_000);
    expect(certificateMatchesKey(read(join(dir, 'ca.pem')), read(join(dir, 'ca.key')))).toBe(true);
  });

  it('names the CA "ekmsim local CA" by default', async () => {
    const dir = join(root, 'default-name');
    expect((await ca('init', '--dir', dir, '--days', '30')).code).toBe(0);
    const info = parseCertificate(read(join(dir, 'ca.pem')));
    expect(info.subject.commonName).toBe('ekmsim local CA');
    expect(info.notAfter - info.notBefore).toBe(30 * DAY_MS + 60_000);
  });

  it('refuses to overwrite an existing CA (exit 1) and leaves it untouched', async () => {
    const dir = join(root, 'twice');
    await ca('init', '--dir', dir);
    const before = read(join(dir, 'ca.pem'));
    const run = await ca('init', '--dir', dir, '--cn', 'Another');
    expect(run.code).toBe(1);
    expect(run.err).toEqual([`ekmsim ca: ${join(dir, 'ca.pem')} already exists; refusing to overwrite an existing CA`]);
    expect(read(join(dir, 'ca.pem'))).toBe(before);
  });
});

describe('ekmsim ca issue and sign', () => {
  const dir = join(root, 'ca');
  const caPem = (): string => join(dir, 'ca.pem');
  beforeAll(async () => {
    expect((await ca('init', '--dir', dir, '--cn', 'Issuing CA')).code).toBe(0);
  });

  it('issues a server certificate with repeated --san that openssl verifies for TLS servers', async () => {
    const prefix = join(root, 'kmip-server');
    const run = await ca('issue', '--dir', dir, '--server', '--cn', 'kmip.local', '--san', 'kmip.local', '--san', 'localhost', '--san', '127.0.0.1', '--out', prefix);
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out[0]).toContain('server certificate CN=kmip.local, SAN kmip.local localhost 127.0.0.1');
    expect(mode(`${prefix}.key`)).toBe(0o600);
    expect(openssl('verify', '-CAfile', caPem(), '-purpose', 'sslserver', `${prefix}.pem`)).toContain(': OK');
    const text = openssl('x509', '-in', `${prefix}.pem`, '-noout', '-text');
    expect(text).toMatch(/DNS:kmip\.local, DNS:localhost, IP Address:127\.0\.0\.1/);
    expect(text).toMatch(/TLS Web Server Authentication/);
    expect(certificateMatchesKey(read(`${prefix}.pem`), read(`${prefix}.key`))).toBe(true);
  });

  it('issues a client certificate with an OU that openssl verifies for TLS clients', async () => {
    const prefix = join(root, 'cluster');
    const run = await ca('issue', '--dir', dir, '--client', '--cn', 'cluster-a', '--ou', 'SolidFire', '--out', prefix, '--days', '90');
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(openssl('verify', '-CAfile', caPem(), '-purpose', 'sslclient', `${prefix}.pem`)).toContain(': OK');
    expect(openssl('x509', '-in', `${prefix}.pem`, '-noout', '-text')).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\n/);
    const info = parseCertificate(read(`${prefix}.pem`));
    expect(info.subject).toEqual({ organizationalUnit: 'SolidFire', commonName: 'cluster-a' });
    expect(info.notAfter - info.notBefore).toBe(90 * DAY_MS + 60_000);
  });

  it('resets the mode of an existing key file to 0600 when it reissues', async () => {
    const prefix = join(root, 'reissued');
    writeFileSync(`${prefix}.key`, 'old', { mode: 0o644 });
    expect((await ca('issue', '--dir', dir, '--client', '--cn', 'again', '--out', prefix)).code).toBe(0);
    expect(mode(`${prefix}.key`)).toBe(0o600);
  });

  it('signs an openssl CSR into a client certificate (TR-4843 §7.2)', async () => {
    const csr = join(root, 'cluster.csr.pem');
    openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(root, 'cluster.key'), '-out', csr, '-subj', '/O=NetApp/OU=SolidFire/CN=cluster1');
    const out = join(root, 'cluster.cert.pem');
    const run = await ca('sign', '--dir', dir, '--csr', csr, '--out', out, '--days', '3600');
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out).toEqual([expect.stringMatching(/^wrote .*cluster\.cert\.pem: client certificate O=NetApp, OU=SolidFire, CN=cluster1, serial /)]);
    expect(openssl('verify', '-CAfile', caPem(), '-purpose', 'sslclient', out)).toContain(': OK');
    expect(openssl('x509', '-in', out, '-noout', '-text')).toMatch(/TLS Web Client Authentication/);
    verifyIssuedBy(read(out), read(caPem()));
    expect(certificateMatchesKey(read(out), read(join(root, 'cluster.key')))).toBe(true);
    const info = parseCertificate(read(out));
    expect(info.notAfter - info.notBefore).toBe(3600 * DAY_MS + 60_000);
  });

  it('signs a CSR as a server certificate with --server and --san', async () => {
    const csr = join(root, 'server.csr.pem');
    openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(root, 'server.key'), '-out', csr, '-subj', '/CN=kms1');
    const out = join(root, 'server.cert.pem');
    expect((await ca('sign', '--dir', dir, '--csr', csr, '--out', out, '--server', '--san', 'kms1', '--san', '10.1.1.1')).code).toBe(0);
    expect(parseCertificate(read(out))).toMatchObject({ ekus: ['serverAuth'], sans: ['kms1', '10.1.1.1'] });
  });

  it('fails (exit 1) on a tampered CSR, a non-PEM CSR, a missing CSR and a missing CA', async () => {
    const good = read(join(root, 'cluster.csr.pem'));
    const der = Buffer.from(good.split('\n').filter((l) => l !== '' && !l.startsWith('-----')).join(''), 'base64');
    der[der.indexOf('cluster1') + 7] = 0x32;
    const tampered = join(root, 'tampered.csr');
    writeFileSync(tampered, `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE REQUEST-----\n`);
    const derFile = join(root, 'csr.der');
    writeFileSync(derFile, der);
    const out = join(root, 'never.pem');
    const cases: [string[], RegExp][] = [
      [['sign', '--dir', dir, '--csr', tampered, '--out', out], /^ekmsim ca: the CSR signature does not match/],
      [['sign', '--dir', dir, '--csr', derFile, '--out', out], /^ekmsim ca: expected a CERTIFICATE REQUEST PEM/],
      [['sign', '--dir', dir, '--csr', join(root, 'missing.csr'), '--out', out], /^ekmsim ca: cannot read the CSR .*missing\.csr: ENOENT$/],
      [['issue', '--dir', join(root, 'no-ca'), '--client', '--cn', 'x', '--out', out], /^ekmsim ca: no CA in .*no-ca/],
      [['issue', '--dir', dir, '--client', '--cn', 'x', '--out', join(root, 'no-such-dir', 'x')], /^ekmsim ca: ENOENT: .*no-such-dir/],
    ];
    for (const [argv, message] of cases) {
      const run = await ca(...argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(message);
    }
    expect(() => statSync(out)).toThrow();
  });
});

describe('bad arguments', () => {
  const dir = join(root, 'args');
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /missing command/],
    ['an unknown command', ['revoke'], /unknown command "revoke"/],
    ['init without --dir', ['init'], /missing --dir/],
    ['--dir without its value', ['init', '--dir'], /option --dir/],
    ['an unknown option', ['init', '--dir', dir, '--force'], /unknown option --force/],
    ['a stray positional argument', ['init', '--dir', dir, 'extra'], /unexpected argument "extra"/],
    ['a zero --days', ['init', '--dir', dir, '--days', '0'], /--days must be a whole number/],
    ['a word for --days', ['sign', '--dir', dir, '--csr', 'x', '--out', 'y', '--days', 'ten'], /--days must be a whole number/],
    ['issue without --server or --client', ['issue', '--dir', dir, '--cn', 'x', '--out', 'p'], /exactly one of --server or --client/],
    ['issue with both --server and --client', ['issue', '--dir', dir, '--server', '--client', '--cn', 'x', '--out', 'p'], /exactly one of --server or --client/],
    ['issue without --cn', ['issue', '--dir', dir, '--server', '--out', 'p'], /missing --cn/],
    ['issue without --out', ['issue', '--dir', dir, '--client', '--cn', 'x'], /missing --out/],
    ['--san on a client certificate', ['issue', '--dir', dir, '--client', '--cn', 'x', '--san', 'h', '--out', 'p'], /--san applies to --server/],
    ['--san on a client signing', ['sign', '--dir', dir, '--csr', 'x', '--out', 'y', '--san', 'h'], /--san applies with --server/],
    ['sign without --csr', ['sign', '--dir', dir, '--out', 'y'], /missing --csr/],
    ['a boolean given a value', ['issue', '--dir', dir, '--server=yes', '--cn', 'x', '--out', 'p'], /--server/],
  ];

  it.each(cases)('%s → exit 2, one problem line then the usage line', async (_name, argv, problem) => {
    const run = await ca(...argv);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(2);
    expect(run.err[0]).toMatch(/^ekmsim ca: /);
    expect(run.err[0]).toMatch(problem);
    expect(run.err[1]).toMatch(/^usage: ekmsim ca /);
  });

  it('treats a value the PKI refuses (a malformed --san) as a bad argument', async () => {
    const caDir = join(root, 'args-ca');
    await ca('init', '--dir', caDir);
    const run = await ca('issue', '--dir', caDir, '--server', '--cn', 'x', '--san', 'not a host', '--out', join(root, 'bad-san'));
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/^ekmsim ca: subject alternative name "not a host"/);
    expect(run.err[1]).toMatch(/^usage: ekmsim ca issue /);
  });

  it('prints usage on --help and exits 0', async () => {
    expect(await ca('--help')).toMatchObject({ code: 0, err: [] });
    const run = await ca('sign', '--help');
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out).toEqual([expect.stringMatching(/^usage: ekmsim ca sign --dir DIR --csr FILE --out FILE/)]);
  });
});
