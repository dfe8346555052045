/** The HTTP layer: Basic auth, routing, methods, body limits, the kept self-signed certificate. */
import { X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiServerError, startApiServer, TLS_CERT_FILE, TLS_KEY_FILE } from '@ekmsim/api';
import { errorOf, send } from './support/http.js';
import { ELEMENT, SIM, startFixture, type Fixture } from './support/fixture.js';

const GET_API = '{"method":"GetAPI","params":{},"id":1}';

describe('HTTP', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ maxBodyBytes: 4096 });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('answers missing or wrong credentials with 401 and the text the Python SDK looks for', async () => {
    for (const auth of [null, 'admin:wrong', 'root:admin', 'admin', 'admin:admin ', ':']) {
      const reply = await fx.post(GET_API, { auth });
      expect(reply.status, String(auth)).toBe(401);
      expect(reply.body).toContain('401 Unauthorized.');
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(() => JSON.parse(reply.body) as unknown).toThrow();
    }
    const garbage = await fx.post(GET_API, { auth: null, headers: { Authorization: 'Basic !!!' } });
    expect(garbage.status).toBe(401);
    const bearer = await fx.post(GET_API, { auth: null, headers: { Authorization: 'Bearer abc' } });
    expect(bearer.status).toBe(401);
  });

  it('checks credentials before routing, so an unknown path without them is also 401', async () => {
    expect((await fx.post(GET_API, { auth: null, path: '/nope' })).status).toBe(401);
  });

  it('logs failed authentication without the password', async () => {
    await fx.post(GET_API, { auth: 'admin:hunter2-secret' });
    const line = fx.logger.api().find((e) => e.message === 'authentication failed' && e.fields.username === 'admin');
    expect(line?.level).toBe('warn');
    expect(fx.logger.text()).not.toContain('hunter2-secret');
  });

  it('accepts a password with a colon (split at the first colon)', async () => {
    const api = await startApiServer({ port: 0, dataDir: join(fx.dir, 'api2'), credentials: { username: 'ops', password: 'a:b:c' }, master: fx.master, clock: fx.clock, rng: fx.rng });
    try {
      expect((await send(api.url + ELEMENT, GET_API, { auth: 'ops:a:b:c' })).status).toBe(200);
      expect((await send(api.url + ELEMENT, GET_API, { auth: 'ops:a:b' })).status).toBe(401);
    } finally {
      await api.close();
    }
  });

  it('serves POST /json-rpc/<version> for every supported version and 404s the rest', async () => {
    expect((await fx.post(GET_API, { path: '/json-rpc/1.0' })).status).toBe(200);
    expect((await fx.post(GET_API, { path: '/json-rpc/12.3?x=1' })).status).toBe(200);
    for (const path of ['/', '/json-rpc', '/json-rpc/', '/json-rpc/12.1', '/json-rpc/13.0', '/json-rpc/12.3/', '/json-rpc/v12.3', '/sim/json-rpc/2.0']) {
      const reply = await fx.post(GET_API, { path });
      expect(reply.status, path).toBe(404);
      expect(reply.body).toContain('404 Not Found');
    }
  });

  it('answers a Content-Length far over the limit at once, without reading the body, and closes', async () => {
    const { hostname, port } = new URL(fx.api.url);
    const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false });
    const text = await new Promise<string>((resolve, reject) => {
      let got = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (got += d));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
      const auth = Buffer.from('admin:admin').toString('base64');
      socket.write(`POST ${ELEMENT} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${auth}\r\nContent-Length: 1000000000\r\n\r\n`);
    });
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/connection: close/i);
    expect(text).toContain('"name":"xRequestTooLarge"');
  });

  it('does not serve the control API without a SimControl', async () => {
    expect((await fx.post('{"method":"ListSimKeyServers","id":1}', { path: SIM })).status).toBe(404);
  });

  it('answers other HTTP methods with 405', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const reply = await fx.post(method === 'PUT' ? GET_API : '', { method });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('POST');
    }
  });

  it('refuses a body over the limit with HTTP 413 and an Element error, changing nothing', async () => {
    const padded = JSON.stringify({ id: 1, method: 'CreateKeyProviderKmip', params: { keyProviderName: 'big', pad: 'x'.repeat(5000) } });
    const reply = await fx.post(padded);
    expect(reply.status).toBe(413);
    expect(errorOf(reply)).toEqual({ code: 500, name: 'xRequestTooLarge', message: 'The request body exceeds the 4096-byte limit.' });
    // Several times the limit: read and dropped, so the client still gets its reply.
    expect((await fx.post(Buffer.alloc(20 * 1024, 0x20))).status).toBe(413);
    expect(await fx.result('ListKeyProvidersKmip')).toEqual({ kmipKeyProviders: [] });
    // Just under the limit is fine.
    const fits = JSON.stringify({ id: 1, method: 'ListKeyProvidersKmip', params: { pad: 'x'.repeat(3000) } });
    expect((await fx.post(fits)).status).toBe(200);
  });
});

describe('the self-signed certificate', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('is made at first start for localhost and 127.0.0.1, with the key kept private', async () => {
    const reply = await fx.post(GET_API);
    const cert = new X509Certificate(reply.peerCertificate.raw);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(cert.fingerprint256).toBe(fx.api.certificateFingerprint);
    expect((await stat(join(fx.dir, 'api', TLS_KEY_FILE))).mode & 0o777).toBe(0o600);
    const pem = await readFile(join(fx.dir, 'api', TLS_CERT_FILE), 'utf8');
    expect(pem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(1);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it('is kept across restarts', async () => {
    const first = fx.api.certificateFingerprint;
    const options = { port: 0, dataDir: join(fx.dir, 'api'), credentials: { username: 'admin', password: 'admin' }, master: fx.master, clock: fx.clock, rng: fx.rng };
    const again = await startApiServer(options);
    try {
      expect(again.certificateFingerprint).toBe(first);
      expect((await send(again.url + ELEMENT, GET_API)).peerCertificate.fingerprint256).toBe(first);
    } finally {
      await again.close();
    }
  });

  it('refuses a certificate and key that do not belong together instead of overwriting them', async () => {
    const dir = join(fx.dir, 'mismatch');
    const options = { port: 0, dataDir: dir, credentials: { username: 'admin', password: 'admin' }, master: fx.master, clock: fx.clock, rng: fx.rng };
    const other = await startApiServer(options);
    await other.close();
    const theirs = await readFile(join(fx.dir, 'api', TLS_KEY_FILE), 'utf8');
    await writeFile(join(dir, TLS_KEY_FILE), theirs);
    const err = await startApiServer(options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiServerError);
    expect((err as ApiServerError).code).toBe('TLS_IDENTITY');
    expect(await readFile(join(dir, TLS_KEY_FILE), 'utf8')).toBe(theirs);
  });
});
