/** `check` assertions: null when the assertion holds, else expected versus actual. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assertion } from '../format.js';
import { textMatches } from './match.js';
import { currentFaults, describeFaults, faultMatches, nodeViews, theftReport, type Apis } from './observe.js';
import { resolveValues } from './values.js';

export interface AssertionContext {
  readonly apis: Apis;
  readonly nodes: number;
  /** The simulation's data directory (its Element logs). */
  readonly dataDir: string;
  readonly saved: ReadonlyMap<string, unknown>;
}

export async function assertionGap(ctx: AssertionContext, a: Assertion): Promise<string | null> {
  const { apis } = ctx;
  if ('faults' in a) {
    const faults = await currentFaults(apis);
    if (a.faults.length === 0) return faults.length === 0 ? null : `expected no current fault, got ${describeFaults(faults)}`;
    const missing = a.faults.filter((m) => !faults.some((f) => faultMatches(m, f)));
    return missing.length === 0 ? null : `expected ${missing.map((m) => `${m.code}${m.severity === undefined ? '' : `/${m.severity}`}${m.details === undefined ? '' : ` "${m.details}"`}`).join(', ')}; current: ${describeFaults(faults)}`;
  }
  if ('drives' in a) {
    const views = await nodeViews(apis, ctx.nodes);
    const drives = views.flatMap((v) => v.node?.drives ?? []);
    const locked = drives.filter((d) => d.locked).length;
    const want = a.drives.locked === 'all' ? drives.length : a.drives.locked === 'none' ? 0 : a.drives.locked;
    return locked === want && drives.length > 0 ? null : `expected ${a.drives.locked} of the drives locked, got ${locked} of ${drives.length}`;
  }
  if ('read' in a) {
    const driveID = resolveValues(a.read.driveID, ctx.saved);
    const expected = resolveValues(a.read.data, ctx.saved) as string;
    const blocks = Buffer.from(expected, 'base64').length / 4096;
    const { data } = (await apis.control('ReadBlocks', { driveID, lba: a.read.lba, blocks })) as { data: string };
    if (a.read.differs === true) return data !== expected ? null : `drive ${String(driveID)} LBA ${a.read.lba}: the data read back is the old data`;
    return data === expected ? null : `drive ${String(driveID)} LBA ${a.read.lba}: the data read back differs from what was expected`;
  }
  if ('theft' in a) {
    const report = await theftReport(apis);
    if (report.drives.length === 0) return 'nothing has been stolen';
    const bad = report.drives.filter((d) => (a.theft.locked === 'all') !== (d.locked === true) || (a.theft.plaintextReadable === 'all') !== d.plaintextReadable);
    return bad.length === 0 ? null : `expected every stolen drive locked: ${a.theft.locked}, plaintext readable: ${a.theft.plaintextReadable}; ${bad.map((d) => `drive ${d.driveID}: ${d.detail}`).join('; ')}`;
  }
  if ('log' in a) {
    const path = join(ctx.dataDir, a.log.file);
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    return textMatches(a.log.contains, text) ? null : `${a.log.file} does not contain ${JSON.stringify(a.log.contains)}`;
  }
  const { events } = (await apis.element('ListEvents')) as { events: { eventInfoType: string; message: string }[] };
  const found = events.some((e) => e.eventInfoType === a.event.type && textMatches(a.event.message, e.message));
  return found ? null : `no ${a.event.type} with message ${JSON.stringify(a.event.message)} among ${events.length} events`;
}
