/**
 * `openssl s_server` as a TLS peer that behaves like OpenSSL-based KMIP servers (PyKMIP, most
 * appliances) when it rejects a client certificate: it sends the TLS alert. (A node:tls server
 * verifies the client in JavaScript after the handshake and just drops the connection.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Pem, TestPki } from './certs.js';

export interface OpensslServer {
  readonly port: number;
  stop(): void;
}

export function opensslServer(pki: TestPki, cert: Pem, caPem: string, version: 'TLSv1.2' | 'TLSv1.3'): Promise<OpensslServer> {
  const args = [
    's_server',
    '-accept', '127.0.0.1:0',
    '-cert', pki.file('server.crt', cert.certPem),
    '-key', pki.file('server.key', cert.keyPem),
    '-CAfile', pki.file('ca.crt', caPem),
    '-Verify', '1',
    '-verify_return_error',
    version === 'TLSv1.2' ? '-tls1_2' : '-tls1_3',
  ];
  const child: ChildProcess = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /ACCEPT [^\n]*:(\d+)/.exec(out)?.[1];
      if (port !== undefined) resolve({ port: Number(port), stop: () => child.kill() });
    });
  });
}
