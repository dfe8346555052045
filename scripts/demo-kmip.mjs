#!/usr/bin/env node
// The main job until the scenario library exists: the trust set-up of TR-4843 §9.1 with a local
// CA, a mock KMIP key server on loopback, and the authentication key's whole life over KMIP —
// what an Element cluster does with an external key server. Exits non-zero if any answer is not
// the one a real KMIP server gives.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { secureRng, systemClock, uuidV4 } from '../packages/core/dist/index.js';
import { startKeyServer } from '../packages/eks/dist/index.js';
import { Enum, formatVersion, KmipResultError, numberAttribute, enumName, Tag } from '../packages/kmip/dist/index.js';
import { KmipClient } from '../packages/kmip-client/dist/index.js';
import { createCa, createCsr, generateKeyPair, issueServerCertificate, parseCertificate, signCsr } from '../packages/pki/dist/index.js';

const clock = systemClock();
const rng = secureRng();
let step = 0;
const say = (text) => console.log(`${String(++step).padStart(2)}. ${text}`);
const state = (attrs) => enumName(Tag.State, numberAttribute(attrs, 'State') ?? 0);

const dir = await mkdtemp(join(os.tmpdir(), 'ekmsim-demo-'));
let server;
let client;
try {
  console.log('ekmsim: an external key server and a cluster\'s authentication key over KMIP\n');
  const ca = await createCa({ commonName: 'ekmsim demo CA', organization: 'ekmsim', clock, rng });
  say('local CA "ekmsim demo CA" created');
  const serverCert = await issueServerCertificate({ ca, commonName: 'localhost', sans: ['localhost', '127.0.0.1'], clock, rng });
  say('key server certificate issued for localhost (SAN localhost, 127.0.0.1)');
  const cluster = await generateKeyPair();
  const csr = createCsr({ keyPem: cluster.privateKeyPem, subject: { commonName: 'cluster1', organization: 'NetApp', organizationalUnit: 'SolidFire' } });
  const clusterCert = signCsr({ csrPem: csr, ca, clock, rng, days: 365 });
  const info = parseCertificate(clusterCert);
  say(`cluster key pair and CSR (CN=cluster1, OU=SolidFire) signed by the CA: serial ${info.serialHex.slice(0, 16)}…, EKU ${info.ekus.join(', ')}`);

  server = await startKeyServer({ host: '127.0.0.1', port: 0, tls: { ...serverCert, caPem: ca.certPem }, dataDir: join(dir, 'eks'), clock, rng });
  say(`mock key server listening on ${server.host}:${server.port} (TLS 1.2/1.3, client certificate required)`);

  client = new KmipClient({
    servers: [{ host: 'localhost', port: server.port }],
    tls: { caPem: ca.certPem, certPem: clusterCert, keyPem: cluster.privateKeyPem },
    version: '1.4',
    clock,
  });
  say(`DiscoverVersions → ${(await client.discoverVersions()).map(formatVersion).join(' ')}`);
  const keyName = `x-SolidFire-KeyID-${uuidV4(rng)}`;
  const uid = await client.create({ algorithm: 'AES', length: 256, name: keyName });
  say(`Create AES-256 named ${keyName} → Unique Identifier ${uid}`);
  await client.activate(uid);
  say(`Activate → ${state(await client.getAttributes(uid, ['State']))}`);
  const key = await client.get(uid);
  say(`Get → ${key.key.material.length}-byte ${enumName(Tag.CryptographicAlgorithm, key.key.algorithm)} key (material not shown)`);
  const found = await client.locate({ name: keyName });
  if (found.length !== 1 || found[0] !== uid) throw new Error(`Locate by name found ${JSON.stringify(found)}`);
  say(`Locate by name → ${found.join(', ')}`);
  await client.revoke(uid, 'KeyCompromise');
  say(`Revoke (key compromise) → ${state(await client.getAttributes(uid, ['State']))}`);
  await client.destroy(uid);
  say(`Destroy → ${state(await client.getAttributes(uid, ['State']))}`);
  try {
    await client.get(uid);
    throw new Error('Get after Destroy succeeded');
  } catch (e) {
    if (!(e instanceof KmipResultError)) throw e;
    say(`Get after Destroy → refused by the server: ${e.status} ${e.reason} ("${e.resultMessage}")`);
  }
  if (key.key.algorithm !== Enum.CryptographicAlgorithm.AES) throw new Error('wrong algorithm');
  console.log('\nall answers as expected');
} catch (e) {
  console.error(`\nekmsim demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await client?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
}
