/**
 * Certificate expiry countdowns on the simulation clock: the cluster's client certificate and
 * the CA certificate configured for each key server, in whole days as Element counts them.
 */
import type { CertificateView } from '../src/protocol.js';
import { html, replaceChildren } from './dom.js';
import { certificateSeverity } from './severity.js';

function daysWords(days: number): string {
  if (days < 0) return `expired ${-days} d ago`;
  if (days === 0) return 'expires today';
  return `${days} d left`;
}

function countdown(c: CertificateView | undefined, kind: 'client' | 'ca'): HTMLElement {
  const label = kind === 'client' ? 'client' : 'CA';
  if (c === undefined) return html('span', { class: 'countdown none' }, `${label} —`);
  const severity = certificateSeverity(c.daysLeft);
  return html(
    'span',
    { class: `countdown severity-${severity}`, 'data-testid': `cert-${c.keyServerID}-${kind}`, 'data-days': c.daysLeft, 'data-severity': severity, title: `${c.subject}: valid until ${c.notAfter}` },
    html('span', { class: 'countdown-kind' }, label),
    html('span', { class: 'countdown-days' }, daysWords(c.daysLeft)),
  );
}

export function renderCertificates(list: HTMLElement, certificates: readonly CertificateView[]): void {
  if (certificates.length === 0) {
    replaceChildren(list, html('li', { class: 'empty' }, 'No key server certificates configured'));
    return;
  }
  const ids = [...new Set(certificates.map((c) => c.keyServerID))].sort((a, b) => a - b);
  replaceChildren(
    list,
    ...ids.map((id) => {
      const mine = certificates.filter((c) => c.keyServerID === id);
      const name = mine[0]?.keyServerName ?? `key server ${id}`;
      return html(
        'li',
        { class: 'cert-row', 'data-key-server-id': id },
        html('span', { class: 'cert-name', title: `keyServerID ${id}` }, name),
        countdown(mine.find((c) => c.kind === 'client'), 'client'),
        countdown(mine.find((c) => c.kind === 'ca'), 'ca'),
      );
    }),
  );
}
