/**
 * How a drive is drawn: one of five looks, the same words in the legend, the menu and the
 * tests' data attributes. A stolen drive is shown as gone whatever its last lock state.
 */
import type { DriveView, NodeView } from '../src/protocol.js';

export type DriveLook = 'unlocked' | 'locked' | 'unknown' | 'failed' | 'stolen';

export const DRIVE_LOOK_WORDS: Readonly<Record<DriveLook, string>> = {
  unlocked: 'unlocked',
  locked: 'locked',
  unknown: 'node off or unknown',
  failed: 'failed or removed',
  stolen: 'stolen',
};

export function driveLook(drive: DriveView, node: NodeView): DriveLook {
  if (drive.stolen || node.stolen) return 'stolen';
  if (drive.status === 'failed' || drive.status === 'removed') return 'failed';
  if (drive.locked === null || !node.online) return 'unknown';
  return drive.locked ? 'locked' : 'unlocked';
}

/** `data-locked` for the tests: the protocol's own three values. */
export function lockedAttr(drive: DriveView): 'true' | 'false' | 'unknown' {
  return drive.locked === null ? 'unknown' : drive.locked ? 'true' : 'false';
}

/** The drive's key mode, short (`ext`) and in one letter (`E`) for small drives. */
export function keyModeShort(mode: DriveView['keyMode']): { readonly word: string; readonly letter: string } {
  switch (mode) {
    case 'external':
      return { word: 'ext', letter: 'E' };
    case 'internal':
      return { word: 'int', letter: 'I' };
    case 'none':
      return { word: 'none', letter: '–' };
    case null:
      return { word: '', letter: '' };
  }
}
