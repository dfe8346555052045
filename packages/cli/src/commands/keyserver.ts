/**
 * `ekmsim keyserver NAME ACTION [key=value | key:=json …]`: the administrator of a mock key
 * server of a running `ekmsim up` (its web UI or CLI), through the control API's
 * SimKeyServerAdmin: stop or start it (or one HyTrust member), restart its KMIP service, list
 * objects, delete a key, revoke or untrust the cluster's certificate, accept a pending one, …
 */
import { parseArgs } from 'node:util';
import { SIM_KEY_SERVER_ACTIONS } from '@ekmsim/api';
import { usageFailure, type CommandIo } from '../io.js';
import { API_CONNECTION_OPTIONS, callAndPrint, parseParams } from './api.js';

const USAGE = `ekmsim keyserver [--url https://127.0.0.1:8443] [--user U --password P] NAME ACTION [key=value | key:=json …]
  ACTION: ${SIM_KEY_SERVER_ACTIONS.join(' | ')}
  e.g.  ekmsim keyserver kc stop member:=1
        ekmsim keyserver sklm1 acceptCertificate commonName=cluster1
        ekmsim keyserver kms1 setSourceAllowList 'sources:=["127.1.0.0/16"]'`;

export async function keyserverCommand(argv: string[], io: CommandIo): Promise<number> {
  let values;
  let keyServer: string;
  let action: string;
  let args: Record<string, unknown>;
  try {
    let positionals;
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: API_CONNECTION_OPTIONS,
    }));
    const [name, verb, ...rest] = positionals;
    if (name === undefined) throw new Error('missing NAME (a key server of ListSimKeyServers)');
    if (verb === undefined) throw new Error('missing ACTION');
    if (!(SIM_KEY_SERVER_ACTIONS as readonly string[]).includes(verb)) throw new Error(`unknown ACTION ${JSON.stringify(verb)}`);
    keyServer = name;
    action = verb;
    args = parseParams(rest);
    new URL(values.url);
  } catch (e) {
    return usageFailure(io, 'keyserver', (e as Error).message, USAGE);
  }
  const url = new URL('/sim/json-rpc/1.0', values.url);
  return callAndPrint(io, 'keyserver', url, `${values.user}:${values.password}`, 'SimKeyServerAdmin', { keyServer, action, args }, 'result');
}
