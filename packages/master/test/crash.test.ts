/**
 * kill -9 of a process in the middle of changing the cluster database, at a random moment, three
 * times over: after each, every change the process reported as acknowledged is there, no change
 * is half there, and ids are never reused.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomInt } from '@ekmsim/core';
import { openMaster } from '@ekmsim/master';
import { describe, expect, it } from 'vitest';
import { clock, makeCa, removeDir, rng, scratchDir } from './support/site.js';

const CHILD = fileURLToPath(new URL('./fixtures/crash-child.mjs', import.meta.url));

interface Acked {
  servers: Map<number, string>;
  providers: Map<number, string>;
  deleted: Set<number>;
  /** A delete announced but not acknowledged when the child died: it may or may not have happened. */
  deleting?: number;
  maxServerId: number;
}

/** Runs the child until it has acknowledged `acks` changes, then SIGKILLs it a few random milliseconds later. */
function runAndKill(dataDir: string, caJson: string, fresh: boolean, acks: number, into: Acked): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir], { env: { ...process.env, CRASH_CA: caJson, CRASH_FRESH: fresh ? '1' : '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let seen = 0;
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? ''; // a torn last line is not an acknowledgement
      for (const line of lines) {
        const [kind, id, name] = line.split(' ');
        const n = Number(id);
        if (kind === 'server') into.servers.set(n, name!);
        else if (kind === 'provider') into.providers.set(n, name!);
        else if (kind === 'delete-server') {
          into.deleted.add(n);
          delete into.deleting;
        } else if (kind === 'deleting') {
          into.deleting = n;
          continue;
        } else continue;
        if (++seen === acks) setTimeout(() => child.kill('SIGKILL'), randomInt(rng, 5));
      }
    });
    // 'close', not 'exit': every line the child wrote before it died must be read first.
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe('cluster database under kill -9', () => {
  it('keeps every acknowledged change and nothing half-written', async () => {
    const dataDir = scratchDir();
    const ca = await makeCa('crash CA');
    const caJson = JSON.stringify(ca);
    const acked: Acked = { servers: new Map(), providers: new Map(), deleted: new Set(), maxServerId: 0 };
    try {
      for (let round = 0; round < 3; round++) {
        await runAndKill(dataDir, caJson, round === 0, 20 + randomInt(rng, 60), acked);
        const m = await openMaster({ dataDir, clock, rng });
        try {
          const servers = new Map(m.listKeyServersKmip({}).map((s) => [s.keyServerID, s]));
          const providers = new Map(m.listKeyProvidersKmip({}).map((p) => [p.keyProviderID, p]));
          for (const [id, name] of acked.servers) {
            if (acked.deleted.has(id)) expect(servers.has(id), `deleted server ${id}`).toBe(false);
            else if (acked.deleting === id && !servers.has(id)) acked.deleted.add(id); // the in-flight delete landed
            else expect(servers.get(id)?.kmipKeyServerName, `server ${id}`).toBe(name);
          }
          for (const [id, name] of acked.providers) expect(providers.get(id)?.keyProviderName, `provider ${id}`).toBe(name);
          delete acked.deleting;
          // Beyond the acknowledged: at most the one change in flight when the process died.
          const extraServers = [...servers.keys()].filter((id) => !acked.servers.has(id));
          const extraProviders = [...providers.keys()].filter((id) => !acked.providers.has(id));
          expect(extraServers.length + extraProviders.length).toBeLessThanOrEqual(1);
          // What landed unacknowledged is now known to exist; later rounds must keep it too.
          for (const id of extraServers) acked.servers.set(id, servers.get(id)!.kmipKeyServerName);
          for (const id of extraProviders) acked.providers.set(id, providers.get(id)!.keyProviderName);
          // Every record complete (it is JSON from one transaction), and the counters past every id used.
          for (const s of servers.values()) expect(s.kmipClientCertificate).toMatch(/-----END CERTIFICATE-----\n$/);
          const usedServer = Math.max(0, ...servers.keys(), ...acked.servers.keys());
          const usedProvider = Math.max(0, ...providers.keys(), ...acked.providers.keys());
          const probe = await m.createKeyProviderKmip(`probe-${round}`);
          expect(probe.keyProviderID).toBeGreaterThan(usedProvider);
          acked.providers.set(probe.keyProviderID, `probe-${round}`);
          expect(usedServer).toBeGreaterThan(acked.maxServerId);
          acked.maxServerId = usedServer;
        } finally {
          await m.close();
        }
      }
    } finally {
      removeDir(dataDir);
    }
  });
});
