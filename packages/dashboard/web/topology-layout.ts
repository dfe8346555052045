/**
 * Where everything of the topology goes, in pixels of the SVG as drawn (not scaled), so text
 * keeps its size whatever the screen. Key servers sit in a row on top; under them one
 * horizontal lane per key server; nodes in a grid below. Each node's drop climbs to the lanes
 * (a node in a lower row goes up the gutter to its left) and joins every lane, so a link from
 * each node to each key server is drop + lane + the member's uplink, and a cut is drawn where
 * the fault is: on the node's drop or on the member's uplink.
 *
 * The grid is the one that gives drives the most room, so 4 nodes of 3 drives and 10 nodes of
 * 12 both fill the space.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface TopologyShape {
  readonly nodes: readonly { readonly nodeID: number; readonly drives: number }[];
  readonly keyServers: readonly { readonly name: string; readonly members: number }[];
}

export interface KeyServerPlace {
  readonly box: Rect;
  readonly members: readonly Rect[];
  /** The y of this key server's lane. */
  readonly laneY: number;
}

export interface NodePlace {
  readonly box: Rect;
  /** One per drive, in slot order. */
  readonly drives: readonly Rect[];
  /** From the node's top to where it meets the lanes' band (the bottom lane's y), then up to the top lane. */
  readonly drop: readonly Point[];
}

export interface TopologyLayout {
  /** In the drawing's own units; `scale` pixels each. */
  readonly width: number;
  readonly height: number;
  readonly scale: number;
  readonly drive: { readonly w: number; readonly h: number };
  /** Rows of nodes, and rows of drives in a node. */
  readonly rows: number;
  readonly driveRows: number;
  readonly nodeWidth: number;
  readonly keyServerWidth: number;
  /** Drives too small for words: a number and letters only. */
  readonly compactDrives: boolean;
  readonly keyServers: ReadonlyMap<string, KeyServerPlace>;
  readonly nodes: ReadonlyMap<number, NodePlace>;
  /** The lanes' left and right ends. */
  readonly laneX1: number;
  readonly laneX2: number;
  readonly master: Rect;
  /** The master's drop to the lanes, like a node's. */
  readonly masterDrop: readonly Point[];
  readonly thief: Rect;
}

const PAD = 12;
const SIDE = 104;
const KS_MAX_W = 300;
const KS_GAP = 24;
const KS_HEADER = 24;
const MEMBER_H = 24;
const KS_H = KS_HEADER + MEMBER_H + 10;
const UPLINK = 14;
const LANE_GAP = 9;
/** Between the lowest lane and the first row of nodes: room for a cut's label. */
const DROP = 26;
const COL_GAP = 16;
const ROW_GAP = 26;
export const NODE_HEADER = 26;
export const NODE_FOOTER = 18;
const NODE_PAD = 6;
const NODE_MAX_W = 340;
/** Narrower, and a node's name and phase no longer fit side by side. */
const NODE_MIN_W = 160;
const DRIVE_GAP = 4;
const DRIVE_MAX_W = 84;
const DRIVE_MAX_H = 54;
const DRIVE_MIN_W = 24;
const DRIVE_MIN_H = 18;
/** Below this a drive shows its number and letters only. */
const DRIVE_WORDS_W = 62;
/** Drives at least this big read well from the back of a room. */
const COMFORTABLE_DRIVE = { w: 58, h: 40 };
/** How far a drawing with room to spare is magnified. */
const MAX_SCALE = 1.8;

interface Grid {
  readonly columns: number;
  readonly rows: number;
  readonly driveColumns: number;
  readonly driveRows: number;
  readonly driveW: number;
  readonly driveH: number;
  readonly score: number;
}

/**
 * The layout for a drawing of `width` × `height` pixels, magnified when there is room to spare
 * (a few nodes on a big screen). Of the scales at which drives stay comfortable, the one whose
 * drives look biggest on screen wins, each extra row of nodes or of drives counting against it
 * (nodes side by side and drives on one shelf read best).
 */
export function fitTopology(shape: TopologyShape, width: number, height: number): TopologyLayout {
  let best: TopologyLayout | undefined;
  for (let step = 0; step <= (MAX_SCALE - 1) * 10; step++) {
    const scale = MAX_SCALE - step / 10;
    const layout = layoutTopology(shape, width / scale, height / scale, scale);
    const comfortable = layout.drive.w >= COMFORTABLE_DRIVE.w && layout.drive.h >= COMFORTABLE_DRIVE.h && layout.nodeWidth >= 170 && layout.keyServerWidth >= 180;
    if (!comfortable) continue;
    if (best === undefined || onScreen(layout) > onScreen(best)) best = layout;
  }
  return best ?? layoutTopology(shape, width, height, 1);
}

