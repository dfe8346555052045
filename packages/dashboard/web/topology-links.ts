/**
 * The network between nodes and key servers: a lane per key server, each node's drop joining
 * every lane, each member's uplink to its server's lane. A cut is dashed red with the fault's
 * name, drawn on the side where the fault is (the node's drop for its link fault, the uplinks
 * for a key server's network fault or a stopped member), so one glance tells whose fault it is.
 * A key server the cluster does not use has faint lanes; a stolen node has no drop at all.
 */
import type { Snapshot } from '../src/protocol.js';
import { svg } from './dom.js';
import type { Point, TopologyLayout } from './topology-layout.js';

function points(ps: readonly Point[]): string {
  return ps.map((p) => `${p.x},${p.y}`).join(' ');
}

function cutLabel(x: number, y: number, text: string, anchor: 'start' | 'middle' = 'start'): SVGTextElement {
  return svg('text', { class: 'cut-label', x, y, 'text-anchor': anchor }, `✂ ${text}`);
}

export function drawLinks(layer: SVGGElement, layout: TopologyLayout, snapshot: Snapshot): void {
  const lines: SVGElement[] = [];
  const labels: SVGElement[] = [];
  const laneYs: number[] = [];

  for (const ks of snapshot.keyServers) {
    const place = layout.keyServers.get(ks.name);
    if (place === undefined) continue;
    laneYs.push(place.laneY);
    const unused = ks.active ? '' : ' unused';
    lines.push(svg('line', { class: `lane${unused}`, x1: layout.laneX1, y1: place.laneY, x2: layout.laneX2, y2: place.laneY }));
    place.members.forEach((pill, i) => {
      const member = ks.members[i];
      const cut = ks.networkFault !== null || member?.listening === false;
      const x = pill.x + pill.w / 2;
      lines.push(
        svg('line', {
          class: `uplink${cut ? ' cut' : unused}`,
          'data-testid': `uplink-${ks.name}-${i + 1}`,
          'data-cut': cut,
          x1: x,
          y1: pill.y + pill.h,
          x2: x,
          y2: place.laneY,
        }),
      );
    });
    if (ks.networkFault !== null) labels.push(cutLabel(place.box.x + place.box.w / 2, place.box.y + place.box.h + 11, ks.networkFault, 'middle'));
  }

  const junctions = (x: number): SVGElement[] => laneYs.map((y) => svg('circle', { class: 'junction', cx: x, cy: y, r: 2.5 }));

  for (const node of snapshot.nodes) {
    const place = layout.nodes.get(node.nodeID);
    if (place === undefined || node.stolen) continue;
    const cut = node.linkFault !== null;
    const state = cut ? ' cut' : node.online ? '' : ' idle';
    lines.push(svg('polyline', { class: `drop${state}`, 'data-testid': `link-node-${node.nodeID}`, 'data-cut': cut, points: points(place.drop) }));
    const top = place.drop.at(-1);
    if (!cut && top !== undefined) lines.push(...junctions(top.x));
    const start = place.drop[0];
    if (cut && start !== undefined && node.linkFault !== null) labels.push(cutLabel(start.x + 6, start.y - 6, node.linkFault));
  }

  lines.push(svg('polyline', { class: 'drop master-drop', points: points(layout.masterDrop) }));
  const masterTop = layout.masterDrop.at(-1);
  if (masterTop !== undefined) lines.push(...junctions(masterTop.x));

  layer.replaceChildren(...lines, ...labels);
}
