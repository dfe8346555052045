/**
 * `openssl s_client` (OpenSSL 3: a TLS peer ekmsim did not write, and the library Element's KMIP
 * client is built on) against a key server. Refused, it prints OpenSSL's error line, e.g.
 * `…:ssl3_read_bytes:tlsv1 alert unknown ca:…:SSL alert number 48`; admitted with a request on
 * stdin (`-quiet`: only the peer's bytes on stdout), it prints the KMIP response. Never skipped:
 * without openssl 3 on the PATH the tests that use it fail.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pem } from './certs.js';

const TIMEOUT_MS = 20_000;

/** The version line of the openssl on the PATH; throws if there is none. */
export function opensslVersion(): string {
  return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
}

export interface SClientRun {
  /** stdout and stderr, as text. */
  readonly output: string;
  /** The first TTLV message on stdout (with `request`), or undefined. */
  readonly response: Uint8Array | undefined;
  readonly exitCode: number | null;
}

export interface SClientOptions {
  readonly port: number;
  readonly caPem: string;
  /** The client certificate and key; none sends no certificate. */
  readonly identity?: Pem;
  /** KMIP request bytes to send once connected; the run ends with the first response. */
  readonly request?: Uint8Array;
  /** -sess_out / -sess_in files, to resume a session. */
  readonly sessionOut?: string;
  readonly sessionIn?: string;
}

export function sClient(options: SClientOptions): Promise<SClientRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ekmsim-sclient-'));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const args = ['s_client', '-connect', `127.0.0.1:${options.port}`, '-servername', 'localhost', '-CAfile', file('ca.pem', options.caPem), '-nocommands'];
  if (options.identity !== undefined) args.push('-cert', file('client.pem', options.identity.certPem), '-key', file('client.key', options.identity.keyPem));
  if (options.request !== undefined) args.push('-quiet');
  if (options.sessionOut !== undefined) args.push('-sess_out', options.sessionOut);
  if (options.sessionIn !== undefined) args.push('-sess_in', options.sessionIn);
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let text = '';
    let response: Uint8Array | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      stdout.push(d);
      text += d.toString('latin1');
      response ??= firstTtlvMessage(Buffer.concat(stdout));
      if (response !== undefined) child.kill();
    });
    child.stderr.on('data', (d: Buffer) => (text += d.toString('latin1')));
    child.on('error', (e) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ output: text, response, exitCode: code });
    });
    child.stdin.on('error', () => undefined);
    if (options.request !== undefined) child.stdin.write(options.request);
    // Without a request, stdin stays open a moment so that s_client reads the server's answer
    // to its handshake before it would quit on end of input.
    else setTimeout(() => child.stdin.end(), 1_000);
  });
}

/** A whole TTLV structure at the start of `bytes`: 8-byte header, then its declared length. */
function firstTtlvMessage(bytes: Buffer): Uint8Array | undefined {
  const start = bytes.indexOf(Buffer.from([0x42, 0x00, 0x7b, 0x01]));
  if (start < 0 || bytes.length < start + 8) return undefined;
  const end = start + 8 + bytes.readUInt32BE(start + 4);
  return bytes.length < end ? undefined : new Uint8Array(bytes.subarray(start, end));
}
