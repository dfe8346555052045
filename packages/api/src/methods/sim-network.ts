/** The control API's simulated network (issue 5): faults per node, key server or site. */
import { ElementApiError } from '@ekmsim/master';
import { API_ERROR_NAMES } from '../errors.js';
import { EMPTY_RESULT, defineMethod } from '../method.js';
import { NETWORK_FAULT_KINDS, NETWORK_FAULT_SCOPES, SIM_ERROR_NAMES, type NetworkFault, type NetworkFaultKind, type NetworkFaultScope } from '../sim-control.js';
import { simControl } from './sim-context.js';

const isScope = (text: string): text is NetworkFaultScope => (NETWORK_FAULT_SCOPES as readonly string[]).includes(text);
const isKind = (text: string): text is NetworkFaultKind => (NETWORK_FAULT_KINDS as readonly string[]).includes(text);

/** The fault as SimControl takes it; the schema has held scope and fault to their values. */
function networkFault(p: { scope: string; target: string; fault: string; latencyMs?: number }): NetworkFault {
  const { scope, target, fault, latencyMs } = p;
  if (!isScope(scope) || !isKind(fault)) throw new Error('scope and fault passed the schema');
  if (fault === 'latency' && latencyMs === undefined) {
    throw new ElementApiError(API_ERROR_NAMES.invalidParameter, 'latencyMs: required with fault "latency"');
  }
  if (fault !== 'latency' && latencyMs !== undefined) {
    throw new ElementApiError(API_ERROR_NAMES.invalidParameter, `latencyMs: only with fault "latency", not ${JSON.stringify(fault)}`);
  }
  return { scope, target, fault, ...(latencyMs === undefined ? {} : { latencyMs }) };
}

export const setNetworkFault = defineMethod({
  name: 'SetNetworkFault',
  since: '1.0',
  params: [
    { name: 'scope', type: 'string', required: true, values: NETWORK_FAULT_SCOPES, description: 'What the fault applies to: one node\'s connections, one key server\'s, or a whole site\'s' },
    { name: 'target', type: 'string', required: true, description: 'A nodeID (as text), a simulated key server\'s name (ListSimKeyServers), or a site (`local`, `foreign`)' },
    {
      name: 'fault',
      type: 'string',
      required: true,
      values: NETWORK_FAULT_KINDS,
      description: '`lookupFailure`: host names do not resolve; `connectionRefused`; `blackHole`: no answer (timeouts); `latency`: every packet delayed; `partition`: cut off; `none`: clears the target\'s fault',
    },
    { name: 'latencyMs', type: 'integer', min: 0, max: 600_000, description: 'With `latency` (and only then): added to every packet\'s way, each direction' },
  ],
  changesState: true,
  result: '`{}`',
  errors: [API_ERROR_NAMES.invalidParameter, SIM_ERROR_NAMES.unknownNode, SIM_ERROR_NAMES.unknownKeyServer],
  description: 'Sets the network fault of one target (replacing its previous one); it acts on real connections from then on. TR-4843 §10.1\'s Connection Failure and §10.3\'s log strings come from these.',
  run: async (ctx, p) => {
    await simControl(ctx).setNetworkFault(networkFault(p));
    return EMPTY_RESULT;
  },
  audit: (p) => ({ scope: p.scope, target: p.target, fault: p.fault, latencyMs: p.latencyMs }),
});

export const listNetworkFaults = defineMethod({
  name: 'ListNetworkFaults',
  since: '1.0',
  params: [],
  changesState: false,
  result: '`faults`: {scope, target, fault, latencyMs?}[]',
  errors: [],
  description: 'The network faults in force.',
  run: async (ctx) => ({ faults: (await simControl(ctx).listNetworkFaults({})).faults.map((f) => ({ ...f })) }),
});
