/**
 * The simulated network: host names that resolve only inside the simulation (its own name
 * server), a relay in front of every key server endpoint, every party dialing from its own
 * loopback address (addresses.ts), and the faults in force (faults.ts), which act on real
 * lookups and connections. Faults live in memory only: a restarted simulation's network is healthy.
 */
import type { Clock } from '@ekmsim/core';
import type { NetworkFault } from '@ekmsim/api';
import { nameServiceDialer, type Dialer } from '@ekmsim/kmip-client';
import type { RecordActivity } from '../activity/activity-log.js';
import { memberName, partyName } from '../activity/names.js';
import { MASTER_ADDRESS, nodeAddress, partyAt, UNREACHABLE_ADDRESS, type Site } from './addresses.js';
import { FaultTable, NetworkFaultError, type Effect, type FaultTargets } from './faults.js';
import { KeyServerProxy } from './key-server-proxy.js';
import { startNameServer, type Answer, type NameServer } from './name-server.js';

/** Where the simulated key servers' names live (RFC 6761 reserves `.test`). */
export const SIMULATED_DOMAIN = 'ekmsim.test';

/** Names every party may use for the loopback host (kept for clusters configured with them). */
const LOOPBACK_NAMES = new Set(['localhost']);

interface Endpoint {
  readonly keyServer: string;
  /** The key server's name, with its member beyond the first (activity/names.ts). */
  readonly label: string;
  readonly hostname: string;
  /** Where the name resolves and the relay listens. */
  readonly address: string;
  readonly proxy: KeyServerProxy;
  /** False while the key server's listener behind it is stopped (its administrator's stop). */
  up: boolean;
}

/** A key server endpoint to put on the network (SimulatedNetwork.addEndpoint). */
export interface EndpointSpec {
  readonly keyServer: string;
  /** Which member of the key server it is (0, the default, for a one-member server). */
  readonly member?: number;
  readonly hostname: string;
  /** The key server member's private port, where the relay forwards. */
  readonly upstreamPort: number;
  /** Where the relay listens (0: a free one). */
  readonly publishedPort: number;
  /** Where the name resolves and the relay listens (default the loopback 127.0.0.1). */
  readonly address?: string;
}

/** What a connection that did not get through met, in the activity view's words. */
const KEPT: Readonly<Record<'connectionRefused' | 'blackHole' | 'partition', string>> = {
  connectionRefused: 'connection refused',
  blackHole: 'no answer (black hole)',
  partition: 'no answer (partition)',
};

/** What a node needs to use the network: where names are looked up, and its own address. */
export interface NodeNetwork {
  readonly nameServer: string;
  readonly localAddress: string;
}

export class SimulatedNetwork {
  readonly #clock: Clock;
  readonly #faults: FaultTable;
  readonly #endpoints: Endpoint[] = [];
  readonly #sites = new Map<number, Site>();
  readonly #record: RecordActivity;
  #nameServer: NameServer | undefined;

  private constructor(clock: Clock, targets: FaultTargets, record: RecordActivity) {
    this.#clock = clock;
    this.#faults = new FaultTable(targets);
    this.#record = record;
  }

  /**
   * `onActivity` hears of every lookup or connection of a key server's that the network kept
   * from it (a fault, or a stopped key server), as the activity view records it; connections
   * that get through show as their KMIP requests (activity/key-server-activity.ts).
   */
  static async start(options: { readonly clock: Clock; readonly targets: FaultTargets; readonly onActivity?: RecordActivity }): Promise<SimulatedNetwork> {
    const network = new SimulatedNetwork(options.clock, options.targets, options.onActivity ?? (() => undefined));
    network.#nameServer = await startNameServer({ answer: (name, source) => network.#answer(name, source) });
    return network;
  }

