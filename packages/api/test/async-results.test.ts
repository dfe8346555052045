/** GetAsyncResult and ListAsyncResults over HTTPS: shapes, keepResult, purge on read (fake master). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClusterFixture, type ClusterFixture } from './support/cluster-fixture.js';

describe('async results', () => {
  let fx: ClusterFixture;
  let addHandle: number;
  let removeHandle: number;
  beforeAll(async () => {
    fx = await startClusterFixture();
    addHandle = (await fx.result('AddDrives', { drives: [1, 2] })).asyncHandle as number;
    removeHandle = (await fx.result('RemoveDrives', { drives: [1] })).asyncHandle as number;
  });
  afterAll(async () => {
    await fx?.close();
  });

  const error = async (method: string, params: unknown) => {
    const reply = await fx.call(method, params);
    expect(reply.result, reply.raw.body).toBeUndefined();
    return reply.error;
  };

  it('answers a running operation with details and keeps it, keepResult or not', async () => {
    const running = await fx.result('GetAsyncResult', { asyncHandle: addHandle });
    expect(running).toEqual({
      status: 'running',
      resultType: 'DriveAdd',
      createTime: '2026-01-01T00:00:00Z',
      lastUpdateTime: '2026-01-01T00:00:00Z',
      details: { driveIDs: [1, 2] },
    });
    expect((await fx.result('GetAsyncResult', { asyncHandle: addHandle })).status).toBe('running');
  });

  it('keeps a completed result read with keepResult=true, and purges it on a read without', async () => {
    fx.fakeMaster.finish(addHandle);
    const kept = await fx.result('GetAsyncResult', { asyncHandle: addHandle, keepResult: true });
    expect(kept).toMatchObject({ status: 'complete', resultType: 'DriveAdd', result: { driveIDs: [1, 2] } });
    expect(kept).not.toHaveProperty('details');
    expect(await fx.result('GetAsyncResult', { asyncHandle: addHandle, keepResult: true })).toEqual(kept);
    // keepResult defaults to false: this read purges it.
    expect(await fx.result('GetAsyncResult', { asyncHandle: addHandle })).toEqual(kept);
    expect(await error('GetAsyncResult', { asyncHandle: addHandle })).toEqual({ code: 500, name: 'xAsyncHandleDoesNotExist', message: `Async handle ${addHandle} does not exist.` });
  });

  it('validates asyncHandle and keepResult', async () => {
    expect(await error('GetAsyncResult', {})).toEqual({ code: 500, name: 'xInvalidParameter', message: 'asyncHandle: missing required parameter' });
    expect((await error('GetAsyncResult', { asyncHandle: '1' }))?.message).toBe('asyncHandle: Invalid type: expected integer but found "1"');
    expect((await error('GetAsyncResult', { asyncHandle: removeHandle, keepResult: 'yes' }))?.message).toBe('keepResult: Invalid type: expected boolean but found "yes"');
    expect((await error('GetAsyncResult', { asyncHandle: 999999999 }))?.message).toBe('Async handle 999999999 does not exist.');
  });

  it('ListAsyncResults answers {asyncHandles}, filtered by asyncResultTypes', async () => {
    const erase = (await fx.result('SecureEraseDrives', { drives: [3] })).asyncHandle as number;
    const ids = async (params: Record<string, unknown>) =>
      ((await fx.result('ListAsyncResults', params)).asyncHandles as { asyncResultID: number }[]).map((h) => h.asyncResultID);
    expect(await ids({})).toEqual([removeHandle, erase]);
    expect(await ids({ asyncResultTypes: ['DriveRemoval'] })).toEqual([removeHandle]);
    expect(await ids({ asyncResultTypes: ['DriveAdd'] })).toEqual([]);
    const [entry] = (await fx.result('ListAsyncResults', { asyncResultTypes: ['DriveRemoval'] })).asyncHandles as Record<string, unknown>[];
    expect(entry).toEqual({
      asyncResultID: removeHandle,
      completed: false,
      success: false,
      resultType: 'DriveRemoval',
      createTime: '2026-01-01T00:00:00Z',
      lastUpdateTime: '2026-01-01T00:00:00Z',
      data: { driveIDs: [1] },
    });
    expect((await error('ListAsyncResults', { asyncResultTypes: 'DriveAdd' }))?.message).toBe('asyncResultTypes: Invalid type: expected array but found "DriveAdd"');
    expect((await error('ListAsyncResults', { asyncResultTypes: [1] }))?.message).toBe('asyncResultTypes[0]: Invalid type: expected string but found 1');
  });
});
