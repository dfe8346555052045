/** Admin settings are in the durable store: an acknowledged change survives a kill -9. */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { VendorName } from '@ekmsim/eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pem } from './support/certs.js';
import { connectClient } from './support/client.js';
import { makePki, removeDir, scratchDir, type Pki } from './support/fixture.js';
import { createItem, createKey, expectFailure, expectRefused, startVendor } from './support/vendor.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/admin-server.mjs', import.meta.url));

let pki: Pki;
let element: Pem;

beforeAll(() => {
  pki = makePki();
  element = pki.ca.issue('cluster1', 'client', undefined, { ou: 'SolidFire' });
});

afterAll(() => {
  pki.remove();
});

interface AdminProcess {
  readonly port: number;
  call(method: string, args?: unknown): Promise<unknown>;
  kill(): Promise<void>;
}

/** A key server in its own process, administered line by line over stdin/stdout. */
function spawnAdminServer(vendor: VendorName, dataDir: string): Promise<AdminProcess> {
  const child: ChildProcess = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, EKS_CONFIG: JSON.stringify({ certPem: pki.server.certPem, keyPem: pki.server.keyPem, caPem: pki.ca.certPem, dataDir, vendor }) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = (): Promise<string> => new Promise((resolve) => waiting.push(resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`key server process exited early (${code})`)));
    void next().then((first) => {
      resolve({
        port: (JSON.parse(first) as { port: number }).port,
        async call(method, args) {
          const answer = next();
          child.stdin!.write(`${JSON.stringify({ method, args })}\n`);
          const parsed = JSON.parse(await answer) as { result?: unknown; error?: { code: string; message: string } };
          if (parsed.error !== undefined) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
          return parsed.result;
        },
        async kill() {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

describe('admin state across a kill -9', () => {
  it('keeps KeySecure for Government’s licence, users, allow-list and revocations', async () => {
    const dataDir = scratchDir();
    try {
      const p = await spawnAdminServer('keysecure-gov', dataDir);
      await p.call('setKmipLicense', { licensed: true });
      await p.call('addLocalUser', { name: 'SolidFire' });
      await p.call('setSourceAllowList', { sources: ['127.0.0.1/32'] });
      await p.call('revokeCertificate', { commonName: 'bob' });
      await createKey(await connectClient({ port: p.port, caPem: pki.ca.certPem }, element));
      await p.kill();

      const s = await startVendor({ server: pki.server, caPem: pki.ca.certPem }, { vendor: 'keysecure-gov', dataDir });
      try {
        expect(s.admin.status().settings).toMatchObject({ kmipLicensed: true, localUsers: ['SolidFire'], sourceAllowList: ['127.0.0.1/32'] });
        await createKey(await s.connect(element));
        await expectRefused(s.endpoint(), pki.bob);
        await expectRefused(s.endpoint(), element, { localAddress: '127.0.0.2' });
        expect(s.admin.listObjects()).toHaveLength(2);
      } finally {
        await s.stop();
      }
    } finally {
      removeDir(dataDir);
    }
  });

  it('keeps SKLM’s accepted certificate and Vormetric’s hosts and imports', async () => {
    const sklmDir = scratchDir();
    const dsmDir = scratchDir();
    try {
      const sklm = await spawnAdminServer('sklm', sklmDir);
      const c = await connectClient({ port: sklm.port, caPem: pki.ca.certPem }, element);
      expectFailure(await createItem(c), 'OperationFailed', 'InvalidMessage', /CTGKS0070E/);
      await sklm.call('acceptCertificate', { commonName: 'cluster1' });
      await createKey(c);
      await sklm.kill();
      c.socket.destroy();

      const dsm = await spawnAdminServer('vormetric', dsmDir);
      await dsm.call('registerHost', { host: 'cluster1' });
      await dsm.call('importCertificate', { host: 'cluster1', certificate: new X509Certificate(element.certPem).raw.toString('base64'), format: 'der' });
      await dsm.kill();

      const s1 = await startVendor({ server: pki.server, caPem: pki.ca.certPem }, { vendor: 'sklm', dataDir: sklmDir });
      const s2 = await startVendor({ server: pki.server, caPem: pki.ca.certPem }, { vendor: 'vormetric', dataDir: dsmDir });
      try {
        expect(s1.admin.listObjects()[0]?.uid).toMatch(/^KEY-/);
        await createKey(await s1.connect(element));
        await createKey(await s2.connect(element));
      } finally {
        await s1.stop();
        await s2.stop();
      }
    } finally {
      removeDir(sklmDir);
      removeDir(dsmDir);
    }
  });
});