  get nameServer(): string {
    if (this.#nameServer === undefined) throw new Error('the simulated network is closed');
    return this.#nameServer.address;
  }

  /**
   * Puts `hostname` on the network for a key server (member) at its address (a HyTrust member
   * has its own), relayed to its private port. Returns the published port.
   */
  async addEndpoint(spec: EndpointSpec): Promise<number> {
    const { keyServer, upstreamPort, publishedPort } = spec;
    const address = spec.address ?? MASTER_ADDRESS;
    const label = memberName(keyServer, spec.member);
    const name = spec.hostname.toLowerCase();
    if (this.#endpoints.some((e) => e.hostname === name)) throw new Error(`host name ${name} is already on the simulated network`);
    const effect = (source: string): Effect => this.#faults.effect(partyAt(source), keyServer, 'connection');
    const kept = (source: string, met: Effect): void => {
      if (met.kind === 'connectionRefused' || met.kind === 'blackHole' || met.kind === 'partition') this.#kept(source, label, KEPT[met.kind]);
    };
    const proxy = new KeyServerProxy({ upstreamPort, clock: this.#clock, effect, address, kept }, publishedPort);
    await proxy.start();
    this.#endpoints.push({ keyServer, label, hostname: name, address, proxy, up: true });
    return proxy.port;
  }

  /**
   * Whether the key server behind `hostname` listens: a stopped key server (or HyTrust member)
   * refuses connections at its address, as a stopped service does, instead of dropping them
   * after the relay accepted.
   */
  async setEndpointUp(hostname: string, up: boolean): Promise<void> {
    const endpoint = this.#endpoints.find((e) => e.hostname === hostname.toLowerCase());
    if (endpoint === undefined) throw new Error(`host name ${hostname} is not on the simulated network`);
    endpoint.up = up;
    await this.#syncListeners();
  }

  /** The dialer of a party whose connections leave from `localAddress` (the master's: 127.0.0.1). */
  dialerFrom(localAddress: string = MASTER_ADDRESS): Dialer {
    return nameServiceDialer({ nameServer: this.nameServer, localAddress });
  }

  /** Where node `nodeID` is (default the local site) and so the address it dials from. */
  placeNode(nodeID: number, site: Site): void {
    nodeAddress(nodeID, site); // checks the ID
    this.#sites.set(nodeID, site);
  }

  nodeNetwork(nodeID: number): NodeNetwork {
    return { nameServer: this.nameServer, localAddress: nodeAddress(nodeID, this.#sites.get(nodeID) ?? 'local') };
  }

  /** Checks and sets a fault (kind `none` clears it); it acts on lookups and connections from now on. */
  async setFault(fault: NetworkFault): Promise<NetworkFault> {
    const before = this.#faults.list();
    const stored = this.#faults.set(fault);
    try {
      await this.#syncListeners();
    } catch (e) {
      // A listener that cannot listen again (its port taken meanwhile): back to how it was.
      this.#faults.set({ scope: stored.scope, target: stored.target, fault: 'none' });
      for (const f of before) if (f.scope === stored.scope && f.target === stored.target) this.#faults.set(f);
      await this.#syncListeners().catch(() => undefined);
      throw new NetworkFaultError(`the fault could not be applied: ${(e as Error).message}`);
    }
    return stored;
  }

  listFaults(): NetworkFault[] {
    return this.#faults.list();
  }

  async close(): Promise<void> {
    await Promise.all(this.#endpoints.map((e) => e.proxy.close()));
    await this.#nameServer?.close();
    this.#nameServer = undefined;
  }

  /** A key server refused to everyone, or stopped, stops listening; otherwise it listens. */
  async #syncListeners(): Promise<void> {
    for (const e of this.#endpoints) {
      if (!e.up || this.#faults.refusesAll(e.keyServer)) await e.proxy.stopListening();
      else await e.proxy.start();
    }
  }

  /**
   * A lookup is how every party's dialer starts (nameServiceDialer), so an answer that sends it
   * nowhere is recorded here: the refused connection that follows happens in the kernel, where
   * no relay sees it. A connection made by address to a relay that stopped listening is not seen.
   */
  #answer(name: string, source: string): Answer {
    const endpoint = this.#endpoints.find((e) => e.hostname === name);
    const to = endpoint?.label ?? name;
    if (endpoint === undefined && !LOOPBACK_NAMES.has(name)) {
      this.#kept(source, to, 'name lookup failed');
      return 'nxdomain';
    }
    const effect = this.#faults.effect(partyAt(source), endpoint?.keyServer, 'lookup');
    if (effect.kind === 'lookupFailure') {
      this.#kept(source, to, 'name lookup failed');
      return 'nxdomain';
    }
    if (effect.kind === 'connectionRefused') {
      this.#kept(source, to, KEPT.connectionRefused);
      return { address: UNREACHABLE_ADDRESS };
    }
    if (endpoint !== undefined && !endpoint.up) this.#kept(source, to, `${KEPT.connectionRefused} (key server stopped)`);
    return { address: endpoint?.address ?? MASTER_ADDRESS };
  }

  #kept(source: string, to: string, outcome: string): void {
    this.#record({ kind: 'connection', from: partyName(source), to, what: 'connect', ok: false, outcome });
  }
}
