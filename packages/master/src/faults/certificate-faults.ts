/**
 * kmipCertificateFault (TR-4843 §10.1, Tables 2 and 3): each key server's root CA certificate
 * (kmipCaCertificate; in a bundle, the worst of its certificates) and its client certificate
 * (kmipClientCertificate), judged on the master's clock without contacting anyone:
 *
 * | finding                                              | severity |
 * |------------------------------------------------------|----------|
 * | expires within 30 days                               | warning  |
 * | expires within 7 days                                | error    |
 * | expires within 3 days                                | critical |
 * | expired                                              | critical |
 * | invalid: unreadable, not yet valid, a CA certificate | critical |
 * |   that is not a CA, a client certificate not issued  |          |
 * |   by the CA or not matching the cluster's key pair   |          |
 *
 * The details give the days left, as §10.1 says, and the corrective action. ModifyKeyServerKmip
 * with a renewed certificate clears the fault at the next evaluation (and it runs at once).
 */
import { formatDistinguishedName, type CertificateInfo } from '@ekmsim/pki';
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, type KeyPairRecord, type KeyServerRecord } from '../db/layout.js';
import type { FaultSeverity } from '../model.js';
import { splitBundle } from '../service/certificates.js';
import { isoSeconds } from '../service/context.js';
import { keyServers } from '../service/lookup.js';
import { belongsToKey, issuedBy, parsedCertificate } from '../certificate-facts.js';
import type { CheckResult, Observation } from './fault-store.js';

export const KMIP_CERTIFICATE_FAULT = 'kmipCertificateFault';
const DAY_MS = 86_400_000;
/** Days before notAfter at which each severity starts (TR-4843 §10.1 Tables 2 and 3). */
export const CERTIFICATE_WARNING_DAYS = 30;
export const CERTIFICATE_ERROR_DAYS = 7;
export const CERTIFICATE_CRITICAL_DAYS = 3;

type Role = 'ca' | 'client';

/** TR-4843 §10.1's names for each finding, per certificate. */
const WORDING: Record<Role, { name: string; nearing: string; expired: string; invalid: string; action: string }> = {
  ca: {
    name: 'root CA certificate',
    nearing: 'Root Certification Authority (CA) certificate is nearing expiration.',
    expired: 'Root Certification Authority (CA) certificate expired.',
    invalid: 'Invalid Root Certification Authority (CA) certificate.',
    action: 'Acquire a new certificate from the root CA with an expiration date at least 30 days out and provide it with ModifyKeyServerKmip.',
  },
  client: {
    name: 'client certificate',
    nearing: 'Client certificate is nearing expiration.',
    expired: 'Client certificate expired.',
    invalid: 'Invalid Client certificate.',
    action: 'Create a new CSR with GetClientCertificateSignRequest, have it signed with an expiration date at least 30 days out, and install it with ModifyKeyServerKmip.',
  },
};

/** What one certificate (or the worst of a bundle) looks like now. */
type Finding = { readonly kind: 'invalid'; readonly why: string } | { readonly kind: 'dated'; readonly info: CertificateInfo };

export function certificateFaults(db: ClusterDb, now: number): CheckResult {
  const keyPair = db.get<KeyPairRecord>(DB_PATHS.keyPair);
  const observed = keyServers(db).flatMap((s) => [observe(s, 'ca', caFinding(s, now), now), observe(s, 'client', clientFinding(s, keyPair, now), now)]);
  return { observed: observed.filter((o): o is Observation => o !== undefined), owns: (cause) => cause.startsWith(`${KMIP_CERTIFICATE_FAULT}/`) };
}

