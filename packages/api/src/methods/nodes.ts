/** Storage nodes (element-api.md §5.7). */
import { defineMethod } from '../method.js';

const NODE = 'Node (`nodeID` an integer, `uuid` a UUID, `role` `Storage`, `maintenanceMode` `Disabled`)';

export const listActiveNodes = defineMethod({
  name: 'ListActiveNodes',
  since: '1.0',
  params: [],
  changesState: false,
  result: `\`nodes\`: ${NODE}[]`,
  errors: [],
  description: 'The nodes that are members of the cluster.',
  run: (ctx) => ({ nodes: ctx.master.listActiveNodes() }),
});

export const listAllNodes = defineMethod({
  name: 'ListAllNodes',
  since: '1.0',
  params: [],
  changesState: false,
  result: `\`nodes\`: ${NODE}[], \`pendingNodes\`: [], \`pendingActiveNodes\`: [] (ekmsim has no pending nodes)`,
  errors: [],
  description: 'Active and pending nodes.',
  run: (ctx) => ({ ...ctx.master.listAllNodes() }),
});
