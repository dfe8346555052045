/**
 * Element's severities, worst first, and the certificate countdown's own thresholds (TR-4843
 * §10.1: a warning from 30 days left, an error from 7, critical from 3 and once expired).
 */

export const SEVERITY_ORDER = ['critical', 'error', 'warning', 'bestPractice'] as const;

export function severityRank(severity: string): number {
  const i = (SEVERITY_ORDER as readonly string[]).indexOf(severity);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

export function certificateSeverity(daysLeft: number): 'critical' | 'error' | 'warning' | 'ok' {
  if (daysLeft <= 3) return 'critical';
  if (daysLeft <= 7) return 'error';
  if (daysLeft <= 30) return 'warning';
  return 'ok';
}