function onScreen(layout: TopologyLayout): number {
  const size = Math.min(layout.drive.w / 1.5, layout.drive.h) * layout.scale;
  return size * 0.6 ** (layout.rows - 1) * 0.7 ** (layout.driveRows - 1);
}

export function layoutTopology(shape: TopologyShape, width: number, height: number, scale = 1, top = PAD): TopologyLayout {
  const ksCount = Math.max(1, shape.keyServers.length);
  const ksTop = top;
  const ksW = Math.min(KS_MAX_W, (width - 2 * PAD - 2 * SIDE - (ksCount - 1) * KS_GAP) / ksCount);
  const ksRowW = ksCount * ksW + (ksCount - 1) * KS_GAP;
  const ksLeft = (width - ksRowW) / 2;
  const laneTop = ksTop + KS_H + UPLINK;
  const laneBottom = laneTop + (ksCount - 1) * LANE_GAP;

  const keyServers = new Map<string, KeyServerPlace>();
  shape.keyServers.forEach((ks, i) => {
    const box = { x: ksLeft + i * (ksW + KS_GAP), y: ksTop, w: ksW, h: KS_H };
    const count = Math.max(1, ks.members);
    const memberW = (ksW - 12 - (count - 1) * 6) / count;
    const members = Array.from({ length: count }, (_, m) => ({ x: box.x + 6 + m * (memberW + 6), y: box.y + KS_HEADER, w: memberW, h: MEMBER_H - 4 }));
    keyServers.set(ks.name, { box, members, laneY: laneTop + i * LANE_GAP });
  });

  const nodesTop = laneBottom + DROP;
  const nodesLeft = PAD + COL_GAP;
  const areaW = width - nodesLeft - PAD;
  // The grid is chosen for the whole height, before any centring moves the drawing down.
  const areaH = height - (nodesTop - (top - PAD)) - PAD;
  const drivesPerNode = Math.max(1, ...shape.nodes.map((n) => n.drives));
  const grid = bestGrid(Math.max(1, shape.nodes.length), drivesPerNode, areaW, areaH);

  const gridW = grid.driveColumns * grid.driveW + (grid.driveColumns - 1) * DRIVE_GAP;
  const gridH = grid.driveRows * grid.driveH + (grid.driveRows - 1) * DRIVE_GAP;
  const columnW = (areaW - (grid.columns - 1) * COL_GAP) / grid.columns;
  const nodeW = Math.min(NODE_MAX_W, columnW);
  const nodeH = NODE_HEADER + gridH + NODE_FOOTER + NODE_PAD;
  const rowW = grid.columns * nodeW + (grid.columns - 1) * COL_GAP;
  const rowLeft = nodesLeft + (areaW - rowW) / 2;

  // Spare height goes above and below the drawing alike.
  const used = nodesTop + grid.rows * nodeH + (grid.rows - 1) * ROW_GAP + PAD;
  if (top === PAD && height - used > 2) return layoutTopology(shape, width, height, scale, PAD + (height - used) / 2);

  const nodes = new Map<number, NodePlace>();
  shape.nodes.forEach((node, i) => {
    const column = i % grid.columns;
    const row = Math.floor(i / grid.columns);
    const box = { x: rowLeft + column * (nodeW + COL_GAP), y: nodesTop + row * (nodeH + ROW_GAP), w: nodeW, h: nodeH };
    const gridLeft = box.x + (nodeW - gridW) / 2;
    const drives = Array.from({ length: node.drives }, (_, d) => ({
      x: gridLeft + (d % grid.driveColumns) * (grid.driveW + DRIVE_GAP),
      y: box.y + NODE_HEADER + Math.floor(d / grid.driveColumns) * (grid.driveH + DRIVE_GAP),
      w: grid.driveW,
      h: grid.driveH,
    }));
    const cx = box.x + nodeW / 2;
    const gutterX = box.x - COL_GAP / 2;
    const above = box.y - ROW_GAP / 2;
    const drop =
      row === 0
        ? [{ x: cx, y: box.y }, { x: cx, y: laneBottom }, { x: cx, y: laneTop }]
        : [{ x: cx, y: box.y }, { x: cx, y: above }, { x: gutterX, y: above }, { x: gutterX, y: laneBottom }, { x: gutterX, y: laneTop }];
    nodes.set(node.nodeID, { box, drives, drop });
  });

  const master = { x: PAD, y: ksTop + KS_HEADER - 4, w: SIDE - 14, h: 28 };
  const masterX = master.x + master.w / 2;
  const masterDrop = [{ x: masterX, y: master.y + master.h }, { x: masterX, y: laneBottom }, { x: masterX, y: laneTop }];
  const thief = { x: width - PAD - (SIDE - 14), y: master.y, w: SIDE - 14, h: 28 };
  const xs = [masterX, ...[...nodes.values()].map((n) => n.drop.at(-1)?.x ?? masterX), ...[...keyServers.values()].flatMap((k) => k.members.map((m) => m.x + m.w / 2))];
  return {
    width,
    height,
    scale,
    drive: { w: grid.driveW, h: grid.driveH },
    rows: grid.rows,
    driveRows: grid.driveRows,
    nodeWidth: nodeW,
    keyServerWidth: ksW,
    compactDrives: grid.driveW < DRIVE_WORDS_W,
    keyServers,
    nodes,
    laneX1: Math.min(...xs),
    laneX2: Math.max(...xs),
    master,
    masterDrop,
    thief,
  };
}

