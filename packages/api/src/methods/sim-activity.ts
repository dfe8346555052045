/** The control API's view of the key flow as it happens (issue 7): the live dashboard polls it. */
import { defineMethod } from '../method.js';
import { SIM_ACTIVITY_LIMITS } from '../sim-control.js';
import { simControl } from './sim-context.js';

const { kept, page } = SIM_ACTIVITY_LIMITS;

export const listSimActivity = defineMethod({
  name: 'ListSimActivity',
  since: '1.0',
  params: [
    {
      name: 'since',
      type: 'integer',
      default: 0,
      min: 0,
      description: 'Only activities after this `seq`: 0 for the oldest kept, then the previous answer\'s `next`',
    },
  ],
  changesState: false,
  result:
    '`activities`: {seq, simMs, kind (`kmip`, `connection`, `share`), from, to, what, ok, outcome}[] (oldest first), `next`: integer (the `since` of the next call)',
  errors: [],
  description:
    `The cluster's key flow as it happened, identifiers only (never a key, share, sealed box, PIN or private key). \`kmip\`: every KMIP request a simulated key server answered — \`from\` the party that asked (\`master\`, \`node 3\`, \`thief master\`, \`thief node 1\`), \`to\` the key server (\`kms1\`, \`kms1 member 2\` for a HyTrust member beyond the first), \`what\` the operation (\`Get\`, \`Locate\`, \`DiscoverVersions\`, …), \`outcome\` \`Success\` or the status and reason (\`Operation Failed: Item Not Found\`). \`connection\`: a connection to a key server that did not reach it or that it refused (\`what\` \`connect\`; \`outcome\` e.g. \`name lookup failed\`, \`connection refused\`, \`no answer (black hole)\`, \`refused by the key server (TLS alert unknown ca)\`); connections that work show as their requests. \`share\`: under internal keys, a booting node (\`from\`) asked the master for shares and the master asked a peer (\`to\`) to seal its share to it (\`what\` \`share request\`; \`outcome\` \`sealed share sent\` or why not, e.g. \`node 2 offline\`). \`seq\` counts up from 1 and \`simMs\` is the simulation clock (ms since the epoch). The simulation keeps only the last ${kept} activities, in memory: older ones are dropped (a \`since\` before the oldest kept answers from the oldest kept), and a restarted simulation counts from 1 again (a \`since\` past the last seq answers from the oldest kept too). At most ${page} per call: call again with \`next\` until \`activities\` is empty.`,
  run: async (ctx, p) => {
    const { activities, next } = await simControl(ctx).listSimActivity({ since: p.since });
    return { activities: activities.map((a) => ({ ...a })), next };
  },
});
