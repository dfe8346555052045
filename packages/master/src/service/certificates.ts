/**
 * The certificate checks of CreateKeyServerKmip/ModifyKeyServerKmip, done without contacting the
 * server: each PEM follows TR-4843 §10.5 and holds a certificate, kmipClientCertificate belongs
 * to the cluster's key pair and was issued by a certificate of kmipCaCertificate (which may hold
 * several PEMs one after another). Every failure is xKeyServerInvalidAuth saying what is wrong.
 */
import { checkPem, certificateMatchesKey, formatDistinguishedName, parseCertificate, PkiError, verifyIssuedBy, type CertificateInfo } from '@ekmsim/pki';
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, type KeyPairRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';

export interface Block {
  readonly pem: string;
  readonly firstLine: number;
}

const invalid = (message: string, cause?: unknown): ElementApiError =>
  new ElementApiError(ElementErrorName.xKeyServerInvalidAuth, message, cause === undefined ? undefined : { cause });

/** Splits a bundle at its BEGIN lines; text before the first one stays with it, so checkPem reports it. */
export function splitBundle(text: string): Block[] {
  const lines = text.split('\n');
  const starts = lines.flatMap((l, i) => (i > 0 && l.startsWith('-----BEGIN ') ? [i] : []));
  const bounds = [0, ...starts];
  return bounds.map((from, k) => ({ pem: lines.slice(from, bounds[k + 1] ?? lines.length).join('\n'), firstLine: from + 1 }));
}

/** Checks one PEM certificate of a parameter; `where` locates it inside a bundle. */
function readCertificate(param: string, block: Block, where: string): CertificateInfo {
  try {
    checkPem(block.pem, 'CERTIFICATE');
    return parseCertificate(block.pem);
  } catch (e) {
    if (!(e instanceof PkiError)) throw e;
    const at = e.line === undefined || where === '' ? '' : `; that is line ${block.firstLine - 1 + e.line} of ${param}`;
    throw invalid(`${param}${where}: ${e.message}${at}`, e);
  }
}

export function checkKeyServerCertificates(db: ClusterDb, caBundle: string, clientPem: string): void {
  const blocks = splitBundle(caBundle);
  const cas = blocks.map((b, k) =>
    readCertificate('kmipCaCertificate', b, blocks.length === 1 ? '' : ` (certificate ${k + 1} of ${blocks.length}, starting at line ${b.firstLine})`),
  );
  const client = readCertificate('kmipClientCertificate', { pem: clientPem, firstLine: 1 }, '');
  const keyPair = db.get<KeyPairRecord>(DB_PATHS.keyPair);
  if (keyPair === undefined) {
    throw new ElementApiError(
      ElementErrorName.xSslKeysDoNotExist,
      'The cluster has no TLS client key pair yet: call CreatePublicPrivateKeyPair, then have the CSR from GetClientCertificateSignRequest signed',
    );
  }
  if (!certificateMatchesKey(clientPem, keyPair.privateKeyPem)) {
    throw invalid(
      `kmipClientCertificate (subject ${formatDistinguishedName(client.subject)}) does not belong to the cluster's key pair: its public key differs. ` +
        'Have the CSR from GetClientCertificateSignRequest signed and use that certificate',
    );
  }
  const issuer = blocks.findIndex((b) => issued(clientPem, b.pem));
  if (issuer < 0) {
    throw invalid(
      `kmipClientCertificate (issuer ${formatDistinguishedName(client.issuer)}) was not issued by ` +
        `${cas.length === 1 ? 'the' : 'any'} certificate in kmipCaCertificate (${cas.map((c) => formatDistinguishedName(c.subject)).join('; ')})`,
    );
  }
}

function issued(clientPem: string, caPem: string): boolean {
  try {
    verifyIssuedBy(clientPem, caPem);
    return true;
  } catch (e) {
    if (e instanceof PkiError) return false;
    throw e;
  }
}
