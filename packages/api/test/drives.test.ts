/** ListDrives, AddDrives, RemoveDrives, SecureEraseDrives, ListDriveHardware over HTTPS, with a fake master. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClusterFixture, type ClusterFixture } from './support/cluster-fixture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('drive methods', () => {
  let fx: ClusterFixture;
  beforeAll(async () => {
    fx = await startClusterFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  const error = async (method: string, params: unknown, path?: string) => {
    const reply = await fx.call(method, params, path === undefined ? {} : { path });
    expect(reply.result, reply.raw.body).toBeUndefined();
    return reply.error;
  };
  const statuses = async () => {
    const { drives } = (await fx.result('ListDrives')) as { drives: { driveID: number; status: string }[] };
    return Object.fromEntries(drives.map((d) => [d.driveID, d.status]));
  };

  it('ListDrives answers {drives} with integer IDs, keys sorted', async () => {
    const reply = await fx.call('ListDrives');
    expect(Object.keys(reply.result ?? {})).toEqual(['drives']);
    const drives = reply.result?.drives as Record<string, unknown>[];
    expect(drives).toHaveLength(4);
    for (const d of drives) {
      for (const key of ['driveID', 'nodeID', 'slot', 'capacity']) expect(Number.isInteger(d[key]), key).toBe(true);
      expect(d).toMatchObject({ status: 'available', driveSecurityFaultReason: 'none', attributes: {} });
    }
    expect(reply.raw.body).toMatch(/^\{"id":1,"result":\{"drives":\[\{"attributes":\{\},"capacity":/);
  });

  it('AddDrives accepts {driveID, type?} objects and plain driveIDs, and answers {asyncHandle}', async () => {
    const objects = await fx.result('AddDrives', { drives: [{ driveID: 1 }, { driveID: 2, type: 'block' }] });
    expect(Object.keys(objects)).toEqual(['asyncHandle']);
    expect(Number.isInteger(objects.asyncHandle)).toBe(true);
    const plain = await fx.result('AddDrives', { drives: [3] });
    expect(plain.asyncHandle).not.toBe(objects.asyncHandle);
    expect(await statuses()).toEqual({ 1: 'active', 2: 'active', 3: 'active', 4: 'available' });
  });

  it('AddDrives refuses anything else in drives, naming the item, and changes nothing', async () => {
    const before = await statuses();
    expect(await error('AddDrives', {})).toEqual({ code: 500, name: 'xInvalidParameter', message: 'drives: missing required parameter' });
    expect(await error('AddDrives', { drives: 4 })).toEqual({ code: 500, name: 'xInvalidParameterType', message: 'drives: Invalid type: expected array but found 4' });
    expect(await error('AddDrives', { drives: { driveID: 4 } })).toMatchObject({ name: 'xInvalidParameterType', message: 'drives: Invalid type: expected array but found {"driveID":4}' });
    expect(await error('AddDrives', { drives: [4, '4'] })).toMatchObject({ name: 'xInvalidParameterType', message: 'drives[1]: Invalid type: expected integer or object but found "4"' });
    expect((await error('AddDrives', { drives: [4.5] }))?.message).toBe('drives[0]: Invalid type: expected integer or object but found 4.5');
    expect((await error('AddDrives', { drives: [null] }))?.message).toBe('drives[0]: Invalid type: expected integer or object but found null');
    expect((await error('AddDrives', { drives: [[4]] }))?.name).toBe('xInvalidParameterType');
    expect(await error('AddDrives', { drives: [{ driveID: '4' }] })).toMatchObject({ name: 'xInvalidParameterType', message: 'drives[0].driveID: Invalid type: expected integer but found "4"' });
    expect(await error('AddDrives', { drives: [{ type: 'block' }] })).toMatchObject({ name: 'xInvalidParameter', message: 'drives[0].driveID: missing required parameter' });
    expect(await error('AddDrives', { drives: [{ driveID: 4, type: 7 }] })).toMatchObject({ name: 'xInvalidParameterType', message: 'drives[0].type: Invalid type: expected string but found 7' });
    expect(await error('AddDrives', { drives: [{ driveID: 4, type: 'fast' }] })).toMatchObject({
      name: 'xInvalidParameter',
      message: 'drives[0].type: expected one of "slice", "block", "volume" but found "fast"',
    });
    expect(await statuses()).toEqual(before);
  });

  it('passes the master\'s errors through by name and message', async () => {
    expect(await error('AddDrives', { drives: [99] })).toEqual({ code: 500, name: 'xDriveIDDoesNotExist', message: 'drive 99 does not exist' });
    expect(await error('AddDrives', { drives: [{ driveID: 1 }] })).toEqual({ code: 500, name: 'xInvalidParameter', message: 'drive 1 is active, not available' });
    expect(await error('RemoveDrives', { drives: [4] })).toEqual({ code: 500, name: 'xInvalidParameter', message: 'drive 4 is available, not active' });
    expect(await error('SecureEraseDrives', { drives: [1] })).toEqual({ code: 500, name: 'xInvalidParameter', message: 'drive 1 is active, not available' });
  });

  it('RemoveDrives takes driveIDs only', async () => {
    expect(await error('RemoveDrives', { drives: [{ driveID: 3 }] })).toMatchObject({ name: 'xInvalidParameterType', message: 'drives[0]: Invalid type: expected integer but found {"driveID":3}' });
    expect((await error('RemoveDrives', {}))?.message).toBe('drives: missing required parameter');
    const { asyncHandle } = await fx.result('RemoveDrives', { drives: [3] });
    expect(Number.isInteger(asyncHandle)).toBe(true);
    expect((await statuses())[3]).toBe('removing');
  });

  it('SecureEraseDrives exists from endpoint 5.0 on and answers {asyncHandle}', async () => {
    expect((await error('SecureEraseDrives', { drives: [4] }, '/json-rpc/4.0'))?.name).toBe('xUnknownAPIMethod');
    expect((await error('SecureEraseDrives', { drives: 4 }))?.name).toBe('xInvalidParameterType');
    const result = await fx.result('SecureEraseDrives', { drives: [4] }, '/json-rpc/5.0');
    expect(Object.keys(result)).toEqual(['asyncHandle']);
    expect((await statuses())[4]).toBe('erasing');
  });

  it('serves ListDrives, AddDrives, RemoveDrives on the 1.0 endpoint', async () => {
    expect((await fx.call('ListDrives', {}, { path: '/json-rpc/1.0' })).result?.drives).toHaveLength(4);
    expect((await fx.call('AddDrives', { drives: [99] }, { path: '/json-rpc/1.0' })).error?.name).toBe('xDriveIDDoesNotExist');
  });

  it('ListDriveHardware needs force=true on the cluster endpoint', async () => {
    const needsForce = {
      code: 500,
      name: 'xInvalidParameter',
      message: 'force: the cluster-wide ListDriveHardware needs force=true (without it the method is the per-node form, served on a node\'s management IP)',
    };
    expect(await error('ListDriveHardware', {})).toEqual(needsForce);
    expect(await error('ListDriveHardware', { force: false })).toEqual(needsForce);
    expect((await error('ListDriveHardware', { force: 'true' }))?.message).toBe('force: Invalid type: expected boolean but found "true"');
    const { nodes } = (await fx.result('ListDriveHardware', { force: true })) as { nodes: { nodeID: number; result: { driveHardware: Record<string, unknown>[] } }[] };
    expect(nodes.map((n) => n.nodeID)).toEqual([1, 2]);
    const hw = nodes.flatMap((n) => n.result.driveHardware);
    expect(hw).toHaveLength(4);
    for (const d of hw) {
      expect(d.uuid).toMatch(UUID);
      expect(Number.isInteger(d.driveID)).toBe(true);
      expect(d).toMatchObject({ securitySupported: true, driveEncryptionCapability: 'fips' });
    }
  });

  it('logs the drive-changing calls with their driveIDs; reads are not logged', () => {
    const lines = fx.logger.api().filter((e) => e.fields.method !== undefined);
    const added = lines.find((e) => e.fields.method === 'AddDrives' && e.fields.outcome === 'ok');
    expect(added?.fields.drives).toBe('1,2:block');
    expect(lines.find((e) => e.fields.method === 'RemoveDrives' && e.fields.outcome === 'ok')?.fields.drives).toBe('3');
    expect(lines.find((e) => e.fields.method === 'AddDrives' && e.fields.outcome === 'xDriveIDDoesNotExist')?.level).toBe('warn');
    expect(lines.some((e) => e.fields.method === 'ListDrives' || e.fields.method === 'ListDriveHardware')).toBe(false);
  });
});
