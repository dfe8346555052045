/**
 * The page: connects to the dashboard's server, keeps what it says in a Session, and draws the
 * Session on each change (once per animation frame at most). Every part draws the snapshot on
 * screen (the latest, or the one picked on the timeline), so the whole page moves together.
 */
import type { ServerMessage, Snapshot } from '../src/protocol.js';
import { Actions } from './actions.js';
import { renderActivity } from './activity-list.js';
import { renderCertificates } from './certificate-panel.js';
import { ClockControls } from './clock-controls.js';
import { Connection } from './connection.js';
import { ConnectionBanner } from './connection-banner.js';
import { button, part } from './dom.js';
import { driveMenu } from './drive-menu.js';
import { renderEvents } from './event-list.js';
import { ExportDialog } from './export-dialog.js';
import { renderFaults } from './fault-list.js';
import { GuidedPanel } from './guided-panel.js';
import { keyServerMenu } from './key-server-menu.js';
import { nodeMenu } from './node-menu.js';
import { PastBanner } from './past-banner.js';
import { Popover } from './popover.js';
import { Session } from './session.js';
import { StatusBar } from './status-bar.js';
import { renderTheft } from './theft-panel.js';
import { Timeline } from './timeline.js';
import { Toasts } from './toasts.js';
import { Topology } from './topology.js';

const CLOCK_TICK_MS = 250;

const session = new Session();
const toasts = new Toasts(part('toasts'));
const connection: Connection = new Connection(Connection.forPage(window.location), {
  message: (m) => dispatch(m),
  state: (state, failures) => {
    connectionBanner.update(state, failures, session.greeted);
    document.body.classList.toggle('disconnected', state !== 'open' && session.greeted);
  },
});
const actions = new Actions(connection, toasts);
const popover = new Popover(document.body);
const exportDialog = new ExportDialog();
const connectionBanner = new ConnectionBanner();
const statusBar = new StatusBar();
const clockControls = new ClockControls(part('clock-controls'), actions);

/** Shows the moment step `index` ended, as Back and the step markers do. */
function review(index: number): void {
  const guided = session.guided;
  const result = guided?.results.get(index);
  if (guided === null || result === undefined) return;
  const moment = guided.moments.get(index);
  const seq = moment !== undefined && session.history.indexOfSeq(moment) >= 0 ? moment : session.history.atOrBefore(result.simMs)?.seq;
  session.view(seq ?? null);
  guided.reviewing = index === guided.current && !session.viewingPast ? null : index;
  session.changed();
}

const guidedPanel = new GuidedPanel({
  actions,
  review,
  live: () => session.view(null),
  paused: () => session.history.latest?.paused === true,
  notice: (title, detail) => toasts.info(title, detail),
});
const pastBanner = new PastBanner(() => session.view(null));
const timeline = new Timeline(part('timeline'), {
  view: (seq) => {
    if (session.guided !== null) session.guided.reviewing = null;
    session.view(seq);
  },
  review,
});

const topology = new Topology(part('topology-container'), {
  openNode: (nodeID, anchor) => {
    const node = session.viewed()?.nodes.find((n) => n.nodeID === nodeID);
    if (node !== undefined) popover.open(anchor, `node-${nodeID}-actions`, `Node ${nodeID}`, ...nodeMenu(node, actions, () => popover.close(), session.viewingPast));
  },
  openDrive: (driveID, anchor) => {
    const node = session.viewed()?.nodes.find((n) => n.drives.some((d) => d.driveID === driveID));
    const drive = node?.drives.find((d) => d.driveID === driveID);
    if (node !== undefined && drive !== undefined) popover.open(anchor, `drive-${driveID}-actions`, `Drive ${driveID}`, ...driveMenu(drive, node, actions, () => popover.close(), session.viewingPast));
  },
  openKeyServer: (name, anchor) => {
    const ks = session.viewed()?.keyServers.find((k) => k.name === name);
    if (ks !== undefined) popover.open(anchor, `keyserver-${name}-actions`, `Key server ${name}`, ...keyServerMenu(ks, actions, () => popover.close(), session.viewingPast));
  },
});

part('cluster-controls').append(
  button('Power-cycle cluster', 'power-cycle-cluster', () => actions.run('powerCycleCluster', {}, 'Power-cycle the cluster')),
  button('Steal cluster', 'steal-cluster', () => actions.run('stealCluster', {}, 'Steal the cluster'), 'danger'),
  button('Export', 'export', () => actions.exportSession()),
);

function dispatch(message: ServerMessage): void {
  switch (message.type) {
    case 'actionResult':
      actions.settle(message);
      // A refused guided request (id 0) leaves no step running.
      if (!message.ok && message.id === 0 && session.guided?.running === true) {
        session.guided.refused();
        session.changed();
      }
      return;
    case 'exported':
      exportDialog.show(message.yaml);
      return;
    default:
      session.receive(message);
  }
}

session.onActivity((items) => {
  if (!session.viewingPast) topology.playActivity(items);
});

let frame = 0;
session.onChange(() => {
  frame ||= requestAnimationFrame(() => {
    frame = 0;
    render();
  });
});

let drawn: Snapshot | undefined;
let activityDrawn = '';

function render(): void {
  const viewed = session.viewed();
  const latest = session.history.latest;
  const past = session.viewingPast;
  statusBar.update(viewed, !past, session.latestAt);
  clockControls.update(latest);
  if (viewed !== drawn) {
    drawn = viewed;
    topology.update(viewed);
    if (viewed !== undefined) {
      renderFaults(part('fault-list'), part('fault-count'), viewed.faults);
      renderCertificates(part('certificate-list'), viewed.certificates);
      renderTheft(part('theft-panel'), part('theft-body'), viewed.theft);
      renderEvents(part('event-list'), viewed.events);
    }
  }
  const activityKey = `${session.activity.at(-1)?.seq ?? 0}/${session.activity.length}/${past ? viewed?.seq : 'live'}`;
  if (activityKey !== activityDrawn) {
    activityDrawn = activityKey;
    renderActivity(part('activity-list'), session.activity, past && viewed !== undefined ? viewed.simMs : null);
  }
  document.body.classList.toggle('guided-mode', session.guided !== null);
  guidedPanel.update(session.mode, session.guided, session.library);
  pastBanner.update(viewed, latest, past, session.guided?.reviewing ?? null);
  timeline.update({ snapshots: session.history.items, viewedSeq: past ? viewed?.seq : undefined, live: !past, guided: session.guided });
}

setInterval(() => statusBar.tick(session.viewed(), !session.viewingPast, session.latestAt), CLOCK_TICK_MS);
connection.open();
