/**
 * `openssl s_server` as an OpenSSL-based key server (KeySecure, PyKMIP) rejecting a client
 * certificate: it sends the TLS alert (`unknown ca`) that a node:tls server cannot.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CertAndKey } from '@ekmsim/pki';

export interface OpensslServer {
  readonly port: number;
  stop(): void;
}

export function opensslServer(dir: string, cert: CertAndKey, clientCaPem: string, version: 'TLSv1.2' | 'TLSv1.3'): Promise<OpensslServer> {
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const args = ['s_server', '-accept', '127.0.0.1:0', '-cert', file('server.crt', cert.certPem), '-key', file('server.key', cert.keyPem),
    '-CAfile', file('client-ca.crt', clientCaPem), '-Verify', '1', '-verify_return_error', version === 'TLSv1.2' ? '-tls1_2' : '-tls1_3'];
  const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${out}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /ACCEPT [^\n]*:(\d+)/.exec(out)?.[1];
      if (port !== undefined) resolve({ port: Number(port), stop: () => child.kill() });
    });
  });
}
