/**
 * Bounds on what a peer can make the decoder and framer hold. A KMIP peer is untrusted input:
 * without them one header can ask for 4 GiB, or a few KiB of nested headers can exhaust the stack.
 */
export interface TtlvLimits {
  /** Largest encoded message (header included), in bytes. */
  readonly maxMessageSize: number;
  /** Most Structures nested one inside another, the outermost counted. */
  readonly maxDepth: number;
}

/** 1 MiB is far above any key-management message ekmsim serves; KMIP messages nest well under 32 levels. */
export const defaultTtlvLimits: TtlvLimits = { maxMessageSize: 1_048_576, maxDepth: 32 };

export function resolveLimits(limits: Partial<TtlvLimits> | undefined): TtlvLimits {
  if (limits === undefined) return defaultTtlvLimits;
  return {
    maxMessageSize: limits.maxMessageSize ?? defaultTtlvLimits.maxMessageSize,
    maxDepth: limits.maxDepth ?? defaultTtlvLimits.maxDepth,
  };
}
