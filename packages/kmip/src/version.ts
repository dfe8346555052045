/** KMIP protocol versions this stack speaks (KMIP 1.0–1.4 and 2.0). */
export interface ProtocolVersion {
  readonly major: number;
  readonly minor: number;
}

/** Newest first, the order DiscoverVersions answers in (KMIP 1.4 §4.26). */
export const SUPPORTED_VERSIONS: readonly ProtocolVersion[] = [
  { major: 2, minor: 0 },
  { major: 1, minor: 4 },
  { major: 1, minor: 3 },
  { major: 1, minor: 2 },
  { major: 1, minor: 1 },
  { major: 1, minor: 0 },
];

/** major*10+minor: the form the tag table records versions in. */
export function versionCode(v: ProtocolVersion): number {
  return v.major * 10 + v.minor;
}

export function isSupportedVersion(v: ProtocolVersion): boolean {
  return SUPPORTED_VERSIONS.some((s) => s.major === v.major && s.minor === v.minor);
}

export function formatVersion(v: ProtocolVersion): string {
  return `${v.major}.${v.minor}`;
}

export function parseVersion(text: string): ProtocolVersion {
  const m = /^(\d+)\.(\d+)$/.exec(text);
  if (!m) throw new RangeError(`not a KMIP version: ${JSON.stringify(text)}`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** KMIP 2.x replaced Template-Attribute and Attribute structures with Attributes (2.0 §2.1). */
export function usesAttributesStructure(v: ProtocolVersion): boolean {
  return v.major >= 2;
}
