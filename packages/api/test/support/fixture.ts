/** A real master on a scratch directory with the API server in front of it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureRng, systemClock, type Clock, type Rng } from '@ekmsim/core';
import { startApiServer, type ApiServer, type SimControl } from '@ekmsim/api';
import { openMaster, type Master } from '@ekmsim/master';
import { send, type Envelope, type PostOptions, type Reply } from './http.js';
import { MemoryLogger } from './logger.js';

export const ELEMENT = '/json-rpc/12.3';
export const SIM = '/sim/json-rpc/1.0';

export interface FixtureOptions {
  readonly maxBodyBytes?: number;
  readonly sim?: SimControl;
  /** A fake in place of the real master (which is then not opened). */
  readonly master?: Master;
}

export interface Fixture {
  readonly api: ApiServer;
  readonly master: Master;
  readonly logger: MemoryLogger;
  readonly dir: string;
  readonly clock: Clock;
  readonly rng: Rng;
  /** POSTs raw `body` to `path` (default the 12.3 endpoint). */
  post(body: string | Buffer, options?: PostOptions & { readonly path?: string }): Promise<Reply>;
  /** Calls `method` and returns the parsed envelope (and the raw reply). */
  call(method: string, params?: unknown, options?: { readonly id?: unknown; readonly path?: string }): Promise<Envelope & { readonly raw: Reply }>;
  /** Calls `method` and returns its result, failing on an error. */
  result(method: string, params?: unknown, path?: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'ekmsim-api-'));
  const clock = systemClock();
  const rng = secureRng();
  const logger = new MemoryLogger();
  const master = options.master ?? (await openMaster({ dataDir: join(dir, 'master'), clock, rng, logger }));
  const api = await startApiServer({
    port: 0,
    dataDir: join(dir, 'api'),
    credentials: { username: 'admin', password: 'admin' },
    master,
    ...(options.sim === undefined ? {} : { sim: options.sim }),
    clock,
    rng,
    logger,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  const post: Fixture['post'] = (body, o = {}) => send(api.url + (o.path ?? ELEMENT), body, o);
  const call: Fixture['call'] = async (method, params = {}, o = {}) => {
    const raw = await post(JSON.stringify({ id: o.id ?? 1, method, params }), o.path === undefined ? {} : { path: o.path });
    return { ...(JSON.parse(raw.body) as Envelope), raw };
  };
  return {
    api,
    master,
    logger,
    dir,
    clock,
    rng,
    post,
    call,
    result: async (method, params, path) => {
      const reply = await call(method, params, path === undefined ? {} : { path });
      if (reply.error !== undefined || reply.result === undefined) throw new Error(`${method}: ${reply.raw.body}`);
      return reply.result;
    },
    close: async () => {
      await api.close();
      await master.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
