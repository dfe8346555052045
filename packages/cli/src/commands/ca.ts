/**
 * `ekmsim ca`: a local certificate authority on disk, for key servers and KMIP clients.
 *
 *   ekmsim ca init  --dir D [--cn NAME] [--days N]
 *   ekmsim ca issue --dir D --server --cn HOST [--san NAME_OR_IP]... --out PREFIX [--days N]
 *   ekmsim ca issue --dir D --client --cn NAME [--ou OU] --out PREFIX [--days N]
 *   ekmsim ca sign  --dir D --csr FILE --out FILE [--days N] [--server [--san NAME_OR_IP]...]
 *
 * `sign` is what TR-4843 §7.2 does with `openssl x509 -req`: it turns a cluster's CSR (from
 * GetClientCertificateSignRequest) into a client certificate. Exit codes: 0 done, 1 failed,
 * 2 bad arguments (one `ekmsim ca: <problem>` line, then the usage line, on stderr).
 */
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Clock, Rng } from '@ekmsim/core';
import {
  createCa,
  formatDistinguishedName,
  issueClientCertificate,
  issueServerCertificate,
  parseCertificate,
  PKI_ERROR_CODES,
  PkiError,
  signCsr,
  type CertAndKey,
} from '@ekmsim/pki';

export interface CaCommandIo {
  out(line: string): void;
  err(line: string): void;
  readonly clock: Clock;
  readonly rng: Rng;
}

const USAGE = {
  init: 'usage: ekmsim ca init --dir DIR [--cn NAME] [--days N]',
  issue: 'usage: ekmsim ca issue --dir DIR (--server --cn HOST [--san NAME_OR_IP]... | --client --cn NAME [--ou OU]) --out PREFIX [--days N]',
  sign: 'usage: ekmsim ca sign --dir DIR --csr FILE --out FILE [--days N] [--server [--san NAME_OR_IP]...]',
  ca: 'usage: ekmsim ca init|issue|sign --dir DIR ... (ekmsim ca <command> --help for its options)',
} as const;

const HELP = { type: 'boolean', short: 'h' } as const;
const FLAG = { type: 'boolean' } as const;
const VALUE = { type: 'string' } as const;
const VALUES = { type: 'string', multiple: true } as const;
const OPTIONS = {
  init: { help: HELP, dir: VALUE, cn: VALUE, days: VALUE },
  issue: { help: HELP, dir: VALUE, server: FLAG, client: FLAG, cn: VALUE, san: VALUES, ou: VALUE, out: VALUE, days: VALUE },
  sign: { help: HELP, dir: VALUE, csr: VALUE, out: VALUE, days: VALUE, server: FLAG, san: VALUES },
} as const;

const CA_CERT = 'ca.pem';
const CA_KEY = 'ca.key';
const DEFAULT_CA_NAME = 'ekmsim local CA';

/** Bad or missing arguments: exit 2 with the usage line. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** The command could not do its job (existing CA, missing file): exit 1, as PKI and file errors. */
class CommandFailure extends Error {}

