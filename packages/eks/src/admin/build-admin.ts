/**
 * The KeyServerAdmin of a running server: the methods every vendor has, the vendor's own, and
 * for the rest a NOT_SUPPORTED error naming the vendor. Each method checks the server is still
 * open and its arguments before it changes anything.
 */
import { KeyServerAdminError, KeyServerError } from '../errors.js';
import type { KeyServerRuntime } from '../server/runtime.js';
import type { Member } from '../server/member.js';
import { VENDOR_ADMIN_METHODS, type KeyServerAdmin, type KeyServerStatus, type MemberStatus, type VendorAdminMethod } from './admin-api.js';
import { argsObject, invalidArgument, textArg } from './args.js';
import { certificateSelector, describeSelector } from './certificate-selector.js';
import { certificateListing, objectListing, revocationListing } from './listings.js';
import { parseSources } from './source-allow-list.js';

const COMMON_METHODS = [
  'status',
  'stop',
  'start',
  'restartService',
  'listObjects',
  'deleteKey',
  'listCertificates',
  'revokeCertificate',
  'reinstateCertificate',
  'getSourceAllowList',
  'setSourceAllowList',
] as const;

/** The methods that return a Promise: their failures reject rather than throw. */
const ASYNC_METHODS: ReadonlySet<string> = new Set(['stop', 'start', 'restartService', 'issueClientBundle']);

function fail(name: string, error: KeyServerAdminError): Promise<never> {
  if (ASYNC_METHODS.has(name)) return Promise.reject(error);
  throw error;
}

function memberStatus(m: Member): MemberStatus {
  return { index: m.index, host: m.host, port: m.port, listening: m.listening };
}

/** The members an admin call names: one by index, or all. */
function chosenMembers(rt: KeyServerRuntime, method: string, args: unknown): readonly Member[] {
  const a = argsObject(method, args, ['member'], true);
  if (a.member === undefined) return rt.members;
  if (typeof a.member !== 'number' || !Number.isInteger(a.member)) throw invalidArgument(method, 'member must be a member index (a whole number)');
  const m = rt.members[a.member];
  if (m === undefined) throw new KeyServerAdminError('NOT_FOUND', `${method}: no member ${a.member} (this server has members 0–${rt.members.length - 1})`);
  return [m];
}

function commonAdmin(rt: KeyServerRuntime, vendorMethods: readonly string[]): Omit<KeyServerAdmin, VendorAdminMethod | 'vendor'> {
  const admin = () => rt.store.admin;
  const members = (): MemberStatus[] => rt.members.map(memberStatus);
  return {
    status(): KeyServerStatus {
      const s = admin().settings;
      return {
        vendor: rt.personality.name,
        members: members(),
        objects: rt.store.objects.size,
        settings: { localUsers: s.localUsers, userForOuRequired: s.userForOuRequired, kmipLicensed: s.kmipLicensed, hosts: s.hosts, sourceAllowList: s.sourceAllowList },
        operations: [...COMMON_METHODS, ...vendorMethods],
      };
    },
    async stop(args?: unknown) {
      for (const m of chosenMembers(rt, 'stop', args)) await m.stop();
      return members();
    },
    async start(args?: unknown) {
      for (const m of chosenMembers(rt, 'start', args)) {
        try {
          await m.start();
        } catch (e) {
          throw new KeyServerAdminError('LISTEN', `start: member ${m.index} cannot listen on ${m.label}: ${String(e)}`, { cause: e });
        }
      }
      return members();
    },
    async restartService() {
      try {
        await rt.restartService();
      } catch (e) {
        if (e instanceof KeyServerError) throw e;
        throw new KeyServerAdminError('LISTEN', `restartService: a listener cannot listen again: ${String(e)}`, { cause: e });
      }
      return members();
    },
    listObjects() {
      return [...rt.store.objects.all()].map((o) => objectListing(o, rt.personality.columns(o)));
    },
    deleteKey(args: unknown) {
      const uid = textArg('deleteKey', argsObject('deleteKey', args, ['uid']), 'uid', 1024);
      const obj = rt.store.objects.get(uid);
      if (obj === undefined) throw new KeyServerAdminError('NOT_FOUND', `deleteKey: no object with Unique Identifier ${JSON.stringify(uid)}`);
      rt.store.objects.apply([], [uid]);
      rt.env.logger.log('info', 'object deleted by the administrator', { uid, owner: obj.owner });
      return objectListing(obj, rt.personality.columns(obj));
    },
    listCertificates() {
      return { certificates: admin().certificates().map(certificateListing), revocations: admin().revocations().map(revocationListing) };
    },
    revokeCertificate(args: unknown) {
      const s = certificateSelector('revokeCertificate', args);
      if (admin().revocation(s.by, s.value) !== undefined) throw new KeyServerAdminError('CONFLICT', `revokeCertificate: ${describeSelector(s)} is revoked already`);
      const r = { by: s.by, value: s.value, revokedAt: rt.env.clock.now() };
      admin().addRevocation(r);
      rt.env.logger.log('info', 'client certificate revoked', { by: s.by, value: s.value });
      rt.env.trustChanged();
      return revocationListing(r);
    },
    reinstateCertificate(args: unknown) {
      const s = certificateSelector('reinstateCertificate', args);
      const r = admin().revocation(s.by, s.value);
      if (r === undefined) throw new KeyServerAdminError('NOT_FOUND', `reinstateCertificate: ${describeSelector(s)} is not revoked`);
      admin().removeRevocation(s.by, s.value);
      return revocationListing(r);
    },
    getSourceAllowList() {
      return { sources: admin().settings.sourceAllowList };
    },
    setSourceAllowList(args: unknown) {
      const a = argsObject('setSourceAllowList', args, ['sources']);
      if (!('sources' in a)) throw invalidArgument('setSourceAllowList', 'sources is required (a list, or null to let every source in)');
      const sources = parseSources('setSourceAllowList', a.sources);
      admin().update('sourceAllowList', sources);
      rt.env.trustChanged();
      return { sources };
    },
  };
}

/** Wraps each method so that it throws CLOSED once the server is closed. */
function whileOpen<T extends object>(rt: KeyServerRuntime, methods: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(methods) as [string, (...a: unknown[]) => unknown][]) {
    out[name] = (...a: unknown[]) => (rt.closed ? fail(name, new KeyServerAdminError('CLOSED', `${name}: the key server is closed`)) : fn(...a));
  }
  return out as T;
}

export function buildAdmin(rt: KeyServerRuntime): KeyServerAdmin {
  const vendor = rt.personality.admin(rt.env);
  const vendorMethods = {} as Record<VendorAdminMethod, (...a: unknown[]) => unknown>;
  for (const name of VENDOR_ADMIN_METHODS) {
    const own = vendor[name] as ((...a: unknown[]) => unknown) | undefined;
    vendorMethods[name] = own ?? (() => fail(name, new KeyServerAdminError('NOT_SUPPORTED', `${name}: a ${rt.personality.name} key server has no such feature`)));
  }
  const common = commonAdmin(rt, Object.keys(vendor));
  return { vendor: rt.personality.name, ...whileOpen(rt, { ...common, ...vendorMethods } as Omit<KeyServerAdmin, 'vendor'>) };
}
