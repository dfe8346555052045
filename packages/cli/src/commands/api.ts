/** `ekmsim api METHOD [key=value | key:=json …]`: one Element (or simulator) API call, as JSON. */
import { request } from 'node:https';
import { parseArgs } from 'node:util';
import { usageFailure, type CommandIo } from '../io.js';
import { DEFAULT_API_PORT, DEFAULT_CREDENTIALS } from './up.js';

const USAGE = 'ekmsim api [--url https://127.0.0.1:8443] [--user U --password P] [--version 12.3] [--sim] METHOD [key=value | key:=json …]';

/** Where a running `ekmsim up` serves its APIs, and as whom to call them (`ekmsim api`, `ekmsim keyserver`). */
export const API_CONNECTION_OPTIONS = {
  url: { type: 'string', default: `https://127.0.0.1:${DEFAULT_API_PORT}` },
  user: { type: 'string', default: DEFAULT_CREDENTIALS.username },
  password: { type: 'string', default: DEFAULT_CREDENTIALS.password },
} as const;

/** httpie's convention: `key=value` is a string, `key:=json` is any JSON value. */
export function parseParams(args: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const arg of args) {
    const json = /^([^=:]+):=(.*)$/s.exec(arg);
    const text = /^([^=:]+)=(.*)$/s.exec(arg);
    if (json !== null) {
      try {
        params[json[1]!] = JSON.parse(json[2]!) as unknown;
      } catch {
        throw new Error(`${json[1]!}: not JSON: ${json[2]!}`);
      }
    } else if (text !== null) params[text[1]!] = text[2]!;
    else throw new Error(`${JSON.stringify(arg)}: expected key=value or key:=json`);
  }
  return params;
}

function post(url: URL, auth: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // Element clusters serve a self-signed certificate; the official SDKs do not verify it either.
    const req = request(url, { method: 'POST', auth, rejectUnauthorized: false, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function apiCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  let method: string;
  let params: Record<string, unknown>;
  try {
    let positionals;
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        ...API_CONNECTION_OPTIONS,
        version: { type: 'string', default: '12.3' },
        sim: { type: 'boolean', default: false },
      },
    }));
    const [first, ...rest] = positionals;
    if (first === undefined) throw new Error('missing METHOD');
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(first)) throw new Error(`METHOD ${JSON.stringify(first)} is not a method name`);
    method = first;
    params = parseParams(rest);
    new URL(values.url);
  } catch (e) {
    return usageFailure(io, 'api', (e as Error).message, USAGE);
  }
  const url = new URL(values.sim ? '/sim/json-rpc/1.0' : `/json-rpc/${values.version}`, values.url);
  return callAndPrint(io, 'api', url, `${values.user}:${values.password}`, method, params);
}

/** One JSON-RPC call; prints the result (or its member `member`) as JSON (0), or the error in one line (1). */
export async function callAndPrint(io: CommandIo, command: string, url: URL, auth: string, method: string, params: Record<string, unknown>, member?: string): Promise<number> {
  let reply;
  try {
    reply = await post(url, auth, JSON.stringify({ id: 1, method, params }));
  } catch (e) {
    io.err(`ekmsim ${command}: ${url.origin}: ${(e as Error).message}`);
    return 1;
  }
  if (reply.status !== 200) {
    io.err(`ekmsim ${command}: HTTP ${reply.status}: ${reply.text.trim().split('\n')[0] ?? ''}`);
    return 1;
  }
  let body: { result?: unknown; error?: { name?: string; message?: string } };
  try {
    body = JSON.parse(reply.text) as typeof body;
  } catch {
    io.err(`ekmsim ${command}: the reply is not JSON: ${reply.text.slice(0, 200)}`);
    return 1;
  }
  if (body.error !== undefined) {
    io.err(`ekmsim ${command}: ${method}: ${body.error.name ?? 'error'}: ${body.error.message ?? ''}`);
    return 1;
  }
  const result = member === undefined ? body.result : (body.result as Record<string, unknown> | undefined)?.[member];
  io.out(JSON.stringify(result, null, 2));
  return 0;
}