export async function caCommand(argv: string[], io: CaCommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    switch (sub) {
      case 'init':
        return await init(rest, io);
      case 'issue':
        return await issue(rest, io);
      case 'sign':
        return await sign(rest, io);
      case '--help':
      case '-h':
      case 'help':
        for (const line of [USAGE.init, USAGE.issue, USAGE.sign]) io.out(line);
        return 0;
      case undefined:
        throw new UsageError('missing command: init, issue or sign', USAGE.ca);
      default:
        throw new UsageError(`unknown command "${sub}": expected init, issue or sign`, USAGE.ca);
    }
  } catch (err) {
    // A value the PKI refuses (a malformed --san, --cn or --days) is a bad argument too.
    const usage = err instanceof UsageError ? err.usage : isBadValue(err) ? usageOf(sub) : undefined;
    if (usage !== undefined && err instanceof Error) {
      io.err(`ekmsim ca: ${err.message}`);
      io.err(usage);
      return 2;
    }
    if (err instanceof CommandFailure || err instanceof PkiError || isFileError(err)) {
      io.err(`ekmsim ca: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

async function init(args: string[], io: CaCommandIo): Promise<number> {
  const opts = parse('init', () => parseArgs({ args, strict: true, options: OPTIONS.init }));
  if (opts.help === true) return help(io, 'init');
  const dir = required(opts.dir, '--dir', 'init');
  const days = daysOption(opts.days, 'init');
  const certPath = join(dir, CA_CERT);
  const keyPath = join(dir, CA_KEY);
  for (const path of [certPath, keyPath]) {
    if (await exists(path)) throw new CommandFailure(`${path} already exists; refusing to overwrite an existing CA`);
  }
  const ca = await createCa({ commonName: opts.cn ?? DEFAULT_CA_NAME, clock: io.clock, rng: io.rng, ...days });
  await mkdir(dir, { recursive: true });
  // 'wx' fails rather than overwrite, should a CA appear between the check and the write.
  await writeKey(keyPath, ca.keyPem, 'wx');
  await writeFile(certPath, ca.certPem, { flag: 'wx', mode: 0o644 });
  io.out(`wrote ${certPath}: ${summary(ca.certPem, 'CA certificate')}`);
  io.out(`wrote ${keyPath}: CA private key (mode 0600)`);
  return 0;
}

async function issue(args: string[], io: CaCommandIo): Promise<number> {
  const opts = parse('issue', () => parseArgs({ args, strict: true, options: OPTIONS.issue }));
  if (opts.help === true) return help(io, 'issue');
  const dir = required(opts.dir, '--dir', 'issue');
  if (opts.server === opts.client) throw new UsageError('give exactly one of --server or --client', USAGE.issue);
  const commonName = required(opts.cn, '--cn', 'issue');
  const prefix = required(opts.out, '--out', 'issue');
  if (opts.client === true && opts.san !== undefined) throw new UsageError('--san applies to --server certificates only', USAGE.issue);
  const days = daysOption(opts.days, 'issue');
  const base = { ca: await readCa(dir), commonName, clock: io.clock, rng: io.rng, ...days };
  const withOu = opts.ou === undefined ? base : { ...base, organizationalUnit: opts.ou };
  const issued: CertAndKey =
    opts.server === true ? await issueServerCertificate({ ...withOu, sans: opts.san ?? [] }) : await issueClientCertificate(withOu);
  const certPath = `${prefix}.pem`;
  const keyPath = `${prefix}.key`;
  await writeKey(keyPath, issued.keyPem, 'w');
  await writeFile(certPath, issued.certPem);
  io.out(`wrote ${certPath}: ${summary(issued.certPem, opts.server === true ? 'server certificate' : 'client certificate')}`);
  io.out(`wrote ${keyPath}: private key (mode 0600)`);
  return 0;
}

async function sign(args: string[], io: CaCommandIo): Promise<number> {
  const opts = parse('sign', () => parseArgs({ args, strict: true, options: OPTIONS.sign }));
  if (opts.help === true) return help(io, 'sign');
  const dir = required(opts.dir, '--dir', 'sign');
  const csrPath = required(opts.csr, '--csr', 'sign');
  const outPath = required(opts.out, '--out', 'sign');
  if (opts.server !== true && opts.san !== undefined) throw new UsageError('--san applies with --server only', USAGE.sign);
  const days = daysOption(opts.days, 'sign');
  const ca = await readCa(dir);
  const csrPem = await readText(csrPath, 'the CSR');
  const usage = opts.server === true ? 'server' : 'client';
  const certPem = signCsr({ csrPem, ca, clock: io.clock, rng: io.rng, usage, sans: opts.san ?? [], ...days });
  await writeFile(outPath, certPem);
  io.out(`wrote ${outPath}: ${summary(certPem, `${usage} certificate`)}`);
  return 0;
}

type Command = 'init' | 'issue' | 'sign';

/** Runs a strict parseArgs call; its errors become one-line usage errors. */
function parse<T>(command: Command, run: () => { values: T }): T {
  try {
    return run().values;
  } catch (err) {
    throw new UsageError(argumentProblem(err), USAGE[command]);
  }
}

function argumentProblem(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}"`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return message.replace(/\.$/, '').replace(/^Option '([^']*)'/, 'option $1');
  return message;
}

function isBadValue(err: unknown): boolean {
  return err instanceof PkiError && err.code === PKI_ERROR_CODES.INVALID_ARGUMENT;
}

function usageOf(command: string | undefined): string {
  return command === 'init' || command === 'issue' || command === 'sign' ? USAGE[command] : USAGE.ca;
}

function help(io: CaCommandIo, command: Command): number {
  io.out(USAGE[command]);
  return 0;
}

function required(value: string | undefined, flag: string, command: Command): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${flag}`, USAGE[command]);
  return value;
}

function daysOption(value: string | undefined, command: Command): { days?: number } {
  if (value === undefined) return {};
  if (!/^[1-9][0-9]{0,5}$/.test(value)) throw new UsageError(`--days must be a whole number of days from 1 to 999999, got "${value}"`, USAGE[command]);
  return { days: Number(value) };
}

async function readCa(dir: string): Promise<CertAndKey> {
  const certPath = join(dir, CA_CERT);
  if (!(await exists(certPath))) throw new CommandFailure(`no CA in ${dir} (${certPath} not found); create one with "ekmsim ca init --dir ${dir}"`);
  return { certPem: await readText(certPath, 'the CA certificate'), keyPem: await readText(join(dir, CA_KEY), 'the CA key') };
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new CommandFailure(`cannot read ${what} ${path}: ${(err as { code?: string }).code ?? String(err)}`);
  }
}

/**
 * Writes a private key readable by its owner only. The mode is set before the key is written,
 * so a reissue into a file that was world-readable never exposes the new key.
 */
async function writeKey(path: string, pem: string, flag: 'w' | 'wx'): Promise<void> {
  const file = await open(path, flag, 0o600);
  try {
    await file.chmod(0o600);
    await file.writeFile(pem);
  } finally {
    await file.close();
  }
}

/** A failed file operation (Node's errno errors carry `code` and `syscall`). */
function isFileError(err: unknown): err is Error {
  return err instanceof Error && typeof (err as { syscall?: unknown }).syscall === 'string';
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function summary(certPem: string, what: string): string {
  const info = parseCertificate(certPem);
  const sans = info.sans.length > 0 ? `, SAN ${info.sans.join(' ')}` : '';
  return `${what} ${formatDistinguishedName(info.subject)}${sans}, serial ${info.serialHex}, valid until ${new Date(info.notAfter).toISOString()}`;
}
