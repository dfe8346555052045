/** The command line of `ekmsim kmip`: connection options, an operation and its arguments. */
import { parseArgs } from 'node:util';
import { UsageError } from '../io.js';

export const KMIP_USAGE = `ekmsim kmip --host H --port P --ca F --cert F --key F [--version 1.2] [--json] [--reveal-key] COMMAND
  COMMAND: discover | query | create [--name NAME] [--algorithm AES] [--length 256] | activate UID | get UID
           | locate [--name NAME] [--type symmetric-key] | get-attributes UID
           | revoke UID [--reason unspecified|key-compromise] | destroy UID`;

export const KMIP_OPERATIONS = ['discover', 'query', 'create', 'activate', 'get', 'locate', 'get-attributes', 'revoke', 'destroy'] as const;
export type KmipCliOperation = (typeof KMIP_OPERATIONS)[number];

const NEEDS_UID: readonly KmipCliOperation[] = ['activate', 'get', 'get-attributes', 'revoke', 'destroy'];
const OWN_OPTIONS: Record<string, readonly KmipCliOperation[]> = {
  name: ['create', 'locate'],
  algorithm: ['create'],
  length: ['create'],
  type: ['locate'],
  reason: ['revoke'],
};

export interface KmipCliArgs {
  host: string;
  port: number;
  ca: string;
  cert: string;
  key: string;
  version: string;
  json: boolean;
  revealKey: boolean;
  operation: KmipCliOperation;
  uid?: string;
  name?: string;
  algorithm: string;
  length: number;
  type?: string;
  reason: 'unspecified' | 'key-compromise';
}

export function parseKmipArgs(argv: string[]): KmipCliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        version: { type: 'string', default: '1.2' },
        json: { type: 'boolean', default: false },
        'reveal-key': { type: 'boolean', default: false },
        name: { type: 'string' },
        algorithm: { type: 'string' },
        length: { type: 'string' },
        type: { type: 'string' },
        reason: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  for (const name of ['host', 'port', 'ca', 'cert', 'key'] as const) if (v[name] === undefined) throw new UsageError(`missing --${name}`);
  const [op, uid, ...extra] = positionals;
  if (op === undefined) throw new UsageError('missing COMMAND');
  if (!(KMIP_OPERATIONS as readonly string[]).includes(op)) throw new UsageError(`unknown COMMAND ${JSON.stringify(op)}`);
  const operation = op as KmipCliOperation;
  if (NEEDS_UID.includes(operation) && uid === undefined) throw new UsageError(`${operation}: missing UID`);
  if (!NEEDS_UID.includes(operation) && uid !== undefined) throw new UsageError(`${operation}: unexpected argument ${JSON.stringify(uid)}`);
  if (extra.length > 0) throw new UsageError(`${operation}: unexpected argument ${JSON.stringify(extra[0])}`);
  for (const [opt, ops] of Object.entries(OWN_OPTIONS)) {
    if ((v as Record<string, unknown>)[opt] !== undefined && !ops.includes(operation)) throw new UsageError(`--${opt} does not apply to ${operation}`);
  }
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be 1-65535, got ${JSON.stringify(v.port)}`);
  if (!/^(1\.[0-4]|2\.0)$/.test(v.version)) throw new UsageError(`--version must be one of 1.0 1.1 1.2 1.3 1.4 2.0, got ${JSON.stringify(v.version)}`);
  const length = Number(v.length ?? '256');
  if (!Number.isInteger(length) || length <= 0) throw new UsageError(`--length must be a positive number of bits, got ${JSON.stringify(v.length)}`);
  const reason = v.reason ?? 'unspecified';
  if (reason !== 'unspecified' && reason !== 'key-compromise') throw new UsageError(`--reason must be unspecified or key-compromise, got ${JSON.stringify(reason)}`);
  return {
    host: v.host!,
    port,
    ca: v.ca!,
    cert: v.cert!,
    key: v.key!,
    version: v.version,
    json: v.json,
    revealKey: v['reveal-key'],
    operation,
    ...(uid === undefined ? {} : { uid }),
    ...(v.name === undefined ? {} : { name: v.name }),
    algorithm: v.algorithm ?? 'AES',
    length,
    ...(v.type === undefined ? {} : { type: v.type }),
    reason,
  };
}
