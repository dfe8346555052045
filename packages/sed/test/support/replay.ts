/**
 * Replays `driveSecurityMachine` events against a real drive: each abstract event becomes the
 * commands that cause it. A refusal (SedStatusError) is not an error here: the state comparison
 * after the step says whether the model and the machine agree.
 */
import { utf8Encode } from '@ekmsim/core';
import { SedStatusError, type DriveSecurityEvent, type LockingAuthority, type SelfEncryptingDrive } from '@ekmsim/sed';
import { newDrive, powerCycle } from './drives.js';

export class DriveReplay {
  drive: SelfEncryptingDrive;
  private readonly dir: string;
  private readonly msid: Uint8Array;
  private readonly pins: Record<'SID' | LockingAuthority, Uint8Array>;
  private counter = 0;

  constructor() {
    ({ drive: this.drive, dir: this.dir } = newDrive({ capacityBytes: 1 << 20, memory: true }));
    this.msid = this.drive.readMsid();
    this.pins = { SID: this.msid, Admin1: this.msid, User1: this.msid };
  }

  apply(event: DriveSecurityEvent): void {
    try {
      this.run(event);
    } catch (e) {
      if (!(e instanceof SedStatusError)) throw e;
    }
  }

  close(): void {
    this.drive.powerOff();
  }

  private run(event: DriveSecurityEvent): void {
    const d = this.drive;
    switch (event.type) {
      case 'TAKE_OWNERSHIP':
        d.takeOwnership(this.pins.SID = this.freshPin());
        return;
      case 'ACTIVATE': {
        const wasInactive = d.getStatus().lockingSp === 'Manufactured-Inactive';
        d.activateLockingSp(this.pins.SID);
        if (wasInactive) this.pins.Admin1 = this.pins.User1 = this.pins.SID;
        return;
      }
      case 'SETUP_RANGE':
        d.setupLockingRange(event.authority, this.pins[event.authority], {
          readLockEnabled: event.lockEnabled, writeLockEnabled: event.lockEnabled, lockOnReset: event.lockOnReset ? ['PowerCycle'] : [],
        });
        return;
      case 'LOCK':
      case 'UNLOCK':
        d.lockUnlock(event.authority, this.pins[event.authority], event.type === 'LOCK' ? 'LK' : 'RW');
        return;
      case 'SET_PASSWORD': {
        const next = this.freshPin();
        d.setPassword(event.authority, this.pins[event.authority], next);
        this.pins[event.authority] = next;
        return;
      }
      case 'GENKEY':
        d.genKey(event.authority, this.pins[event.authority]);
        return;
      case 'AUTH_FAILED':
        this.failAuthentication(event.authority, event.exhausted);
        return;
      case 'REVERT_SP':
        d.revertLockingSp(this.pins.Admin1);
        return;
      case 'REVERT':
        d.revert(this.pins.SID);
        this.pins.SID = this.msid;
        return;
      case 'PSID_REVERT':
        d.psidRevert(utf8Encode(d.label.psid));
        this.pins.SID = this.msid;
        return;
      case 'POWER_CYCLE':
        this.drive = powerCycle(d, this.dir);
        return;
    }
  }

  /** One wrong PIN, or wrong PINs until the authority's Tries reach TryLimit. */
  private failAuthentication(authority: 'SID' | LockingAuthority, exhausted: boolean): void {
    const wrong = (): void => {
      if (authority === 'SID') this.drive.revert(this.freshPin());
      else this.drive.lockUnlock(authority, this.freshPin(), 'RW');
    };
    const status = (): { tries: number; tryLimit: number } | undefined => this.drive.getStatus().authorities[authority];
    do {
      try {
        wrong();
      } catch (e) {
        if (!(e instanceof SedStatusError) || e.status !== 'NOT_AUTHORIZED') throw e;
      }
      const s = status();
      if (!s || s.tries === 0) return; // refused before authentication (e.g. SP_DISABLED)
      if (s.tries >= s.tryLimit) return;
    } while (exhausted);
  }

  private freshPin(): Uint8Array {
    return utf8Encode(`pin-${++this.counter}`);
  }
}
