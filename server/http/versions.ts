// The API versions Localforce answers to: 31.0 (Summer '14) to 67.0 (Summer '26), three releases a
// year named Winter/Spring/Summer, Winter carrying the next year's number (59.0 = Winter '24).
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
import { SalesforceError } from '../org/index.js';

export const MIN_VERSION = 31;
export const MAX_VERSION = 67;

const SEASONS = ['Winter', 'Spring', 'Summer'] as const;

export function versionLabel(major: number): string {
  const k = major - 59;
  const season = SEASONS[((k % 3) + 3) % 3]!;
  const year = 24 + Math.floor(k / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

export interface VersionEntry {
  readonly label: string;
  readonly url: string;
  readonly version: string;
}

export const VERSIONS: readonly VersionEntry[] = Array.from({ length: MAX_VERSION - MIN_VERSION + 1 }, (_, i) => {
  const major = MIN_VERSION + i;
  return { label: versionLabel(major), url: `/services/data/v${major}.0`, version: `${major}.0` };
});

const KNOWN = new Set(VERSIONS.map((v) => v.version));

/** `v59.0` → `59.0` when it is a version we serve; null otherwise. */
export function parseVersion(segment: string): string | null {
  const m = /^v(\d{2}\.0)$/i.exec(segment);
  return m && KNOWN.has(m[1]!) ? m[1]! : null;
}

// Versions 7.0–20.0 were retired in Summer '22 and 21.0–30.0 in Summer '25; "If you request any resource
// or use an operation from a retired API version, REST API returns the 410:GONE error code."
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/api_rest_eol.htm
export const MIN_RETIRED_VERSION = 7;

/** `v30.0` → `30.0` when it names a retired version; null otherwise (so unknown ones stay 404). */
export function retiredVersion(segment: string): string | null {
  const m = /^v(\d{1,2})\.0$/i.exec(segment);
  if (!m) return null;
  const major = Number(m[1]);
  return major >= MIN_RETIRED_VERSION && major < MIN_VERSION ? `${major}.0` : null;
}

/** The 410 for a retired version (the REST guide names the code; the message text is ours). */
export function retiredError(version: string): SalesforceError {
  return new SalesforceError('GONE', `API version ${version} has been retired and is no longer available; use ${MIN_VERSION}.0 or later`, 410);
}

/** The version in a `/services/data/{segment}/…` path, or throws: 410 GONE for a retired one, 404 NOT_FOUND otherwise. */
export function requireVersion(segment: string): string {
  const version = parseVersion(segment);
  if (version) return version;
  const retired = retiredVersion(segment);
  if (retired) throw retiredError(retired);
  throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);
}
