/** ListActiveNodes and ListAllNodes over HTTPS (fake master). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClusterFixture, type ClusterFixture } from './support/cluster-fixture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('node methods', () => {
  let fx: ClusterFixture;
  beforeAll(async () => {
    fx = await startClusterFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('ListActiveNodes answers {nodes} with integer nodeIDs and valid UUIDs', async () => {
    const result = await fx.result('ListActiveNodes');
    expect(Object.keys(result)).toEqual(['nodes']);
    const nodes = result.nodes as Record<string, unknown>[];
    expect(nodes.map((n) => n.nodeID)).toEqual([1, 2]);
    for (const n of nodes) {
      expect(n.uuid).toMatch(UUID);
      expect(n).toMatchObject({ role: 'Storage', maintenanceMode: 'Disabled', fibreChannelTargetPortGroup: null });
      expect(Number.isInteger((n.platformInfo as { nodeMemoryGB: unknown }).nodeMemoryGB)).toBe(true);
    }
    expect(new Set(nodes.map((n) => n.uuid)).size).toBe(2);
  });

  it('ListAllNodes answers {nodes, pendingNodes, pendingActiveNodes}, keys sorted', async () => {
    const reply = await fx.call('ListAllNodes', {}, { path: '/json-rpc/1.0' });
    expect(Object.keys(reply.result ?? {})).toEqual(['nodes', 'pendingActiveNodes', 'pendingNodes']);
    expect(reply.result).toMatchObject({ pendingNodes: [], pendingActiveNodes: [] });
    expect(reply.result?.nodes).toEqual((await fx.result('ListActiveNodes')).nodes);
    expect(reply.raw.body).toMatch(/"pendingActiveNodes":\[\],"pendingNodes":\[\]\}\}$/);
  });

  it('ignores parameters these methods do not have', async () => {
    expect((await fx.result('ListActiveNodes', { nodeID: 'x' })).nodes).toHaveLength(2);
  });
});
