/**
 * Fault bands for the timeline: for each fault code, the runs of snapshots during which a fault
 * with that code was current. Known codes keep their own colour; others share a small palette.
 */
import type { Snapshot } from '../src/protocol.js';
import { severityRank } from './severity.js';

export interface FaultBand {
  readonly code: string;
  /** Index of the first snapshot with it, and of the first one without it (null: still current). */
  readonly from: number;
  readonly until: number | null;
  /** The worst severity seen during the band. */
  readonly severity: string;
}

/** Codes with a colour of their own (style.css `.band-CODE`). */
export const KNOWN_FAULT_CODES = ['kmipServerFault', 'kmipCertificateFault', 'driveFailed', 'sliceServiceUnhealthy'] as const;
const PALETTE = ['#0c8599', '#5c940d', '#c2255c', '#1971c2', '#862e9c', '#a61e4d'];

export function bandColourClass(code: string): string {
  return (KNOWN_FAULT_CODES as readonly string[]).includes(code) ? `band-${code}` : 'band-other';
}

/** A stable colour for a code without one of its own. */
export function otherCodeColour(code: string): string {
  let h = 0;
  for (const c of code) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length] ?? '#868e96';
}

export function faultBands(snapshots: readonly Snapshot[]): { readonly codes: readonly string[]; readonly bands: readonly FaultBand[] } {
  const codes: string[] = [];
  const bands: FaultBand[] = [];
  const open = new Map<string, { from: number; severity: string }>();
  snapshots.forEach((s, i) => {
    const now = new Map<string, string>();
    for (const f of s.faults) {
      const worst = now.get(f.code);
      if (worst === undefined || severityRank(f.severity) < severityRank(worst)) now.set(f.code, f.severity);
    }
    for (const [code, severity] of now) {
      if (!codes.includes(code)) codes.push(code);
      const band = open.get(code);
      if (band === undefined) open.set(code, { from: i, severity });
      else if (severityRank(severity) < severityRank(band.severity)) band.severity = severity;
    }
    for (const [code, band] of open) {
      if (now.has(code)) continue;
      bands.push({ code, from: band.from, until: i, severity: band.severity });
      open.delete(code);
    }
  });
  for (const [code, band] of open) bands.push({ code, from: band.from, until: null, severity: band.severity });
  return { codes, bands };
}
