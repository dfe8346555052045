import type { SnapshotFrom } from 'xstate';
import type { SelfEncryptingDrive } from './drive.js';
import { driveSecurityMachine } from './drive-security.machine.js';

/**
 * The drive's state as a snapshot of `driveSecurityMachine`, to resume an actor from:
 * `createActor(driveSecurityMachine, { snapshot: securitySnapshot(drive), clock })`.
 */
export function securitySnapshot(drive: SelfEncryptingDrive): SnapshotFrom<typeof driveSecurityMachine> {
  const { value, context } = drive.securityState();
  return driveSecurityMachine.resolveState({ value, context });
}
