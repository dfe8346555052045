/**
 * GetConstants / SetConstants: Element's support methods for the cluster's tunable constants.
 * TR-4843 §10.3 uses SetConstants to turn on verbose KMIP logging (cKmipCmdExtraFlags = 161);
 * no public API reference describes them, so their shape here is the simulator's: the result is
 * the constants object itself, and an unknown constant is refused.
 */
import { defineMethod } from '../method.js';

const CONSTANTS_RESULT = 'the constants object: `cKmipCmdExtraFlags`: integer';

export const getConstants = defineMethod({
  name: 'GetConstants',
  since: '1.0',
  params: [],
  changesState: false,
  result: CONSTANTS_RESULT,
  errors: [],
  description: 'The cluster\'s tunable constants.',
  run: (ctx) => ({ ...ctx.master.getConstants() }),
});

export const setConstants = defineMethod({
  name: 'SetConstants',
  since: '1.0',
  params: [
    {
      name: 'cKmipCmdExtraFlags',
      type: 'integer',
      min: 0,
      max: 0xffff_ffff,
      description:
        'Cryptsoft KMIP command flags (TR-4843 §10.3): `161` = KMIP_CMD_FLAGS_LOG (0x1) | KMIP_CMD_FLAGS_DEBUG (0x20) | KMIP_CMD_FLAGS_VERBOSE (0x80) writes every KMIP request and response of the cluster master (operation, result, TTLV outline; never key material) and each connection to `sf-kmip.info`; `0` turns it off. Read when a connection opens',
    },
  ],
  refuseUndeclared: true,
  changesState: true,
  result: CONSTANTS_RESULT + ' (all of them, after the change)',
  errors: ['xInvalidParameter'],
  description: 'Sets the given constants (the others keep their values). An unknown constant or a value out of range changes nothing.',
  run: async (ctx, p) => ({ ...(await ctx.master.setConstants(p)) }),
  audit: (p) => ({ ...p }),
});
