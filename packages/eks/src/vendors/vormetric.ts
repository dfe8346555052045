/**
 * Vormetric Data Security Manager (TR-4843 §7; Vormetric OS 6.3.0, §2.2). The DSM is not a CA
 * (§7.2 step 2): a third-party CA signs the cluster's CSR and is trusted as a KMIP root (step 3,
 * the server's `tls.caPem`). A KMIP client is a registered host (§7.1), and the cluster's
 * certificate is imported for that host (step 4), as PEM or as DER (the §7.2 workaround). A
 * connection is kept only if its certificate chains to a trusted root AND its CN names a
 * registered host (step 1) AND it is the certificate imported for that host; otherwise it is
 * closed after the handshake, with no KMIP.
 */
import { isIP } from 'node:net';
import type { CertificateListing, VendorAdmin } from '../admin/admin-api.js';
import { argsObject, blobArg, invalidArgument, oneOfArg, textArg } from '../admin/args.js';
import { readUploadedCertificate } from '../admin/certificate-input.js';
import { certificateSelector, describeSelector, selects } from '../admin/certificate-selector.js';
import { certificateListing } from '../admin/listings.js';
import { KeyServerAdminError } from '../errors.js';
import { operationProfile } from '../operations/registry.js';
import type { PeerCertificate } from '../server/peer-identity.js';
import type { KnownCertificate } from '../store/admin-state.js';
import { ALL_OBJECT_TYPES } from './object-types.js';
import { personality, type VendorEnv } from './personality.js';

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_CERTIFICATE_TEXT = 64 * 1024;

function hostArg(method: string, args: unknown): string {
  const host = textArg(method, argsObject(method, args, ['host']), 'host', 253);
  return checkHostName(method, host);
}

function checkHostName(method: string, host: string): string {
  if (isIP(host) === 0 && !host.split('.').every((l) => LABEL.test(l))) throw invalidArgument(method, `host ${JSON.stringify(host)} is not a host name or an IP address`);
  return host;
}

/** Host names compare without regard to case. */
function registered(env: VendorEnv, name: string): string | undefined {
  return env.admin().settings.hosts.find((h) => h.toLowerCase() === name.toLowerCase());
}

function importedFor(env: VendorEnv, host: string): KnownCertificate[] {
  return env.admin().certificates().filter((c) => c.status === 'imported' && c.host === host);
}

function admit(peer: PeerCertificate, env: VendorEnv): string | undefined {
  const host = registered(env, peer.commonName);
  if (host === undefined) return `the client certificate CN ${JSON.stringify(peer.commonName)} matches no registered host`;
  const imported = importedFor(env, host);
  if (imported.length === 0) return `no KMIP certificate is imported for host ${JSON.stringify(host)}`;
  if (!imported.some((c) => c.fingerprint === peer.fingerprint)) return `the client certificate is not the one imported for host ${JSON.stringify(host)}`;
  return undefined;
}

function hostsAdmin(env: VendorEnv): VendorAdmin {
  const hosts = (): { hosts: readonly string[] } => ({ hosts: env.admin().settings.hosts });
  return {
    listHosts: hosts,
    registerHost(args) {
      const host = hostArg('registerHost', args);
      if (registered(env, host) !== undefined) throw new KeyServerAdminError('CONFLICT', `registerHost: host ${JSON.stringify(host)} is registered already`);
      env.admin().update('hosts', [...env.admin().settings.hosts, host]);
      return hosts();
    },
    unregisterHost(args) {
      const host = registered(env, hostArg('unregisterHost', args));
      if (host === undefined) throw new KeyServerAdminError('NOT_FOUND', 'unregisterHost: no such registered host');
      env.admin().changeCertificates(undefined, importedFor(env, host).map((c) => c.fingerprint));
      env.admin().update('hosts', env.admin().settings.hosts.filter((h) => h !== host));
      env.trustChanged();
      return hosts();
    },
    importCertificate(args): CertificateListing {
      const method = 'importCertificate';
      const a = argsObject(method, args, ['host', 'certificate', 'format']);
      const named = checkHostName(method, textArg(method, a, 'host', 253));
      const format = oneOfArg(method, a, 'format', ['pem', 'der'] as const);
      const uploaded = readUploadedCertificate(method, blobArg(method, a, 'certificate', MAX_CERTIFICATE_TEXT), format);
      const host = registered(env, named);
      if (host === undefined) throw new KeyServerAdminError('NOT_FOUND', `${method}: host ${JSON.stringify(named)} is not registered`);
      const record = { ...uploaded, status: 'imported' as const, host, since: env.clock.now() };
      // A host has one KMIP certificate: importing replaces the one before.
      const replaced = importedFor(env, host).filter((c) => c.fingerprint !== uploaded.fingerprint).map((c) => c.fingerprint);
      env.admin().changeCertificates(record, replaced);
      env.trustChanged();
      return certificateListing(record);
    },
    untrustCertificate(args) {
      const selector = certificateSelector('untrustCertificate', args);
      const gone = env.admin().certificates().filter((c) => c.status === 'imported' && selects(selector, c));
      if (gone.length === 0) throw new KeyServerAdminError('NOT_FOUND', `untrustCertificate: no imported certificate with ${describeSelector(selector)}`);
      env.admin().changeCertificates(undefined, gone.map((c) => c.fingerprint));
      env.trustChanged();
      return gone.map(certificateListing);
    },
  };
}

export const vormetric = personality({
  name: 'vormetric',
  profile: operationProfile({
    objectTypes: ALL_OBJECT_TYPES,
    identity: { vendorIdentification: 'Vormetric', serverName: 'Vormetric Data Security Manager', productName: 'Vormetric DSM', serverVersion: '6.3.0' },
  }),
  admit,
  admin: hostsAdmin,
});
