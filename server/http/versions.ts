// The API versions Localforce answers to: 31.0 (Summer '14) to 67.0 (Summer '26), three releases a
// year named Winter/Spring/Summer, Winter carrying the next year's number (59.0 = Winter '24).
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
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