/** The node grid (columns × rows) and drive grid inside a node that give drives the most room. */
function bestGrid(nodeCount: number, drivesPerNode: number, areaW: number, areaH: number): Grid {
  let best: Grid | undefined;
  for (let columns = 1; columns <= nodeCount; columns++) {
    const rows = Math.ceil(nodeCount / columns);
    const nodeW = Math.min(NODE_MAX_W, (areaW - (columns - 1) * COL_GAP) / columns);
    const nodeH = (areaH - (rows - 1) * ROW_GAP) / rows;
    const innerW = nodeW - 2 * NODE_PAD;
    const innerH = nodeH - NODE_HEADER - NODE_FOOTER - NODE_PAD;
    for (let driveColumns = 1; driveColumns <= drivesPerNode; driveColumns++) {
      const driveRows = Math.ceil(drivesPerNode / driveColumns);
      const driveW = Math.min(DRIVE_MAX_W, (innerW - (driveColumns - 1) * DRIVE_GAP) / driveColumns);
      const driveH = Math.min(DRIVE_MAX_H, (innerH - (driveRows - 1) * DRIVE_GAP) / driveRows);
      // A drive reads best about 1.5 times as wide as tall; past that, extra width is wasted.
      // Once drives are comfortable, fewer rows win: nodes side by side, drives on a shelf.
      // Legible nodes come first, then drives big enough for their number, then comfortable
      // drives; once comfortable, fewer rows win (nodes side by side, drives on a shelf).
      const nodeFits = nodeW >= NODE_MIN_W;
      const fits = driveW >= DRIVE_MIN_W && driveH >= DRIVE_MIN_H;
      const comfortable = driveW >= COMFORTABLE_DRIVE.w && driveH >= COMFORTABLE_DRIVE.h;
      const rowCost = comfortable ? 15 : 0.01;
      const score = (nodeFits ? 2000 : 0) + (fits ? 1000 : 0) + (comfortable ? 500 : 0) + Math.min(driveW / 1.5, driveH) - rows * rowCost - driveRows * rowCost;
      if (best === undefined || score > best.score) {
        best = { columns, rows, driveColumns, driveRows, driveW: Math.max(driveW, 8), driveH: Math.max(driveH, 8), score };
      }
    }
  }
  return best ?? { columns: 1, rows: 1, driveColumns: 1, driveRows: 1, driveW: DRIVE_MIN_W, driveH: DRIVE_MIN_H, score: 0 };
}

/** The way from a drop (a node's or the master's) to a key server's member: up, along its lane, up. */
export function routeToMember(layout: TopologyLayout, drop: readonly Point[], keyServer: string, member: number): Point[] | undefined {
  const place = layout.keyServers.get(keyServer);
  const pill = place?.members[Math.min(Math.max(0, member), (place?.members.length ?? 1) - 1)];
  if (place === undefined || pill === undefined) return undefined;
  const up = drop.slice(0, -1);
  const join = up.at(-1) ?? { x: 0, y: 0 };
  const memberX = pill.x + pill.w / 2;
  return [...up, { x: join.x, y: place.laneY }, { x: memberX, y: place.laneY }, { x: memberX, y: pill.y + pill.h }];
}

/** The way between two nodes (a share request through the master): up to the lowest lane, across, down. */
export function routeBetweenNodes(from: NodePlace, to: NodePlace): Point[] {
  return [...from.drop.slice(0, -1), ...to.drop.slice(0, -1).reverse()];
}

/** The thief's way to a key server's member: down from the thief's corner, along the lane, up. */
export function routeFromThief(layout: TopologyLayout, keyServer: string, member: number): Point[] | undefined {
  const t = layout.thief;
  const x = t.x + t.w / 2;
  return routeToMember(layout, [{ x, y: t.y + t.h }, { x, y: 0 }], keyServer, member);
}
