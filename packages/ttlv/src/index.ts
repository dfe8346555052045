/** @ekmsim/ttlv: the KMIP TTLV codec. Everything not listed here is internal. */
export type { ItemTypeName, ItemOf, TtlvItem } from './item.js';
export { ItemType, ttlv, itemTypeName, formatTag } from './item.js';
export type { TtlvDictionary } from './dictionary.js';
export { emptyDictionary } from './dictionary.js';
export type { TtlvLimits } from './limits.js';
export { defaultTtlvLimits } from './limits.js';
export { encodeTtlv } from './encode.js';
export { decodeTtlv, decodeTtlvPrefix } from './decode.js';
export type { TtlvFramerOptions, TtlvFramerState } from './framer.js';
export { TtlvFramer } from './framer.js';
export type { TtlvJson, TtlvJsonValue } from './json.js';
export { toJson } from './json.js';
export { fromJson } from './from-json.js';
export {
  TtlvDecodeError,
  TtlvDecodeErrorCode,
  TtlvEncodeError,
  TtlvEncodeErrorCode,
  TtlvJsonError,
  TtlvJsonErrorCode,
} from './errors.js';
