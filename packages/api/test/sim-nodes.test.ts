/** The control API's power switches and GetNodeState, over HTTPS with a fake cluster. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM } from './support/fixture.js';
import { startClusterFixture, type ClusterFixture } from './support/cluster-fixture.js';

describe('control API: nodes', () => {
  let fx: ClusterFixture;
  beforeAll(async () => {
    fx = await startClusterFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  const sim = (method: string, params: Record<string, unknown> = {}) => fx.result(method, params, SIM);
  const simError = async (method: string, params: unknown) => {
    const reply = await fx.call(method, params, { path: SIM });
    expect(reply.result, reply.raw.body).toBeUndefined();
    return reply.error;
  };

  it('PowerOffNode answers {} and GetNodeState then shows the node off, with no node report', async () => {
    expect(await sim('PowerOffNode', { nodeID: 1 })).toEqual({});
    expect(await sim('GetNodeState', { nodeID: 1 })).toEqual({ nodeID: 1, online: false, node: null });
    expect((await simError('ReadBlocks', { driveID: 1, lba: 0, blocks: 1 }))?.name).toBe('xSimNodeOffline');
  });

  it('PowerOnNode answers {} and GetNodeState shows what the node reports', async () => {
    expect(await sim('PowerOnNode', { nodeID: 1 })).toEqual({});
    const state = await sim('GetNodeState', { nodeID: 1 });
    expect(state).toMatchObject({ nodeID: 1, online: true, node: { nodeID: 1, phase: 'ready', unlockError: null } });
    const drives = (state.node as { drives: { serial: string; locked: boolean }[] }).drives;
    expect(drives.map((d) => [d.serial, d.locked])).toEqual([['SIM-1-0', false], ['SIM-1-1', false]]);
  });

  it('PowerCycleNode leaves drives locked when the node cannot get its key; reads say which lock', async () => {
    fx.cluster.keyUnavailable = true;
    try {
      expect(await sim('PowerCycleNode', { nodeID: 2 })).toEqual({});
      const { node } = (await sim('GetNodeState', { nodeID: 2 })) as { node: { phase: string; unlockError: string } };
      expect(node).toMatchObject({ phase: 'locked', unlockError: 'no key for generation 1' });
      expect(await simError('ReadBlocks', { driveID: 3, lba: 5, blocks: 1 })).toEqual({
        code: 500,
        name: 'xSimDriveLocked',
        message: 'drive 3: read refused at LBA 5: locking range Global is read-locked',
      });
    } finally {
      fx.cluster.keyUnavailable = false;
    }
  });

  it('PowerCycleCluster powers every node off and on', async () => {
    expect(await sim('PowerCycleCluster')).toEqual({});
    for (const nodeID of [1, 2]) expect(await sim('GetNodeState', { nodeID })).toMatchObject({ online: true, node: { phase: 'ready' } });
    expect((await sim('ReadBlocks', { driveID: 3, lba: 0, blocks: 1 })).data).toEqual(expect.any(String));
  });

  it('validates nodeID and passes an unknown node through as xSimNodeDoesNotExist', async () => {
    for (const method of ['PowerOffNode', 'PowerOnNode', 'PowerCycleNode', 'GetNodeState']) {
      expect(await simError(method, {}), method).toEqual({ code: 500, name: 'xInvalidParameter', message: 'nodeID: missing required parameter' });
      expect(await simError(method, { nodeID: '1' }), method).toEqual({ code: 500, name: 'xInvalidParameterType', message: 'nodeID: Invalid type: expected integer but found "1"' });
      expect(await simError(method, { nodeID: 9 }), method).toEqual({ code: 500, name: 'xSimNodeDoesNotExist', message: 'node 9 is not in the cluster' });
    }
    expect(fx.cluster.nodes.every((n) => n.online)).toBe(true);
  });

  it('logs power switching with the nodeID; GetNodeState is not logged', () => {
    const lines = fx.logger.api().filter((e) => e.fields.method !== undefined);
    expect(lines.find((e) => e.fields.method === 'PowerOffNode' && e.fields.outcome === 'ok')?.fields).toMatchObject({ nodeID: 1, endpoint: SIM });
    expect(lines.some((e) => e.fields.method === 'PowerCycleCluster' && e.fields.outcome === 'ok')).toBe(true);
    expect(lines.some((e) => e.fields.method === 'GetNodeState')).toBe(false);
  });

  it('is not on the Element endpoint', async () => {
    expect((await fx.call('PowerOffNode', { nodeID: 1 })).error?.name).toBe('xUnknownAPIMethod');
  });
});
