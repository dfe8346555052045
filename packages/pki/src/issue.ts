import { certificateKeyPair, loadCa, type CertAndKey, type IssueContext, type PregeneratedKeys, type SubjectFields } from './ca.js';
import { buildCertificate } from './builder.js';
import { leafExtensions, type CertificateUsage } from './extensions.js';
import { forgePrivateKey, forgePublicKey } from './keys.js';
import { toForgeAttributes } from './names.js';
import { checkDays, DEFAULT_VALIDITY_DAYS } from './validity.js';

export interface IssueServerOptions extends IssueContext, PregeneratedKeys {
  readonly ca: CertAndKey;
  /** DNS names and IP addresses (v4 or v6) the server answers to. */
  readonly sans?: readonly string[];
}

export interface IssueClientOptions extends IssueContext {
  readonly ca: CertAndKey;
}

/**
 * A TLS server certificate with a fresh key pair: EKU serverAuth, keyUsage digitalSignature +
 * keyEncipherment, the given SANs, SKI/AKI; 365 days unless `days` says otherwise.
 */
export async function issueServerCertificate(options: SubjectFields & IssueServerOptions): Promise<CertAndKey> {
  return issue('server', options.sans ?? [], options);
}

/**
 * A self-signed TLS server certificate with a fresh key pair, as a real cluster makes for its
 * management address: the server certificate above (CA:FALSE, serverAuth, the SANs) issued by
 * itself, one key pair in all. A client trusts it by trusting this very certificate.
 */
export async function createSelfSignedServerCertificate(options: SubjectFields & IssueContext & PregeneratedKeys & { readonly sans?: readonly string[] }): Promise<CertAndKey> {
  const subject = toForgeAttributes(options);
  const days = options.days ?? DEFAULT_VALIDITY_DAYS.server;
  checkDays(days);
  const extensions = leafExtensions('server', options.sans ?? [], 'self');
  const { privateKeyPem, key } = await certificateKeyPair(options);
  const certPem = buildCertificate({
    subject,
    publicKey: forgePublicKey(key),
    issuer: { name: subject, privateKey: forgePrivateKey(key, 'the key') },
    extensions,
    days,
    clock: options.clock,
    rng: options.rng,
  });
  return { certPem, keyPem: privateKeyPem };
}

/**
 * A TLS client certificate with a fresh key pair, e.g. a KMIP client's (Element puts
 * OU=SolidFire in its own): EKU clientAuth, otherwise as a server certificate without SANs.
 */
export async function issueClientCertificate(options: SubjectFields & IssueClientOptions): Promise<CertAndKey> {
  return issue('client', [], options);
}

async function issue(
  usage: CertificateUsage,
  sans: readonly string[],
  options: SubjectFields & IssueContext & PregeneratedKeys & { readonly ca: CertAndKey },
): Promise<CertAndKey> {
  // Check everything that can be wrong before paying for a key pair.
  const ca = loadCa(options.ca);
  const subject = toForgeAttributes(options);
  const extensions = leafExtensions(usage, sans, { keyId: ca.keyIdentifier });
  const days = options.days ?? DEFAULT_VALIDITY_DAYS[usage];
  checkDays(days);
  const { privateKeyPem, key } = await certificateKeyPair(options);
  const certPem = buildCertificate({
    subject,
    publicKey: forgePublicKey(key),
    issuer: ca,
    extensions,
    days,
    clock: options.clock,
    rng: options.rng,
  });
  return { certPem, keyPem: privateKeyPem };
}
