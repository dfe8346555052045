/**
 * A running simulation: the cluster master, the Element API beside the simulator's control API,
 * and the named mock key servers, all keeping their state under one data directory:
 *
 *   DIR/sf-master.info, DIR/sf-master.error   Element-style logs
 *   DIR/master/                                 the cluster database
 *   DIR/api/                                    the API's self-signed TLS certificate
 *   DIR/keyservers/NAME/                        each key server's CA, certificate, port and store
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Rng } from '@ekmsim/core';
import { startApiServer, type SimKeyServerInfo } from '@ekmsim/api';
import { createElementLogs, openMaster, type Master } from '@ekmsim/master';
import { startKeyServerSite, type KeyServerSite, type KeyServerSpec } from './key-server-site.js';
import { simControl } from './sim-control.js';

export interface SimulationOptions {
  readonly dataDir: string;
  readonly apiHost?: string;
  readonly apiPort: number;
  readonly credentials: { readonly username: string; readonly password: string };
  readonly keyServers: readonly KeyServerSpec[];
  readonly clock: Clock;
  readonly rng: Rng;
}

export interface Simulation {
  readonly apiUrl: string;
  readonly master: Master;
  readonly keyServers: readonly SimKeyServerInfo[];
  close(): Promise<void>;
}

export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const { dataDir, clock, rng } = options;
  await mkdir(dataDir, { recursive: true });
  const logs = createElementLogs({ dir: dataDir, clock });
  const closers: (() => Promise<void>)[] = [() => logs.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const sites = new Map<string, KeyServerSite>();
    for (const spec of options.keyServers) {
      const site = await startKeyServerSite(spec, join(dataDir, 'keyservers', spec.name), { clock, rng });
      sites.set(spec.name, site);
      closers.push(() => site.close());
    }
    const master = await openMaster({ dataDir: join(dataDir, 'master'), clock, rng, logger: logs });
    closers.push(() => master.close());
    const sim = simControl(sites, { clock, rng });
    const api = await startApiServer({
      host: options.apiHost ?? '127.0.0.1',
      port: options.apiPort,
      dataDir: join(dataDir, 'api'),
      credentials: options.credentials,
      master,
      sim,
      clock,
      rng,
      logger: logs,
    });
    closers.push(() => api.close());
    return { apiUrl: api.url, master, keyServers: sim.listSimKeyServers(), close: closeAll };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
