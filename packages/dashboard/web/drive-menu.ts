/** A drive's menu: what it is and its state in words, and the theft of this one drive. */
import type { DriveView, NodeView } from '../src/protocol.js';
import type { Actions } from './actions.js';
import { driveLook, DRIVE_LOOK_WORDS } from './drive-look.js';
import { actionButton, actionRow, facts, note } from './menu-parts.js';

export function driveMenu(drive: DriveView, node: NodeView, actions: Actions, done: () => void, viewingPast: boolean): HTMLElement[] {
  const id = drive.driveID;
  return [
    facts([
      ['Node / slot', `node ${node.nodeID}, slot ${drive.slot}`],
      ['Serial', drive.serial],
      ['Status', drive.status],
      ['Lock', DRIVE_LOOK_WORDS[driveLook(drive, node)]],
      ['Key', drive.keyMode ?? 'unknown'],
      ['Admin1 tries left', drive.triesLeft === null ? 'unknown or no limit' : String(drive.triesLeft)],
    ]),
    viewingPast ? note('You are viewing the past; this acts on the simulation now.') : null,
    actionRow(
      actionButton(`Steal drive ${id}`, `drive-${id}-steal`, () => {
        actions.run('stealDrive', { driveID: id }, `Steal drive ${id}`);
        done();
      }, true),
    ),
  ].filter((e): e is HTMLElement => e !== null);
}