function observe(s: KeyServerRecord, role: Role, finding: Finding, now: number): Observation | undefined {
  const words = WORDING[role];
  const who = `Key server ${s.keyServerID} (${s.kmipKeyServerName})`;
  const base = { cause: `${KMIP_CERTIFICATE_FAULT}/${s.keyServerID}/${role}`, code: KMIP_CERTIFICATE_FAULT, type: 'cluster' } as const;
  if (finding.kind === 'invalid') {
    return { ...base, severity: 'critical', details: `${words.invalid} ${who}: ${finding.why}. ${words.action}`, data: { keyServerID: s.keyServerID, certificate: role } };
  }
  const left = finding.info.notAfter - now;
  const severity = severityFor(left);
  if (severity === undefined) return undefined;
  const daysLeft = Math.floor(left / DAY_MS);
  const subject = formatDistinguishedName(finding.info.subject);
  const notAfter = isoSeconds(finding.info.notAfter);
  const state = left < 0
    ? `${words.expired} ${who}: the ${words.name} (${subject}) expired on ${notAfter}, ${days(Math.floor(-left / DAY_MS))} ago.`
    : `${words.nearing} ${who}: the ${words.name} (${subject}) expires on ${notAfter}; ${days(daysLeft)} left.`;
  return { ...base, severity, details: `${state} ${words.action}`, data: { keyServerID: s.keyServerID, certificate: role, daysLeft, notAfter } };
}

function days(n: number): string {
  return n === 0 ? 'less than a day' : n === 1 ? '1 day' : `${n} days`;
}

/** Severity for the time left before notAfter (negative once expired), or none yet. */
export function severityFor(leftMs: number): FaultSeverity | undefined {
  if (leftMs <= CERTIFICATE_CRITICAL_DAYS * DAY_MS) return 'critical';
  if (leftMs <= CERTIFICATE_ERROR_DAYS * DAY_MS) return 'error';
  if (leftMs <= CERTIFICATE_WARNING_DAYS * DAY_MS) return 'warning';
  return undefined;
}

/** The bundle's worst certificate: an invalid one, else the one that expires first. */
function caFinding(s: KeyServerRecord, now: number): Finding {
  const blocks = splitBundle(s.kmipCaCertificate);
  const findings = blocks.map((b, k): Finding => {
    const where = blocks.length === 1 ? 'kmipCaCertificate' : `certificate ${k + 1} of ${blocks.length} in kmipCaCertificate`;
    const read = readDated(b.pem, where, now);
    if (read.kind === 'invalid' || read.info.isCa) return read;
    return { kind: 'invalid', why: `${where} (${formatDistinguishedName(read.info.subject)}) is not a CA certificate (basicConstraints CA:FALSE)` };
  });
  return findings.find((f) => f.kind === 'invalid') ?? earliest(findings);
}

function clientFinding(s: KeyServerRecord, keyPair: KeyPairRecord | undefined, now: number): Finding {
  const read = readDated(s.kmipClientCertificate, 'kmipClientCertificate', now);
  if (read.kind === 'invalid') return read;
  if (keyPair === undefined || !belongsToKey(s.kmipClientCertificate, keyPair.privateKeyPem)) {
    return { kind: 'invalid', why: "kmipClientCertificate does not belong to the cluster's current key pair" };
  }
  if (!splitBundle(s.kmipCaCertificate).some((b) => issuedBy(s.kmipClientCertificate, b.pem))) {
    return { kind: 'invalid', why: `kmipClientCertificate (issuer ${formatDistinguishedName(read.info.issuer)}) was not issued by a certificate of kmipCaCertificate` };
  }
  return read;
}

function readDated(pem: string, where: string, now: number): Finding {
  const read = parsedCertificate(pem);
  if (!read.ok) return { kind: 'invalid', why: `${where} cannot be read: ${read.why}` };
  const info = read.info;
  if (now < info.notBefore) return { kind: 'invalid', why: `${where} (${formatDistinguishedName(info.subject)}) is not valid before ${isoSeconds(info.notBefore)}` };
  return { kind: 'dated', info };
}

function earliest(findings: readonly Finding[]): Finding {
  return findings.reduce((a, b) => (a.kind === 'dated' && b.kind === 'dated' && b.info.notAfter < a.info.notAfter ? b : a));
}

