/**
 * GetConstants / SetConstants: the cluster's tunable constants, kept in `/cluster/constants`.
 * The one the simulator has is the one TR-4843 §10.3 documents, cKmipCmdExtraFlags (a bit mask;
 * 161 turns on Cryptsoft's verbose KMIP logging to sf-kmip.info). An unknown name or a value
 * that is not a 32-bit unsigned integer is xInvalidParameter, and nothing changes.
 */
import { DB_PATHS, type ConstantsRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import type { ClusterConstants } from '../model.js';
import type { ServiceContext } from './context.js';

export const DEFAULT_CONSTANTS: ClusterConstants = { cKmipCmdExtraFlags: 0 };
const NAMES = Object.keys(DEFAULT_CONSTANTS) as (keyof ClusterConstants)[];
const MAX_UINT32 = 0xffff_ffff;

export function getConstants(ctx: Pick<ServiceContext, 'db'>): ClusterConstants {
  return { ...DEFAULT_CONSTANTS, ...ctx.db.get<ConstantsRecord>(DB_PATHS.constants) };
}

export function setConstants(ctx: ServiceContext, values: Readonly<Record<string, unknown>>): ClusterConstants {
  const next: Record<keyof ClusterConstants, number> = { ...getConstants(ctx) };
  for (const [name, value] of Object.entries(values)) {
    if (!isConstantName(name)) {
      throw new ElementApiError(ElementErrorName.xInvalidParameter, `${name}: not a cluster constant (the constants are ${NAMES.join(', ')})`);
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_UINT32) {
      throw new ElementApiError(ElementErrorName.xInvalidParameter, `${name}: expected an integer from 0 to ${MAX_UINT32} but found ${JSON.stringify(value)}`);
    }
    next[name] = value;
  }
  if (Object.keys(values).length === 0) return next;
  ctx.db.write((tx) => tx.put(DB_PATHS.constants, next satisfies ConstantsRecord));
  ctx.logger.log('info', `Constants set: ${Object.keys(values).map((k) => `${k}=${String(values[k])}`).join(', ')}`, { component: 'MASTER' });
  return { ...next };
}

function isConstantName(name: string): name is keyof ClusterConstants {
  return (NAMES as string[]).includes(name);
}
