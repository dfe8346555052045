/** A node's menu: its state in words, then power, theft and its network link. */
import type { NodeView } from '../src/protocol.js';
import type { Actions } from './actions.js';
import { actionButton, actionRow, facts, note } from './menu-parts.js';

export function nodeMenu(node: NodeView, actions: Actions, done: () => void, viewingPast: boolean): HTMLElement[] {
  const id = node.nodeID;
  const act = (action: Parameters<Actions['run']>[0], label: string) => (): void => {
    actions.run(action, { nodeID: id }, label);
    done();
  };
  return [
    facts([
      ['Phase', node.stolen ? 'stolen' : node.phase],
      ['Power', node.online ? 'on, talking to the master' : 'off or not answering'],
      ['Link', node.linkFault === null ? 'connected' : `cut (${node.linkFault})`],
      ['Unlock attempts', String(node.unlockAttempts)],
      ...(node.unlockError === null ? [] : [['Last unlock error', node.unlockError] as const]),
    ]),
    viewingPast ? note('You are viewing the past; these act on the simulation now.') : null,
    actionRow(
      actionButton('Power off', `node-${id}-power-off`, act('powerOffNode', `Power off node ${id}`)),
      actionButton('Power on', `node-${id}-power-on`, act('powerOnNode', `Power on node ${id}`)),
      actionButton('Power cycle', `node-${id}-power-cycle`, act('powerCycleNode', `Power cycle node ${id}`)),
    ),
    actionRow(
      actionButton('Cut link', `node-${id}-cut-link`, act('cutNodeLink', `Cut node ${id}'s link`)),
      actionButton('Heal link', `node-${id}-heal-link`, act('healNodeLink', `Heal node ${id}'s link`)),
    ),
    actionRow(actionButton('Steal node', `node-${id}-steal`, act('stealNode', `Steal node ${id}`), true)),
  ].filter((e): e is HTMLElement => e !== null);
}
