/**
 * HyTrust KeyControl (TR-4843 §6; KeyControl OS 4.3, §2.1): an active-active cluster whose
 * members are one logical key server, so a change made through any member shows on every
 * member (§6.3). Here the members are listeners of one server sharing one store: stopping one
 * leaves the others serving, a single member is allowed (§6 note), and restarting the KMIP
 * service keeps every object (§6.2). KeyControl creates the client certificate bundle itself
 * (§6.2, "Creating KMIP Client Certificate Bundles"), signed by its own CA.
 */
import { PkiError, issueClientCertificate } from '@ekmsim/pki';
import { argsObject, optionalIntArg, optionalTextArg, textArg } from '../admin/args.js';
import { KeyServerAdminError } from '../errors.js';
import { operationProfile } from '../operations/registry.js';
import { ALL_OBJECT_TYPES } from './object-types.js';
import { personality } from './personality.js';

const METHOD = 'issueClientBundle';

export const hytrust = personality({
  name: 'hytrust',
  profile: operationProfile({
    objectTypes: ALL_OBJECT_TYPES,
    identity: { vendorIdentification: 'HyTrust', serverName: 'HyTrust KeyControl', productName: 'KeyControl', serverVersion: '4.3' },
  }),
  multiMember: true,
  issuesClientCertificates: true,
  admin: (env) => ({
    async issueClientBundle(args) {
      const a = argsObject(METHOD, args, ['commonName', 'organizationalUnit', 'organization', 'days']);
      const commonName = textArg(METHOD, a, 'commonName', 64);
      const organizationalUnit = optionalTextArg(METHOD, a, 'organizationalUnit', 64);
      const organization = optionalTextArg(METHOD, a, 'organization', 64);
      const days = optionalIntArg(METHOD, a, 'days', 1, 3650);
      const ca = env.issuingCa;
      if (ca === undefined) throw new KeyServerAdminError('NOT_SUPPORTED', `${METHOD}: this server was started without its CA key`);
      try {
        const issued = await issueClientCertificate({
          ca,
          commonName,
          ...(organizationalUnit === undefined ? {} : { organizationalUnit }),
          ...(organization === undefined ? {} : { organization }),
          ...(days === undefined ? {} : { days }),
          clock: env.clock,
          rng: env.rng,
        });
        env.logger.log('info', 'client certificate bundle issued', { commonName });
        return { certPem: issued.certPem, keyPem: issued.keyPem, caPem: ca.certPem };
      } catch (e) {
        if (e instanceof PkiError && e.code === 'INVALID_ARGUMENT') throw new KeyServerAdminError('INVALID_ARGUMENT', `${METHOD}: ${e.message}`, { cause: e });
        throw e;
      }
    },
  }),
});
