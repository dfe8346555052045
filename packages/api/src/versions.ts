/**
 * The API endpoints a 12.3 cluster serves (`/json-rpc/<version>`), oldest first. A real cluster
 * lists every endpoint it still serves in GetAPI's `supportedVersions`; the list below is the
 * 12.0 docs' GetAPI example (which includes 5.1 and 8.5-8.7) extended with the 12.2 and 12.3
 * releases. Versions are strings on the wire (the Python SDK joins them as strings).
 */
export const API_VERSIONS = [
  '1.0', '2.0', '3.0', '4.0', '5.0', '5.1', '6.0',
  '7.0', '7.1', '7.2', '7.3', '7.4',
  '8.0', '8.1', '8.2', '8.3', '8.4', '8.5', '8.6', '8.7',
  '9.0', '9.1', '9.2', '9.3', '9.4', '9.5', '9.6',
  '10.0', '10.1', '10.2', '10.3', '10.4', '10.5', '10.6', '10.7',
  '11.0', '11.1', '11.3', '11.5', '11.7', '11.8',
  '12.0', '12.2', '12.3',
] as const;

export type ApiVersion = (typeof API_VERSIONS)[number];

/** The software version the simulated cluster runs (GetAPI's `currentVersion`). */
export const CURRENT_API_VERSION: ApiVersion = '12.3';

export function isApiVersion(text: string): text is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(text);
}

/** True when endpoint `version` is `since` or newer. */
export function versionAtLeast(version: ApiVersion, since: ApiVersion): boolean {
  return API_VERSIONS.indexOf(version) >= API_VERSIONS.indexOf(since);
}
