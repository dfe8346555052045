/**
 * Query (KMIP 1.4 §4.25): the operations and object types this server serves, and who it is
 * (Vendor Identification "ekmsim"; Server Information is vendor-defined in 1.x and left empty,
 * 2.0 names the server). Other query functions are answered with nothing.
 */
import { Enum, Query, Tag, tagExistsIn, usesAttributesStructure, versionCode, type ProtocolVersion } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';
import { defineHandler, type OperationHandler } from './context.js';

export const VENDOR_IDENTIFICATION = 'ekmsim';

const T = Enum.ObjectType;

function objectTypes(v: ProtocolVersion): number[] {
  const types = [T.Certificate, T.SymmetricKey, T.PublicKey, T.PrivateKey, T.SplitKey, T.SecretData, T.OpaqueData, T.PGPKey];
  return usesAttributesStructure(v) ? types : [...types, T.Template];
}

function serverInformation(v: ProtocolVersion): TtlvItem {
  const fields: TtlvItem[] = [
    { tag: Tag.ServerName, type: 'TextString', value: 'ekmsim mock key server' },
    { tag: Tag.ProductName, type: 'TextString', value: 'ekmsim' },
  ];
  return { tag: Tag.ServerInformation, type: 'Structure', value: fields.filter((f) => tagExistsIn(f.tag, versionCode(v))) };
}

/** Discover Versions exists from KMIP 1.1 on. */
function operationsIn(codes: readonly number[], v: ProtocolVersion): number[] {
  return codes.filter((c) => c !== Enum.Operation.DiscoverVersions || versionCode(v) >= 11);
}

/** The Query handler, told which operations the server has. */
export function queryHandler(operationCodes: readonly number[]): OperationHandler {
  const sorted = [...operationCodes, Enum.Operation.Query].sort((a, b) => a - b);
  return defineHandler(Query, (req, ctx) => {
    const asked = new Set(req.queryFunctions ?? []);
    const Q = Enum.QueryFunction;
    return {
      ...(asked.has(Q.QueryOperations) ? { operations: operationsIn(sorted, ctx.version) } : {}),
      ...(asked.has(Q.QueryObjects) ? { objectTypes: objectTypes(ctx.version) } : {}),
      ...(asked.has(Q.QueryServerInformation) ? { vendorIdentification: VENDOR_IDENTIFICATION, serverInformation: serverInformation(ctx.version) } : {}),
    };
  });
}
