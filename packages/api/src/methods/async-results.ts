/** Asynchronous operations' results (element-api.md §5.6): AddDrives, RemoveDrives, SecureEraseDrives. */
import { defineMethod } from '../method.js';

export const getAsyncResult = defineMethod({
  name: 'GetAsyncResult',
  since: '1.0',
  params: [
    { name: 'asyncHandle', type: 'integer', required: true, description: 'The handle an asynchronous method returned' },
    { name: 'keepResult', type: 'boolean', default: false, description: 'Keep a completed result; without it the read purges it' },
  ],
  changesState: false,
  result: '`status` (`running` or `complete`), `resultType`, `createTime`, `lastUpdateTime`, and `result` on success, `error` {message, name} on failure, `details` while running',
  errors: ['xAsyncHandleDoesNotExist'],
  description: 'The state of an asynchronous operation. Reading a completed result without `keepResult` purges it, so the next read is `xAsyncHandleDoesNotExist`; a running one is always kept. (Not logged: polling would flood the log.)',
  run: async (ctx, p) => ({ ...(await ctx.master.getAsyncResult(p.asyncHandle, p.keepResult)) }),
});

export const listAsyncResults = defineMethod({
  name: 'ListAsyncResults',
  since: '1.0',
  params: [{ name: 'asyncResultTypes', type: 'string[]', description: 'Only results of these types (`DriveAdd`, `DriveRemoval`, …); all when omitted' }],
  changesState: false,
  result: '`asyncHandles`: {asyncResultID, completed, success, resultType, createTime, lastUpdateTime, data}[]',
  errors: [],
  description: 'The asynchronous results the cluster keeps (running ones and completed ones not yet purged).',
  run: (ctx, p) => ({ asyncHandles: ctx.master.listAsyncResults(p.asyncResultTypes) }),
});
