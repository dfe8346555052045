/** The cluster's current faults, worst first, each with its severity's colour. */
import type { FaultView } from '../src/protocol.js';
import { html, replaceChildren } from './dom.js';
import { severityRank } from './severity.js';

export function renderFaults(list: HTMLElement, count: HTMLElement, faults: readonly FaultView[]): void {
  count.textContent = faults.length === 0 ? '' : String(faults.length);
  if (faults.length === 0) {
    replaceChildren(list, html('li', { class: 'empty' }, 'No cluster faults'));
    return;
  }
  const sorted = [...faults].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.clusterFaultID - b.clusterFaultID);
  replaceChildren(
    list,
    ...sorted.map((f) => {
      const where = [f.nodeID === null ? '' : `node ${f.nodeID}`, f.driveID === null ? '' : `drive ${f.driveID}`].filter((w) => w !== '').join(', ');
      return html(
        'li',
        { class: `fault severity-${f.severity}`, 'data-code': f.code, 'data-severity': f.severity, 'data-fault-id': f.clusterFaultID, title: f.details },
        html('span', { class: 'badge' }, f.severity),
        html('span', { class: 'fault-code' }, f.code),
        where === '' ? null : html('span', { class: 'fault-where' }, where),
        html('span', { class: 'fault-details' }, f.details),
      );
    }),
  );
}
