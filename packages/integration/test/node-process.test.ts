/**
 * A storage node as its own OS process: `ekmsim node --join ws://…` joins a running `ekmsim up`,
 * holds a share under internal keys, serves host I/O, and after `kill -9` and a restart unlocks
 * its drives again with its peers' shares.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ekmsim } from './helpers/ekmsim.js';
import { element } from './helpers/element.js';
import { listDrives, nodeState, pattern, waitFor, waitForEar, waitUnlocked, type Call } from './helpers/cluster.js';
import { startNodeProcess, type NodeProcess } from './helpers/node-process.js';
import { startUp, type UpProcess } from './helpers/up.js';

describe('ekmsim node --join: a node in its own process', () => {
  let tmp: string;
  let up: UpProcess;
  let node3: NodeProcess | undefined;
  let api: Call;
  let control: Call;
  let nodeUrl: string;
  const node3Args = (): string[] => ['--join', nodeUrl, '--node-id', '3', '--data', join(tmp, 'node3'), '--drives-per-node', '2'];

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ekmsim-node-proc-'));
    up = await startUp(['--api-port', '0', '--data', join(tmp, 'cluster'), '--nodes', '2', '--drives-per-node', '2', '--node-port', '0']);
    nodeUrl = /nodes join at (ws:\/\/\S+)/.exec(up.output())![1]!;
    api = (m, p) => element(up.apiBase, m, p);
    control = (m, p) => element(up.apiBase, m, p, '/sim/json-rpc/1.0');
  });

  afterAll(async () => {
    await node3?.stop();
    await up?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('refuses to power a node it does not run', async () => {
    node3 = await startNodeProcess(node3Args());
    await waitFor('node 3 joined', async () => ((await nodeState(control, 3)).online ? true : undefined));
    const cli = await ekmsim(['api', '--url', up.apiBase, '--sim', 'PowerOffNode', 'nodeID:=3']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('xSimNodeNotManaged');
    expect((await nodeState(control, 3)).online).toBe(true);
  });

  it('joins the cluster with its drives', async () => {
    await waitFor('node 3 in ListActiveNodes', async () => {
      const { nodes } = (await api('ListActiveNodes')) as { nodes: { nodeID: number }[] };
      return nodes.some((n) => n.nodeID === 3) ? true : undefined;
    });
    const drives = await listDrives(api);
    expect(drives.filter((d) => d.nodeID === 3)).toHaveLength(2);
  });

  it('takes its share when internal EAR is enabled, and serves host I/O', async () => {
    await api('EnableEncryptionAtRest');
    await waitForEar(api, 'enabled');
    const s = await nodeState(control, 3);
    expect(s.node!.generations.filter((g) => g.holdsShare)).toHaveLength(1);
    const d = (await listDrives(api)).find((x) => x.nodeID === 3)!;
    await control('WriteBlocks', { driveID: d.driveID, lba: 0, data: pattern(d.driveID, 2, 'proc').toString('base64') });
  });

  it('after kill -9 and a restart, unlocks its drives with its peers\' shares', async () => {
    await node3!.kill9();
    node3 = undefined;
    await waitFor('node 3 offline', async () => ((await nodeState(control, 3)).online ? undefined : true));
    node3 = await startNodeProcess(node3Args());
    await waitUnlocked(control, [3]);
    // The same through the command line: ekmsim api --sim.
    const cli = await ekmsim(['api', '--url', up.apiBase, '--sim', 'GetNodeState', 'nodeID:=3']);
    expect(cli.code).toBe(0);
    const viaCli = JSON.parse(cli.stdout) as { online: boolean; node: { phase: string; drives: { locked: boolean }[] } };
    expect(viaCli).toMatchObject({ online: true, node: { phase: 'ready' } });
    expect(viaCli.node.drives.every((x) => !x.locked)).toBe(true);
    const d = (await listDrives(api)).find((x) => x.nodeID === 3)!;
    const { data } = (await control('ReadBlocks', { driveID: d.driveID, lba: 0, blocks: 2 })) as { data: string };
    expect(Buffer.from(data, 'base64').equals(pattern(d.driveID, 2, 'proc'))).toBe(true);
  });
});
