// Generated orgs for the tool suites: seed 1 is the shared test org, seeds 2 and 3 are generated once
// per test file into the run's temp dir (about a second each).
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { generateOrgSync } from '../../generator/index.js';
import { Store } from '../../server/store/index.js';
import { EpisodeManager, type Episode } from '../../server/sessions/index.js';
import { testOrgPath } from '../helpers/org.js';

export const SEEDS = [1, 2, 3] as const;

export function orgPath(seed: number): string {
  if (seed === 1) return testOrgPath();
  const dir = join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), `tools-seed-${seed}-${process.pid}`);
  const path = join(dir, 'org.db');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    generateOrgSync({ seed, scale: 1, out: path, force: true });
  }
  return path;
}

export interface OpenOrg {
  readonly seed: number;
  readonly store: Store;
  readonly episode: Episode;
  /** Raw SQL on the org file (the ground truth side). */
  all<T = Record<string, unknown>>(sql: string, params?: readonly (string | number | null)[]): T[];
}

export function openOrg(seed: number): OpenOrg {
  const store = Store.open(orgPath(seed), { readonly: true });
  const ref = store.getMeta('referenceNow');
  const now = new Date(ref ?? '2025-01-01T00:00:00Z');
  // The default episode reads the org file itself (read-only); the suites never write.
  const host = new EpisodeManager({ image: store.serialize(), defaultStore: store, defaultToken: 'tools-test', orgId: ORG_ID, userId: API_USER_ID, now: () => now, timeZone: 'GMT' });
  const episode = host.defaultEpisode;
  return {
    seed,
    store,
    episode,
    all: <T,>(sql: string, params: readonly (string | number | null)[] = []) => store.db.prepare(sql).all(...params) as T[],
  };
}

/** Stored datetimes are `…:SS.sssZ`; the API (and CRMArena's tools) show `…:SS.sss+0000`. */
export const apiDatetime = (s: string): string => s.replace(/Z$/, '+0000');
/** A stored datetime as the tools' date inputs (`YYYY-MM-DDTHH:MM:SSZ`). */
export const toolDate = (s: string): string => `${s.slice(0, 19)}Z`;
/** A tool date input as stored text, for SQL comparisons. */
export const storedDate = (s: string): string => `${s.slice(0, 19)}.000Z`;
