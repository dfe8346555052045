/** Drives (element-api.md §5.5, §4): list, add, remove, secure erase, and their hardware view. */
import { ElementApiError } from '@ekmsim/master';
import { API_ERROR_NAMES } from '../errors.js';
import { defineMethod } from '../method.js';

/** Element's `x<Object>IDDoesNotExist` pattern, the name the simulator's drive lookups use too. */
const UNKNOWN_DRIVE = 'xDriveIDDoesNotExist';
/** A drive in the wrong status for the operation (the message names the drive and its status). */
const WRONG_STATUS = 'xInvalidParameter';

const driveIDs = (description: string) => ({ name: 'drives', type: 'integer[]', required: true, description }) as const;

export const listDrives = defineMethod({
  name: 'ListDrives',
  since: '1.0',
  params: [],
  changesState: false,
  result: '`drives`: DriveInfo[] (`status` one of `available`, `active`, `erasing`, `failed`, `removing`; `driveSecurityFaultReason` `none` without an EAR failure; with external keys `keyProviderID` and `keyID`, a UUID)',
  errors: [],
  description: 'Every drive of the cluster, in the cluster or available to it.',
  run: (ctx) => ({ drives: ctx.master.listDrives() }),
});

export const addDrives = defineMethod({
  name: 'AddDrives',
  since: '1.0',
  params: [
    {
      name: 'drives',
      type: 'NewDrive[]',
      required: true,
      description: 'Drives to add: `{driveID, type?}` objects (`type` one of `slice`, `block`, `volume`, chosen by the cluster when omitted) or plain driveIDs, the form Ansible sends',
    },
  ],
  changesState: true,
  result: '`asyncHandle`: integer (GetAsyncResult `resultType` `DriveAdd`)',
  errors: [UNKNOWN_DRIVE, WRONG_STATUS],
  description: 'Adds `available` drives to the cluster; they become `active`. Asynchronous: poll GetAsyncResult.',
  run: async (ctx, p) => ({ asyncHandle: (await ctx.master.addDrives(p.drives)).asyncHandle }),
  audit: (p) => ({ drives: p.drives.map((d) => (d.type === undefined ? d.driveID : `${d.driveID}:${d.type}`)).join(',') }),
});

export const removeDrives = defineMethod({
  name: 'RemoveDrives',
  since: '1.0',
  params: [driveIDs('IDs of the drives to remove')],
  changesState: true,
  result: '`asyncHandle`: integer (GetAsyncResult `resultType` `DriveRemoval`)',
  errors: [UNKNOWN_DRIVE, WRONG_STATUS],
  description: 'Removes drives from the cluster: `removing`, then `available`. A removed drive keeps its authentication key and its data (TR-4843 §9.3); SecureEraseDrives makes the data unreadable.',
  run: async (ctx, p) => ({ asyncHandle: (await ctx.master.removeDrives(p.drives)).asyncHandle }),
  audit: (p) => ({ drives: p.drives.join(',') }),
});

export const secureEraseDrives = defineMethod({
  name: 'SecureEraseDrives',
  since: '5.0',
  params: [driveIDs('IDs of `available` drives to erase')],
  changesState: true,
  result: '`asyncHandle`: integer',
  errors: [UNKNOWN_DRIVE, WRONG_STATUS],
  description: 'Crypto-erases `available` drives: each gets a new media encryption key, so everything written before is unreadable. The drives show `erasing` meanwhile. Asynchronous: poll GetAsyncResult.',
  run: async (ctx, p) => ({ asyncHandle: (await ctx.master.secureEraseDrives(p.drives)).asyncHandle }),
  audit: (p) => ({ drives: p.drives.join(',') }),
});

export const listDriveHardware = defineMethod({
  name: 'ListDriveHardware',
  since: '1.0',
  params: [
    {
      name: 'force',
      type: 'boolean',
      default: false,
      description: 'Must be `true` on the cluster endpoint (the call without it is the per-node form, served on a node\'s management IP, which ekmsim does not serve)',
    },
  ],
  changesState: false,
  result: '`nodes`: {nodeID, result: {driveHardware: DriveHardware[]}}[] (`securitySupported`, `securityEnabled`, `securityLocked`, `securityFrozen`, `securityAtMaximum`, `driveEncryptionCapability` one of `none`/`sed`/`fips`, `uuid` a UUID)',
  errors: [API_ERROR_NAMES.invalidParameter],
  description: 'The drives of every node as the hardware reports them, including their self-encryption (SED) state.',
  run: (ctx, p) => {
    if (!p.force) {
      throw new ElementApiError(
        API_ERROR_NAMES.invalidParameter,
        'force: the cluster-wide ListDriveHardware needs force=true (without it the method is the per-node form, served on a node\'s management IP)',
      );
    }
    return { ...ctx.master.listDriveHardware() };
  },
});
