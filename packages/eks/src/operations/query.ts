/**
 * Query (KMIP 1.4 §4.25): the operations and object types this server serves, and who it is
 * (the vendor personality's Vendor Identification; Server Information is vendor-defined in 1.x
 * and left empty, 2.0 names the server, product and version). Other query functions are
 * answered with nothing.
 */
import { Enum, Query, Tag, tagExistsIn, usesAttributesStructure, versionCode, type ProtocolVersion } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';
import { defineHandler, type OperationHandler } from './context.js';
import type { ServerIdentity } from './profile.js';

/** The generic server's Vendor Identification. */
export const VENDOR_IDENTIFICATION = 'ekmsim';

function objectTypes(served: readonly number[], v: ProtocolVersion): number[] {
  return usesAttributesStructure(v) ? served.filter((t) => t !== Enum.ObjectType.Template) : [...served];
}

function serverInformation(identity: ServerIdentity, v: ProtocolVersion): TtlvItem {
  const fields: TtlvItem[] = [
    { tag: Tag.ServerName, type: 'TextString', value: identity.serverName },
    { tag: Tag.ServerVersion, type: 'TextString', value: identity.serverVersion },
    { tag: Tag.ProductName, type: 'TextString', value: identity.productName },
  ];
  return { tag: Tag.ServerInformation, type: 'Structure', value: fields.filter((f) => tagExistsIn(f.tag, versionCode(v))) };
}

/** Discover Versions exists from KMIP 1.1 on. */
function operationsIn(codes: readonly number[], v: ProtocolVersion): number[] {
  return codes.filter((c) => c !== Enum.Operation.DiscoverVersions || versionCode(v) >= 11);
}

/** The Query handler, told which other operations the server has. */
export function queryHandler(operationCodes: readonly number[]): OperationHandler {
  const sorted = [...operationCodes, Enum.Operation.Query].sort((a, b) => a - b);
  return defineHandler(Query, (req, ctx) => {
    const asked = new Set(req.queryFunctions ?? []);
    const Q = Enum.QueryFunction;
    const { identity } = ctx.profile;
    return {
      ...(asked.has(Q.QueryOperations) ? { operations: operationsIn(sorted, ctx.version) } : {}),
      ...(asked.has(Q.QueryObjects) ? { objectTypes: objectTypes(ctx.profile.objectTypes, ctx.version) } : {}),
      ...(asked.has(Q.QueryServerInformation) ? { vendorIdentification: identity.vendorIdentification, serverInformation: serverInformation(identity, ctx.version) } : {}),
    };
  });
}
