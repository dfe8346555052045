/** Cluster faults (element-api.md §5.2–5.3; TR-4843 §10.1 for the EKM ones). */
import { EMPTY_RESULT, defineMethod } from '../method.js';

/** Both methods take the same values; only their defaults differ (Element's, as documented). */
const FAULT_TYPES = ['current', 'resolved', 'all'] as const;
type FaultTypes = (typeof FAULT_TYPES)[number];

const isFaultTypes = (text: string): text is FaultTypes => (FAULT_TYPES as readonly string[]).includes(text);

/** The schema has already held the value to FAULT_TYPES; this narrows its type. */
function faultTypes(text: string): FaultTypes {
  if (!isFaultTypes(text)) throw new Error(`faultTypes ${text} passed the schema`);
  return text;
}

export const listClusterFaults = defineMethod({
  name: 'ListClusterFaults',
  since: '1.0',
  params: [
    { name: 'bestPractices', type: 'boolean', default: false, description: 'Include faults of severity `bestPractice` (sub-optimal configuration)' },
    {
      name: 'faultTypes',
      type: 'string',
      values: FAULT_TYPES,
      default: 'all',
      description: '`current`: unresolved faults; `resolved`: faults detected and since resolved; `all`: both (see each fault\'s `resolved`)',
    },
  ],
  changesState: false,
  result:
    '`faults`: fault[] ({clusterFaultID, code, severity (`warning`, `error`, `critical`, `bestPractice`), type (`node`, `drive`, `cluster`, `service`, `volume`), details, data (object or null), date, resolved, resolvedDate (`""` while unresolved), nodeID, driveID, driveIDs, serviceID, nodeHardwareFaultID, externalSource, networkInterface}; IDs that do not apply are 0)',
  errors: [],
  description:
    'Faults the cluster detected, as its last evaluation left them (every 30 s). EKM raises `kmipServerFault` (Connection Failure, Authentication Failure, Server Error), `kmipCertificateFault` (root CA or client certificate expiring within 30/7/3 days, expired, invalid), `driveFailed` (a locked drive whose key cannot be acquired) and `sliceServiceUnhealthy` (TR-4843 §9.2, §10.1); each resolves by itself once its cause is gone.',
  run: (ctx, p) => ({ faults: ctx.master.listClusterFaults({ bestPractices: p.bestPractices, faultTypes: faultTypes(p.faultTypes) }) }),
});

export const clearClusterFaults = defineMethod({
  name: 'ClearClusterFaults',
  since: '1.0',
  params: [
    {
      name: 'faultTypes',
      type: 'string',
      values: FAULT_TYPES,
      default: 'resolved',
      description: 'Which faults to clear: `current`, `resolved` or `all`',
    },
  ],
  changesState: true,
  result: '`{}`',
  errors: [],
  description: 'Forgets faults. A cleared current fault whose cause remains is raised again, with a new clusterFaultID, at the next evaluation.',
  run: async (ctx, p) => {
    await ctx.master.clearClusterFaults(faultTypes(p.faultTypes));
    return EMPTY_RESULT;
  },
  audit: (p) => ({ faultTypes: p.faultTypes }),
});
