/** Cluster-wide read methods: GetAPI (the SDKs' first call) and GetClusterInfo. */
import { defineMethod } from '../method.js';
import { API_VERSIONS, CURRENT_API_VERSION } from '../versions.js';

/**
 * `currentVersion`, `supportedVersions` (strings) and a member named after the endpoint version
 * listing that endpoint's methods: called on /json-rpc/12.3 the member is "12.3" (the current
 * version, as the docs' example shows); the Java SDK's captured GetAPI on /json-rpc/7.0 of a 7.3
 * cluster names it "7.0", so an older endpoint lists its own methods under its own version.
 */
export const getApi = defineMethod({
  name: 'GetAPI',
  since: '1.0',
  params: [],
  changesState: false,
  result: '`currentVersion`: string, `supportedVersions`: string[], `<endpoint version>`: string[] (method names)',
  errors: [],
  description: 'The API versions the cluster serves and the methods of this endpoint.',
  run: (ctx) => ({
    [ctx.version]: [...ctx.methodNames()],
    currentVersion: CURRENT_API_VERSION,
    supportedVersions: [...API_VERSIONS],
  }),
});

export const getClusterInfo = defineMethod({
  name: 'GetClusterInfo',
  since: '1.0',
  params: [],
  changesState: false,
  result: '`clusterInfo`: ClusterInfo (`encryptionAtRestState` lower-case, `uuid` a valid UUID)',
  errors: [],
  description: 'The cluster configuration, including `encryptionAtRestState`.',
  run: (ctx) => ({ clusterInfo: ctx.master.getClusterInfo() }),
});
