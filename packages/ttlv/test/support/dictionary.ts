import type { TtlvDictionary } from '@ekmsim/ttlv';

/**
 * The slice of KMIP 1.4 names (§9.1.3.1 tags, §9.1.3.2 enumerations) that the vectors use. The
 * real dictionary lives in `@ekmsim/kmip`; this one only proves the codec's name hooks work.
 */
export const TAGS: Readonly<Record<string, number>> = {
  ApplicationData: 0x420002,
  ApplicationNamespace: 0x420003,
  Attribute: 0x420008,
  AttributeName: 0x42000a,
  AttributeValue: 0x42000b,
  BatchCount: 0x42000d,
  BatchItem: 0x42000f,
  CompromiseDate: 0x420020,
  CryptographicAlgorithm: 0x420028,
  CryptographicLength: 0x42002a,
  CryptographicUsageMask: 0x42002c,
  KeyBlock: 0x420040,
  KeyFormatType: 0x420042,
  KeyMaterial: 0x420043,
  KeyValue: 0x420045,
  NameType: 0x420054,
  NameValue: 0x420055,
  ObjectType: 0x420057,
  Operation: 0x42005c,
  ProtocolVersion: 0x420069,
  ProtocolVersionMajor: 0x42006a,
  ProtocolVersionMinor: 0x42006b,
  QueryFunction: 0x420074,
  RequestHeader: 0x420077,
  RequestMessage: 0x420078,
  RequestPayload: 0x420079,
  ResponseHeader: 0x42007a,
  ResponseMessage: 0x42007b,
  ResponsePayload: 0x42007c,
  ResultMessage: 0x42007d,
  ResultReason: 0x42007e,
  ResultStatus: 0x42007f,
  SecretData: 0x420085,
  SecretDataType: 0x420086,
  SymmetricKey: 0x42008f,
  Template: 0x420090,
  TemplateAttribute: 0x420091,
  TimeStamp: 0x420092,
  UniqueBatchItemId: 0x420093,
  UniqueIdentifier: 0x420094,
  VendorIdentification: 0x42009d,
};

const ENUMS: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  [TAGS.Operation!]: { Create: 1, Register: 3, Locate: 8, Get: 10, GetAttributes: 11, AddAttribute: 13, Destroy: 20, Query: 24, DiscoverVersions: 30 },
  [TAGS.ResultStatus!]: { Success: 0, OperationFailed: 1 },
  [TAGS.ObjectType!]: { SymmetricKey: 2, Template: 6, SecretData: 7 },
  [TAGS.CryptographicAlgorithm!]: { DES: 1, TripleDES: 2, AES: 3 },
  // A mask (an Integer): JSON may name its bits joined by '|'.
  [TAGS.CryptographicUsageMask!]: { Sign: 0x01, Verify: 0x02, Encrypt: 0x04, Decrypt: 0x08 },
};

// Maps, not the records, answer look-ups: a record would also "know" names like `toString`.
const tagsByName = new Map(Object.entries(TAGS));
const tagNames = new Map(Object.entries(TAGS).map(([name, tag]) => [tag, name]));
const enumsByName = new Map(Object.entries(ENUMS).map(([tag, names]) => [Number(tag), new Map(Object.entries(names))]));

export const testDictionary: TtlvDictionary = {
  tagName: (tag) => tagNames.get(tag),
  tagByName: (name) => tagsByName.get(name),
  enumName: (tag, value) => [...(enumsByName.get(tag) ?? [])].find(([, v]) => v === value)?.[0],
  enumByName: (tag, name) => enumsByName.get(tag)?.get(name),
};
