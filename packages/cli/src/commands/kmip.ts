/** `ekmsim kmip COMMAND`: one KMIP operation against a key server, printed for people or as JSON. */
import { readFile } from 'node:fs/promises';
import {
  Activate,
  Create,
  Destroy,
  DiscoverVersions,
  Enum,
  Get,
  GetAttributes,
  kmipDictionary,
  Locate,
  Query,
  Revoke,
  Tag,
  type OperationSpec,
} from '@ekmsim/kmip';
import { createAttributes, enumValue, KmipClient, KmipTransportError, locateRequest, requestItem, resultError } from '@ekmsim/kmip-client';
import { toJson, type TtlvItem } from '@ekmsim/ttlv';
import { UsageError, usageFailure, type CommandIo } from '../io.js';
import { formatResult } from './kmip-format.js';
import { KMIP_USAGE, parseKmipArgs, type KmipCliArgs } from './kmip-args.js';

/** The operation descriptor and typed request for a command line. */
function requestFor(a: KmipCliArgs): { op: OperationSpec<unknown, unknown>; request: unknown } {
  const pascal = (s: string): string => s.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
  const pick = <Q>(op: OperationSpec<Q, unknown>, request: Q) => ({ op: op as OperationSpec<unknown, unknown>, request });
  const uid = a.uid!;
  switch (a.operation) {
    case 'discover':
      return pick(DiscoverVersions, {});
    case 'query':
      return pick(Query, { queryFunctions: [Enum.QueryFunction.QueryOperations, Enum.QueryFunction.QueryObjects, Enum.QueryFunction.QueryServerInformation] });
    case 'create': {
      const algorithm = Object.keys(Enum.CryptographicAlgorithm).find((k) => k.toLowerCase() === a.algorithm.toLowerCase());
      if (algorithm === undefined) throw new UsageError(`--algorithm: unknown algorithm ${JSON.stringify(a.algorithm)}`);
      const attributes = createAttributes({ algorithm: algorithm as keyof typeof Enum.CryptographicAlgorithm, length: a.length, ...(a.name === undefined ? {} : { name: a.name }) });
      return pick(Create, { objectType: Enum.ObjectType.SymmetricKey, attributes });
    }
    case 'locate': {
      const objectType = a.type === undefined ? undefined : enumValue(Enum.ObjectType, pascal(a.type) as keyof typeof Enum.ObjectType, 'object type');
      return pick(Locate, locateRequest({ ...(a.name === undefined ? {} : { name: a.name }), ...(objectType === undefined ? {} : { objectType }) }));
    }
    case 'activate':
      return pick(Activate, { uniqueIdentifier: uid });
    case 'get':
      return pick(Get, { uniqueIdentifier: uid });
    case 'get-attributes':
      return pick(GetAttributes, { uniqueIdentifier: uid });
    case 'revoke':
      return pick(Revoke, {
        uniqueIdentifier: uid,
        revocationReason: { code: a.reason === 'key-compromise' ? Enum.RevocationReasonCode.KeyCompromise : Enum.RevocationReasonCode.Unspecified },
      });
    case 'destroy':
      return pick(Destroy, { uniqueIdentifier: uid });
  }
}

/** Key material stays off the terminal unless asked for: it is the one secret a key server holds. */
function withheld(item: TtlvItem, reveal: boolean): TtlvItem {
  if (reveal) return item;
  if (item.type === 'Structure') return { ...item, value: item.value.map((c) => withheld(c, reveal)) };
  if (item.tag === Tag.KeyMaterial && item.type === 'ByteString') return { tag: item.tag, type: 'TextString', value: `(${item.value.length} bytes withheld; --reveal-key shows them)` };
  return item;
}

export async function kmipCommand(argv: string[], io: CommandIo): Promise<number> {
  let args: KmipCliArgs;
  let op: OperationSpec<unknown, unknown>;
  let request: unknown;
  try {
    args = parseKmipArgs(argv);
    ({ op, request } = requestFor(args));
  } catch (e) {
    if (e instanceof UsageError || e instanceof RangeError) return usageFailure(io, 'kmip', e.message, KMIP_USAGE);
    throw e;
  }
  let tls;
  try {
    const [caPem, certPem, keyPem] = await Promise.all([args.ca, args.cert, args.key].map((f) => readFile(f, 'utf8')));
    tls = { caPem: caPem!, certPem: certPem!, keyPem: keyPem! };
  } catch (e) {
    io.err(`ekmsim kmip: ${(e as Error).message}`);
    return 1;
  }
  const client = new KmipClient({ servers: [{ host: args.host, port: args.port }], tls, version: args.version, clock: io.clock });
  try {
    const response = await client.batch([requestItem(op, request, client.version)]);
    const item = response.batchItems[0]!;
    const failure = resultError(item);
    if (failure !== undefined) {
      io.err(`ekmsim kmip: ${args.operation} failed: ${failure.status} ${failure.reason}: ${failure.resultMessage}`);
      return 1;
    }
    const payload = item.payload ?? { tag: Tag.ResponsePayload, type: 'Structure', value: [] };
    if (args.json) io.out(JSON.stringify(toJson(withheld(payload, args.revealKey), kmipDictionary), null, 2));
    else for (const line of formatResult(args.operation, op.response.fromItem(payload, { version: response.header.protocolVersion }) as Record<string, unknown>)) io.out(line);
    return 0;
  } catch (e) {
    if (e instanceof KmipTransportError) {
      io.err(`ekmsim kmip: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await client.close();
  }
}
