/**
 * Scenes for the fixture server: each changes the pretend cluster (fixture-model.mjs) in the
 * steps a real one goes through, sending snapshots and key traffic as it goes.
 * `ctx` = { model, snap(), traffic(items), wait(ms) }.
 */

const reaches = (node, ks, member) => node.linkFault === null && ks.networkFault === null && member.listening;

function memberName(ks, i) {
  return i === 0 ? ks.name : `${ks.name} member ${i + 1}`;
}

export async function powerOff(ctx, nodeIDs) {
  for (const id of nodeIDs) {
    const n = ctx.model.node(id);
    if (n.stolen) continue;
    Object.assign(n, { online: false, phase: 'off', unlockError: null });
    for (const d of n.drives) d.locked = null;
  }
  ctx.model.event('nodeEvent', `Nodes ${nodeIDs.join(', ')} lost power`);
  ctx.snap();
  await ctx.wait(700);
}

/** Nodes come up with drives locked, ask the key servers in order for the AK, unlock. */
export async function boot(ctx, nodeIDs) {
  const { model } = ctx;
  for (const id of nodeIDs) {
    const n = model.node(id);
    if (n.stolen) continue;
    Object.assign(n, { online: true, phase: 'booting', unlockAttempts: 0 });
    for (const d of n.drives) d.locked = true;
  }
  model.state.simMs += 40_000;
  ctx.snap();
  await ctx.wait(700);
  const items = [];
  for (const id of nodeIDs) {
    const n = model.node(id);
    if (n.stolen) continue;
    n.phase = 'unlocking';
    n.unlockAttempts += 1;
    let got = false;
    for (const ks of model.state.keyServers.filter((k) => k.active)) {
      for (const [i, m] of ks.members.entries()) {
        if (got) break;
        if (reaches(n, ks, m)) {
          items.push(model.activity(`node ${id}`, memberName(ks, i), 'Get', true, 'Success'));
          got = true;
        } else {
          items.push(model.activity(`node ${id}`, memberName(ks, i), 'connect', false, n.linkFault !== null ? 'no answer (partition)' : 'connection refused', 'connection'));
        }
      }
    }
    n.gotKey = got;
  }
  model.state.simMs += 5_000;
  ctx.traffic(items);
  ctx.snap();
  await ctx.wait(1200);
  for (const id of nodeIDs) {
    const n = model.node(id);
    if (n.stolen) continue;
    if (n.gotKey) {
      n.phase = 'ready';
      n.unlockError = null;
      for (const d of n.drives) if (d.status === 'active') d.locked = false;
    } else {
      n.phase = 'locked';
      n.unlockError = 'no key server answered: connection refused';
    }
    delete n.gotKey;
  }
  model.event('driveEvent', `Nodes ${nodeIDs.join(', ')}: drives unlocked where the AK came`);
  model.state.simMs += 2_000;
  ctx.snap();
  await ctx.wait(500);
}

export async function powerCycle(ctx, nodeIDs) {
  await powerOff(ctx, nodeIDs);
  ctx.model.state.simMs += 20_000;
  await boot(ctx, nodeIDs);
}

export async function setKeyServer(ctx, name, listening, member) {
  const { model } = ctx;
  const ks = model.keyServer(name);
  ks.members.forEach((m, i) => {
    if (member === undefined || member === i) m.listening = listening;
  });
  model.event('kmipEvent', `Key server ${name}${member === undefined ? '' : ` member ${member + 1}`} ${listening ? 'started' : 'stopped'}`);
  ctx.snap();
  await ctx.wait(500);
  model.state.simMs += 30_000;
  const up = ks.members.some((m) => m.listening);
  ctx.traffic([model.activity('master', name, up ? 'DiscoverVersions' : 'connect', up, up ? 'Success' : 'connection refused', up ? 'kmip' : 'connection')]);
  if (!up && ks.active) model.raise('kmipServerFault', 'critical', `Key server ${name} (keyServerID ${ks.keyServerID}) cannot be reached: connection refused`);
  if (up) model.resolve('kmipServerFault');
  ctx.snap();
  await ctx.wait(500);
}

export async function setLink(ctx, nodeID, fault) {
  ctx.model.node(nodeID).linkFault = fault;
  ctx.model.event('networkEvent', `Node ${nodeID} link ${fault ?? 'healed'}`);
  ctx.snap();
  await ctx.wait(300);
}

function summarize(theft) {
  const read = theft.readable.filter((d) => d.readable).length;
  const n = theft.drives.length;
  theft.summary = read === 0 ? `The thief has ${n} drive${n === 1 ? '' : 's'} and can read none: the data stays safe` : `The thief can read ${read} of ${n} drives`;
}

export async function stealDrive(ctx, driveID) {
  const { model } = ctx;
  const found = model.drive(driveID);
  if (found === undefined || found.drive.stolen) throw new Error(`xSimStolen: drive ${driveID} is not in the cluster`);
  found.drive.stolen = true;
  found.drive.status = 'removed';
  const theft = model.state.theft;
  theft.drives.push(driveID);
  theft.readable.push({ driveID, readable: false, why: 'locked at power-on; the thief has no Admin1 PIN' });
  summarize(theft);
  model.raise('driveFailed', 'error', `Drive ${driveID} removed`, { nodeID: found.node.nodeID, driveID });
  model.event('driveEvent', `Drive ${driveID} removed from node ${found.node.nodeID}`);
  ctx.snap();
  await ctx.wait(500);
}

export async function stealNode(ctx, nodeID) {
  const { model } = ctx;
  const n = model.node(nodeID);
  if (n.stolen) throw new Error(`xSimStolen: node ${nodeID} has been stolen: it is at the foreign site now (GetTheftReport)`);
  n.stolen = true;
  n.online = false;
  n.phase = 'off';
  const theft = model.state.theft;
  theft.nodes.push(nodeID);
  for (const d of n.drives) {
    d.stolen = true;
    d.locked = null;
    theft.drives.push(d.driveID);
    theft.readable.push({ driveID: d.driveID, readable: false, why: `node ${nodeID} is not up at the thief's site yet` });
  }
  theft.summary = `${theft.drives.length} drives at the thief's site; the thief is trying them`;
  model.raise('sliceServiceUnhealthy', 'warning', `Node ${nodeID} is not answering`, { nodeID });
  ctx.snap();
  await ctx.wait(900);
  const ks = model.state.keyServers[0];
  ctx.traffic([
    model.activity('thief master', ks.name, 'connect', false, 'refused by the key server (source not allowed)', 'connection'),
    model.activity(`thief node 1`, ks.name, 'Get', false, 'Operation Failed: Permission Denied'),
  ]);
  model.state.simMs += 60_000;
  for (const r of theft.readable) if (n.drives.some((d) => d.driveID === r.driveID)) r.why = 'locked: the key server refused the thief (no AK)';
  summarize(theft);
  ctx.snap();
  await ctx.wait(500);
}

export async function advance(ctx, seconds) {
  const { model } = ctx;
  model.state.simMs += seconds * 1000;
  model.resolve('kmipCertificateFault');
  for (const c of model.certificates()) {
    if (c.kind !== 'client' || c.daysLeft > 30) continue;
    const severity = c.daysLeft <= 3 ? 'critical' : c.daysLeft <= 7 ? 'error' : 'warning';
    model.raise('kmipCertificateFault', severity, `The client certificate for key server ${c.keyServerName} (${c.subject}) expires on ${c.notAfter}; ${c.daysLeft} days left.`);
  }
  ctx.snap();
  await ctx.wait(200);
}
