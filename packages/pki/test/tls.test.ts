import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import { SimulatedClock, seededRng } from '@ekmsim/core';
import { createCa, createCsr, generateKeyPair, issueClientCertificate, issueServerCertificate, signCsr, type CertAndKey } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './support.js';

// Node's TLS judges validity on the wall clock, so the simulated clock starts at it.
const clock = new SimulatedClock(Date.now());
const rng = seededRng(41);
const tmp = scratch();
let ca: CertAndKey;
let serverCert: CertAndKey;
let server: Server;
let port: number;

beforeAll(async () => {
  ca = await createCa({ commonName: 'KMIP test CA', clock, rng });
  serverCert = await issueServerCertificate({ ca, commonName: 'localhost', sans: ['localhost', '127.0.0.1'], clock, rng });
  const { certPem: cert, keyPem: key } = serverCert;
  server = createServer({ requestCert: true, rejectUnauthorized: true, ca: ca.certPem, cert, key }, (socket) => {
    socket.end(`hello ${String(socket.getPeerCertificate().subject.CN)}`);
  });
  // A rejected client is reported here; without a listener Node would only log it.
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.close();
  await once(server, 'close');
  tmp.remove();
});

interface OpensslServer {
  readonly port: number;
  /** Emits each line the server prints (the data clients send, with -quiet off). */
  readonly output: EventEmitter;
  stop(): void;
}

/**
 * `openssl s_server` requiring a client certificate from our CA and failing the handshake when
 * it does not verify (-verify_return_error), as KMIP appliances built on OpenSSL do.
 */
async function opensslServer(cert: CertAndKey): Promise<OpensslServer> {
  const probe = createTcpServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const freePort = (probe.address() as AddressInfo).port;
  probe.close();
  await once(probe, 'close');
  const args = ['s_server', '-accept', `127.0.0.1:${freePort}`, '-naccept', '1', '-Verify', '1', '-verify_return_error'];
  args.push('-CAfile', tmp.write('ca.pem', ca.certPem), '-cert', tmp.write('server.pem', cert.certPem), '-key', tmp.write('server.key', cert.keyPem));
  const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const output = new EventEmitter();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) output.emit(line.trim());
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`openssl s_server exited early with ${String(code)}`);
  });
  await Promise.race([once(output, 'ACCEPT'), exited]);
  exited.catch(() => {}); // it exits, by design, once stopped
  return { port: freePort, output, stop: () => child.kill() };
}

/** Connects with a client certificate; resolves with what the server says, rejects with the TLS error. */
async function talk(client: CertAndKey, options: { trust?: string; servername?: string; port?: number } = {}): Promise<string> {
  const socket = connect({
    host: '127.0.0.1',
    port: options.port ?? port,
    servername: options.servername ?? 'localhost',
    ca: options.trust ?? ca.certPem,
    cert: client.certPem,
    key: client.keyPem,
  });
  socket.setEncoding('utf8');
  let text = '';
  let failure: Error | undefined;
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  // With TLS 1.3 the server judges the client certificate after the client's handshake is done,
  // so its alert can arrive after the stream ends: wait for 'close', which follows any 'error'.
  socket.on('error', (err) => {
    failure ??= err;
  });
  await once(socket, 'close');
  if (failure !== undefined) throw failure;
  return text;
}

describe('mutually authenticated TLS with ekmsim certificates', () => {
  it('completes a handshake with a client certificate from the same CA', async () => {
    const client = await issueClientCertificate({ ca, commonName: 'cluster-1', organizationalUnit: 'SolidFire', clock, rng });
    expect(await talk(client)).toBe('hello cluster-1');
  });

  it('completes a handshake with a certificate signed from a CSR (TR-4843 §9.1 flow)', async () => {
    const key = (await generateKeyPair()).privateKeyPem;
    const certPem = signCsr({ csrPem: createCsr({ keyPem: key, subject: { commonName: 'cluster-2', organizationalUnit: 'SolidFire' } }), ca, clock, rng });
    expect(await talk({ certPem, keyPem: key })).toBe('hello cluster-2');
  });

  it('refuses a client certificate from another CA (Node servers close without an alert)', async () => {
    const stranger = await createCa({ commonName: 'Stranger CA', clock, rng });
    const client = await issueClientCertificate({ ca: stranger, commonName: 'thief', clock, rng });
    const rejected = once(server, 'tlsClientError');
    // Node's server verifies the peer only after the handshake and then destroys the socket, so
    // under TLS 1.3 the client sees its stream end without the greeting and without an alert.
    expect(await talk(client)).toBe('');
    const [, socket] = (await rejected) as [Error, TLSSocket];
    expect(socket.authorizationError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('gets an "unknown ca" alert from an OpenSSL server for a client certificate from another CA', async () => {
    const stranger = await createCa({ commonName: 'Stranger CA', clock, rng });
    const client = await issueClientCertificate({ ca: stranger, commonName: 'thief', clock, rng });
    const ossl = await opensslServer(serverCert);
    try {
      const err = await talk(client, { port: ossl.port }).then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' });
      // The OpenSSL error stack Element logs (TR-4843 §10.3).
      expect((err as Error).message).toMatch(/ssl3_read_bytes:tlsv1 alert unknown ca/);
    } finally {
      ossl.stop();
    }
  });

  it('is accepted by the same OpenSSL server with a certificate from the right CA', async () => {
    const client = await issueClientCertificate({ ca, commonName: 'cluster-5', clock, rng });
    const ossl = await opensslServer(serverCert);
    try {
      const socket = connect({ host: '127.0.0.1', port: ossl.port, servername: 'localhost', ca: ca.certPem, cert: client.certPem, key: client.keyPem });
      await once(socket, 'secureConnect');
      expect(socket.authorized).toBe(true);
      socket.write('ping\n');
      await once(ossl.output, 'ping');
      socket.destroy();
    } finally {
      ossl.stop();
    }
  });

  it('fails on the client side when the server certificate does not name the host', async () => {
    const client = await issueClientCertificate({ ca, commonName: 'cluster-3', clock, rng });
    await expect(talk(client, { servername: 'kmip.example.com' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('fails on the client side when it does not trust the server CA', async () => {
    const client = await issueClientCertificate({ ca, commonName: 'cluster-4', clock, rng });
    const other = await createCa({ commonName: 'Other CA', clock, rng });
    await expect(talk(client, { trust: other.certPem })).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });
});
