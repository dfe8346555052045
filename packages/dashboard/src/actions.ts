/**
 * The page's controls, each done through the control API as an administrator would do it, and
 * each also written down as the scenario step that does the same (the export replays them).
 * Arguments come from the page: each is checked here, and a wrong one is a clear refusal.
 */
import type { Apis } from '@ekmsim/scenario';
import type { ActionArgs, ActionName } from './protocol.js';

/** A step of a scenario file, as YAML would hold it (see docs/scenarios.md). */
export type ScenarioStep = Record<string, unknown>;

export class ActionError extends Error {
  override readonly name = 'ActionError';
}

/** The simulation-changing actions; pause, resume and setSpeed are the dashboard's own (playback.ts). */
export const SIMULATION_ACTIONS = [
  'powerOffNode',
  'powerOnNode',
  'powerCycleNode',
  'powerCycleCluster',
  'stealDrive',
  'stealNode',
  'stealCluster',
  'stopKeyServer',
  'startKeyServer',
  'cutNodeLink',
  'healNodeLink',
  'revokeClusterCertificate',
  'deleteAuthenticationKey',
  'advanceClock',
] as const satisfies readonly ActionName[];

export type SimulationAction = (typeof SIMULATION_ACTIONS)[number];

export function isSimulationAction(action: string): action is SimulationAction {
  return (SIMULATION_ACTIONS as readonly string[]).includes(action);
}

const MAX_ADVANCE_SECONDS = 10 * 365 * 86_400;

function positive(args: ActionArgs, name: 'nodeID' | 'driveID'): number {
  const v = args[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ActionError(`${name} must be a positive integer, not ${JSON.stringify(v)}`);
  return v;
}

function keyServerName(args: ActionArgs): string {
  const v = args.keyServer;
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) throw new ActionError(`keyServer must be a key server's name, not ${JSON.stringify(v)}`);
  return v;
}

function memberArgs(args: ActionArgs): { member?: number } {
  if (args.member === undefined) return {};
  if (!Number.isInteger(args.member) || args.member < 0) throw new ActionError(`member must be a member index (0, 1, …), not ${JSON.stringify(args.member)}`);
  return { member: args.member };
}

/**
 * Does the action; resolves to the steps that replay it. `clusterCommonName` names the cluster's
 * client certificate (for a revocation), read by the caller from what the cluster shows.
 */
export async function performAction(apis: Apis, action: SimulationAction, args: ActionArgs, clusterCommonName: (keyServer: string) => string | undefined): Promise<ScenarioStep[]> {
  const control = async (method: string, params: Record<string, unknown> = {}): Promise<ScenarioStep[]> => {
    await apis.control(method, params);
    return [Object.keys(params).length === 0 ? { control: method } : { control: method, params }];
  };
  const admin = async (keyServer: string, adminAction: string, adminArgs?: Record<string, unknown>): Promise<ScenarioStep[]> => {
    await apis.control('SimKeyServerAdmin', { keyServer, action: adminAction, ...(adminArgs === undefined ? {} : { args: adminArgs }) });
    return [{ keyServer, action: adminAction, ...(adminArgs === undefined ? {} : { args: adminArgs }) }];
  };
  switch (action) {
    case 'powerOffNode':
      return control('PowerOffNode', { nodeID: positive(args, 'nodeID') });
    case 'powerOnNode':
      return control('PowerOnNode', { nodeID: positive(args, 'nodeID') });
    case 'powerCycleNode':
      return control('PowerCycleNode', { nodeID: positive(args, 'nodeID') });
    case 'powerCycleCluster':
      return control('PowerCycleCluster');
    case 'stealDrive':
      return control('StealDrive', { driveID: positive(args, 'driveID') });
    case 'stealNode':
      return control('StealNode', { nodeID: positive(args, 'nodeID') });
    case 'stealCluster':
      return control('StealCluster');
    case 'stopKeyServer': {
      const member = memberArgs(args);
      return admin(keyServerName(args), 'stop', member.member === undefined ? undefined : member);
    }
    case 'startKeyServer': {
      const member = memberArgs(args);
      return admin(keyServerName(args), 'start', member.member === undefined ? undefined : member);
    }
    case 'cutNodeLink':
      return control('SetNetworkFault', { scope: 'node', target: String(positive(args, 'nodeID')), fault: 'partition' });
    case 'healNodeLink':
      return control('SetNetworkFault', { scope: 'node', target: String(positive(args, 'nodeID')), fault: 'none' });
    case 'revokeClusterCertificate': {
      const keyServer = keyServerName(args);
      const commonName = clusterCommonName(keyServer);
      if (commonName === undefined) throw new ActionError(`the cluster has no client certificate for key server ${keyServer} to revoke (configure it with CreateKeyServerKmip first)`);
      return admin(keyServer, 'revokeCertificate', { commonName });
    }
    case 'deleteAuthenticationKey':
      return deleteAuthenticationKeys(apis, keyServerName(args));
    case 'advanceClock': {
      const seconds = args.seconds;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_ADVANCE_SECONDS) {
        throw new ActionError(`seconds must be a whole number of seconds from 1 to ${MAX_ADVANCE_SECONDS}, not ${JSON.stringify(seconds)}`);
      }
      await apis.control('AdvanceClock', { seconds });
      return [{ advance: `${seconds}s` }];
    }
  }
}

/**
 * TR-4843 §1.1's "deleting the AK": the key server's administrator deletes the keys the cluster
 * keeps there (every symmetric key; the cluster stores nothing else), by their UIDs.
 */
async function deleteAuthenticationKeys(apis: Apis, keyServer: string): Promise<ScenarioStep[]> {
  const { result } = (await apis.control('SimKeyServerAdmin', { keyServer, action: 'listObjects' })) as { result: { uid: string; objectType: string; state: string | null }[] };
  const keys = result.flatMap((o, index) => (o.objectType === 'SymmetricKey' && o.state !== 'Destroyed' ? [{ uid: o.uid, index }] : []));
  if (keys.length === 0) throw new ActionError(`key server ${keyServer} holds no authentication key (is encryption at rest enabled with it?)`);
  for (const key of keys) await apis.control('SimKeyServerAdmin', { keyServer, action: 'deleteKey', args: { uid: key.uid } });
  // A replay finds the keys by their places in the same listing, taken before any is deleted.
  const name = (index: number): string => `authenticationKey${index}`;
  return [
    { keyServer, action: 'listObjects', save: Object.fromEntries(keys.map((k) => [name(k.index), `${k.index}.uid`])) },
    ...keys.map((k) => ({ keyServer, action: 'deleteKey', args: { uid: `\${${name(k.index)}}` } })),
  ];
}
