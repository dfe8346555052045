/**
 * A key server's menu: stop or start it (or one member of a HyTrust cluster), and the two
 * administrator actions that end a stolen cluster's access: revoke the cluster's certificate,
 * delete the AK (TR-4843 §1.1).
 */
import type { KeyServerView } from '../src/protocol.js';
import type { Actions } from './actions.js';
import { actionButton, actionRow, facts, note } from './menu-parts.js';
import { shortHostname } from './topology-key-server.js';

export function keyServerMenu(ks: KeyServerView, actions: Actions, done: () => void, viewingPast: boolean): HTMLElement[] {
  const name = ks.name;
  const act = (action: Parameters<Actions['run']>[0], label: string, member?: number) => (): void => {
    actions.run(action, member === undefined ? { keyServer: name } : { keyServer: name, member }, label);
    done();
  };
  const several = ks.members.length > 1;
  return [
    facts([
      ['Vendor', ks.vendor],
      ['In Element', ks.keyServerID === null ? 'not configured' : `keyServerID ${ks.keyServerID}${ks.active ? ', in the active key provider' : ', not in use'}`],
      ['Network', ks.networkFault === null ? 'reachable' : `fault: ${ks.networkFault}`],
      ...ks.members.map((m, i) => [several ? `Member ${i + 1}` : 'Host', `${shortHostname(m.hostname)}: ${m.listening ? 'listening' : 'stopped'}`] as const),
    ]),
    viewingPast ? note('You are viewing the past; these act on the simulation now.') : null,
    actionRow(
      actionButton(several ? 'Stop all' : 'Stop', `keyserver-${name}-stop`, act('stopKeyServer', `Stop key server ${name}`)),
      actionButton(several ? 'Start all' : 'Start', `keyserver-${name}-start`, act('startKeyServer', `Start key server ${name}`)),
    ),
    // The page counts members from 1 (kc-1, kc-2); the server's `member` is the index from 0.
    ...(several
      ? ks.members.map((m, i) =>
          actionRow(
            actionButton(`Stop ${shortHostname(m.hostname)}`, `keyserver-${name}-member-${i + 1}-stop`, act('stopKeyServer', `Stop ${shortHostname(m.hostname)}`, i)),
            actionButton(`Start ${shortHostname(m.hostname)}`, `keyserver-${name}-member-${i + 1}-start`, act('startKeyServer', `Start ${shortHostname(m.hostname)}`, i)),
          ),
        )
      : []),
    actionRow(
      actionButton("Revoke the cluster's certificate", `keyserver-${name}-revoke-cert`, act('revokeClusterCertificate', `Revoke the cluster's certificate on ${name}`), true),
    ),
    actionRow(actionButton('Delete the AK', `keyserver-${name}-delete-ak`, act('deleteAuthenticationKey', `Delete the AK on ${name}`), true)),
  ].filter((e): e is HTMLElement => e !== null);
}
