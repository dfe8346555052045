/**
 * The cluster's one TLS client key pair (CreatePublicPrivateKeyPair) and its CSR
 * (GetClientCertificateSignRequest). The subject is stored as given and only judged when the CSR
 * is made, which is where Element reports a bad value (xCsrGenerationFailed, TR-4843 §10.2).
 */
import { createCsr, formatDistinguishedName, PkiError } from '@ekmsim/pki';
import { DB_PATHS, type KeyPairRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import type { KeyPairSubject } from '../model.js';
import { isoSeconds, type ServiceContext } from './context.js';
import { activeProviders } from './lookup.js';

const SUBJECT_FIELDS = ['commonName', 'organization', 'organizationalUnit', 'locality', 'state', 'country', 'emailAddress'] as const;

/** TR-4843 §4.1: Element puts OU=SolidFire in its certificate unless told otherwise. */
export const DEFAULT_ORGANIZATIONAL_UNIT = 'SolidFire';

export async function createPublicPrivateKeyPair(ctx: ServiceContext, given: KeyPairSubject): Promise<void> {
  const inUse = activeProviders(ctx.db);
  if (inUse.length > 0) {
    throw new ElementApiError(
      ElementErrorName.xKeyPairInUse,
      `The cluster's key pair is in use by active key provider ${inUse.map((p) => p.keyProviderID).join(', ')}; disable encryption at rest before replacing it`,
    );
  }
  const subject: Record<string, string> = {};
  for (const f of SUBJECT_FIELDS) {
    const v = given[f];
    if (v !== undefined) subject[f] = v;
  }
  subject.organizationalUnit ??= DEFAULT_ORGANIZATIONAL_UNIT;
  const keys = await ctx.keyPairs.take();
  const replaced = ctx.db.get<KeyPairRecord>(DB_PATHS.keyPair) !== undefined;
  ctx.db.write((tx) =>
    tx.put(DB_PATHS.keyPair, {
      privateKeyPem: keys.privateKeyPem,
      publicKeyPem: keys.publicKeyPem,
      subject,
      createdTime: isoSeconds(ctx.clock.now()),
    } satisfies KeyPairRecord),
  );
  ctx.logger.log('info', `${replaced ? 'Replaced' : 'Created'} the cluster's TLS client key pair (RSA 2048)`, {
    component: 'KS',
    subject: formatDistinguishedName(subject),
  });
}

export function getClientCertificateSignRequest(ctx: ServiceContext): string {
  const keyPair = ctx.db.get<KeyPairRecord>(DB_PATHS.keyPair);
  if (keyPair === undefined) {
    throw new ElementApiError(ElementErrorName.xSslKeysDoNotExist, 'The cluster has no TLS client key pair: call CreatePublicPrivateKeyPair first');
  }
  try {
    return createCsr({ keyPem: keyPair.privateKeyPem, subject: keyPair.subject });
  } catch (e) {
    if (!(e instanceof PkiError)) throw e;
    ctx.logger.log('error', `CSR generation failed: ${e.message}`, { component: 'KS' });
    throw new ElementApiError(
      ElementErrorName.xCsrGenerationFailed,
      `The CSR could not be generated: ${e.message}. Call CreatePublicPrivateKeyPair again with corrected subject fields`,
      { cause: e },
    );
  }
}
