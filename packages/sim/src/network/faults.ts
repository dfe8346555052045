/**
 * The faults in force on the simulated network, one per (scope, target), in memory only: a
 * restarted simulation starts with a healthy network. A connection meets every fault whose scope
 * covers it (its node, its site, the key server it goes to); the most severe decides, latencies
 * add up.
 */
import { NETWORK_FAULT_KINDS, NETWORK_FAULT_SCOPES, type NetworkFault, type NetworkFaultKind } from '@ekmsim/api';
import { SITES, type Party } from './addresses.js';

/** Latency above a minute is a mistake (seconds for milliseconds), not a network. */
export const MAX_LATENCY_MS = 60_000;

/** A fault that cannot be set; the message says why. Nothing changed. */
export class NetworkFaultError extends Error {
  override readonly name = 'NetworkFaultError';
}

/** What a lookup or a connection meets. */
export type Effect = { readonly kind: Exclude<NetworkFaultKind, 'latency'> } | { readonly kind: 'latency'; readonly latencyMs: number };

const SEVERITY: readonly NetworkFaultKind[] = ['lookupFailure', 'connectionRefused', 'partition', 'blackHole'];

export interface FaultTargets {
  knowsNode(nodeID: number): boolean;
  knowsKeyServer(name: string): boolean;
}

export class FaultTable {
  readonly #faults = new Map<string, NetworkFault>();

  constructor(private readonly targets: FaultTargets) {}

  /** Sets (kind `none`: clears) one fault after checking it whole; returns the fault as stored. */
  set(fault: NetworkFault): NetworkFault {
    const checked = this.#check(fault);
    const key = `${checked.scope}/${checked.target}`;
    if (checked.fault === 'none') this.#faults.delete(key);
    else this.#faults.set(key, checked);
    return checked;
  }

  list(): NetworkFault[] {
    return [...this.#faults.values()].sort((a, b) => `${a.scope}/${a.target}`.localeCompare(`${b.scope}/${b.target}`));
  }

  /**
   * What `party` meets going to `keyServer` (undefined: a name no key server owns, e.g.
   * localhost), looking its name up or connecting (where lookup failures no longer matter).
   */
  effect(party: Party, keyServer: string | undefined, at: 'lookup' | 'connection'): Effect {
    const applying = this.list().filter(
      (f) =>
        (f.scope === 'node' && party.nodeID !== undefined && f.target === String(party.nodeID)) ||
        (f.scope === 'site' && party.site !== undefined && f.target === party.site) ||
        (f.scope === 'keyServer' && keyServer !== undefined && f.target === keyServer),
    );
    for (const kind of SEVERITY) {
      if (kind === 'lookupFailure' && at === 'connection') continue;
      if (applying.some((f) => f.fault === kind)) return { kind } as Effect;
    }
    const latencyMs = applying.reduce((sum, f) => sum + (f.fault === 'latency' ? (f.latencyMs ?? 0) : 0), 0);
    return latencyMs > 0 ? { kind: 'latency', latencyMs } : { kind: 'none' };
  }

  /** Whether `keyServer` refuses everyone (its proxy stops listening). */
  refusesAll(keyServer: string): boolean {
    return this.#faults.get(`keyServer/${keyServer}`)?.fault === 'connectionRefused';
  }

  #check(f: NetworkFault): NetworkFault {
    const raw = f as unknown as Record<string, unknown>;
    if (!(NETWORK_FAULT_SCOPES as readonly unknown[]).includes(raw.scope)) throw new NetworkFaultError(`scope must be one of ${NETWORK_FAULT_SCOPES.join(', ')}, not ${JSON.stringify(raw.scope)}`);
    if (!(NETWORK_FAULT_KINDS as readonly unknown[]).includes(raw.fault)) throw new NetworkFaultError(`fault must be one of ${NETWORK_FAULT_KINDS.join(', ')}, not ${JSON.stringify(raw.fault)}`);
    if (typeof raw.target !== 'string') throw new NetworkFaultError(`target must be a string, not ${JSON.stringify(raw.target)}`);
    const target = this.#checkTarget(f.scope, raw.target);
    if (f.fault === 'latency') {
      const ms = raw.latencyMs;
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > MAX_LATENCY_MS) {
        throw new NetworkFaultError(`latencyMs must be a whole number of milliseconds from 1 to ${MAX_LATENCY_MS}, not ${JSON.stringify(ms)}`);
      }
      return { scope: f.scope, target, fault: 'latency', latencyMs: ms };
    }
    if (raw.latencyMs !== undefined) throw new NetworkFaultError(`latencyMs goes with fault latency only, not ${f.fault}`);
    return { scope: f.scope, target, fault: f.fault };
  }

  #checkTarget(scope: NetworkFault['scope'], target: string): string {
    switch (scope) {
      case 'node': {
        const nodeID = /^[1-9]\d{0,4}$/.test(target) ? Number(target) : Number.NaN;
        if (!this.targets.knowsNode(nodeID)) throw new NetworkFaultError(`target ${JSON.stringify(target)}: no such node in the cluster`);
        return String(nodeID);
      }
      case 'keyServer':
        if (!this.targets.knowsKeyServer(target)) throw new NetworkFaultError(`target ${JSON.stringify(target)}: no simulated key server of that name`);
        return target;
      case 'site':
        if (!(SITES as readonly string[]).includes(target)) throw new NetworkFaultError(`target ${JSON.stringify(target)}: the sites are ${SITES.join(', ')}`);
        return target;
    }
  }
}
