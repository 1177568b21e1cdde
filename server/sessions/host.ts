// The episode manager: forks the pristine org on demand, maps bearer tokens to episodes, resets,
// deletes and expires them, and refuses new ones past a configured count.
//
// Fork mechanism, chosen by measurement (bench/sessions.mjs, scale-1 org of 18.6 MB, 2 shared cores):
//   serialize → `new Database(buffer)` (sqlite3_deserialize): ~2 ms per fork, 18.3 MB RSS each;
//   file copy to tmpfs + open: ~12 ms; the backup API copies page by page and is slower still.
// The memory image wins on time and costs exactly the org's size per episode, which is the target.
// Forks are lazy (Store.lazyFork, copy on first write): until an episode writes, its reads on this
// thread go to one shared pristine connection and it holds no pages, so create and reset cost
// ~0.1 ms and an idle episode ~0 MB; its first write pays the copy (bench: "first write").
// A deserialized database is private to its connection (and thread), so with the SQL pool each store
// journals its writes and its worker replays them into its own fork (pool.ts).
import { CursorBudget, type CursorStoreOptions } from '../org/index.js';
import { SalesforceError } from '../org/index.js';
import type { ApiUsageOptions } from '../org/index.js';
import { Store } from '../store/index.js';
import { Episode, type ServiceOverrides } from './episode.js';
import type { SqlPool } from './pool.js';
import type { CreateEpisodeOptions, EpisodeHost, EpisodeInfo } from './types.js';

export const DEFAULT_EPISODE_ID = 'default';
export const DEFAULT_IDLE_MS = 30 * 60_000;

/** Memory budget the default episode cap is sized for: two thirds of a 24 GB machine. */
const MEMORY_BUDGET_BYTES = 16 * 1024 ** 3;

/** Default cap: as many idle episodes as fit the budget (a fork holds the image plus ~50% for the SOSL index, caches, locators). */
export function defaultMaxEpisodes(imageBytes: number): number {
  return Math.max(1, Math.min(1000, Math.floor(MEMORY_BUDGET_BYTES / (imageBytes * 1.5))));
}

export interface EpisodeHostOptions {
  /** The pristine org, serialized (Store.serialize()). Forks and resets copy it. */
  readonly image: Buffer;
  /** The default episode's store: the served file itself (`--persist`) or a fork. */
  readonly defaultStore: Store;
  /** The default token (= the admin token, `serve --token`): selects the default episode. */
  readonly defaultToken: string;
  /** Whether the default episode writes through to the org file (then it cannot be reset). */
  readonly persist?: boolean;
  readonly orgId: string;
  readonly userId: string;
  /** Server clock and time zone: the default episode's, and new episodes' unless they name their own. */
  readonly now: () => Date;
  readonly timeZone: string;
  /** Wall-clock milliseconds for ages, idle expiry and running episode clocks (injected; tests pass a fake). */
  readonly wall?: () => number;
  readonly idleMs?: number;
  readonly maxEpisodes?: number;
  /** Opaque part of the n-th episode token (default counter-based; the CLI passes a random one). */
  readonly mintOpaque?: (n: number) => string;
  readonly cursors?: CursorStoreOptions;
  /** The byte budget shared by every episode's query locators (default 512 MiB). */
  readonly cursorBudget?: CursorBudget;
  readonly apiUsage?: ApiUsageOptions;
  readonly overrides?: ServiceOverrides;
  /** SQL worker threads over the pristine image (pool.ts); without one, all SQL runs on the calling thread. */
  readonly pool?: SqlPool;
}

/** Whether Intl knows the zone (the SOQL date functions resolve it the same way). */
export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class EpisodeManager implements EpisodeHost {
  private readonly byId = new Map<string, Episode>();
  private readonly tokens = new Map<string, Episode>();
  private counter = 0;
  readonly defaultEpisode: Episode;
  readonly idleMs: number;
  readonly maxEpisodes: number;
  private readonly wall: () => number;
  private readonly cursorBudget: CursorBudget;
  /** The pristine org, opened once on this thread: what every lazy fork reads until its first write. */
  private pristineStore: Store | undefined;

  constructor(private readonly opts: EpisodeHostOptions) {
    // Wall time only decides ages and expiry (data about the run, never an input to query answers).
    this.wall = opts.wall ?? (() => Date.now());
    this.cursorBudget = opts.cursorBudget ?? new CursorBudget();
    this.idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
    this.maxEpisodes = opts.maxEpisodes ?? defaultMaxEpisodes(opts.image.length);
    this.defaultEpisode = new Episode(
      { ...this.baseConfig(), id: DEFAULT_EPISODE_ID, token: opts.defaultToken, label: 'default', timeZone: opts.timeZone, now: opts.now, instanceUrl: '' },
      opts.defaultStore,
    );
    // With a pool, writes are journaled from the moment the image was taken (app build), so the
    // workers can replay them over the same image.
    if (opts.pool) opts.defaultStore.startJournal();
    this.byId.set(DEFAULT_EPISODE_ID, this.defaultEpisode);
    this.tokens.set(opts.defaultToken, this.defaultEpisode);
  }

  private baseConfig() {
    const o = this.opts;
    return {
      orgId: o.orgId,
      userId: o.userId,
      wall: this.wall,
      // One byte budget (and locator counter) over every episode's cursors.
      cursors: { ...o.cursors, budget: this.cursorBudget },
      ...(o.apiUsage ? { apiUsage: o.apiUsage } : {}),
      ...(o.overrides ? { overrides: o.overrides } : {}),
      ...(o.pool ? { pool: o.pool } : {}),
    };
  }

  /** Live episodes besides the default one. */
  get size(): number {
    return this.byId.size - 1;
  }

  async create(opts: CreateEpisodeOptions = {}): Promise<Episode> {
    return this.createSync(opts);
  }

  /** `as.userId`: the user a login-minted episode acts as (default: the API user). */
  createSync(opts: CreateEpisodeOptions = {}, as: { readonly userId?: string } = {}): Episode {
    const timeZone = opts.timeZone ?? this.opts.timeZone;
    if (!isValidTimeZone(timeZone)) throw new SalesforceError('INVALID_FIELD', `timeZone: '${timeZone}' is not an IANA time zone (e.g. America/Los_Angeles, GMT)`, 400);
    let clock = this.opts.now;
    if (opts.now !== undefined) {
      const start = new Date(opts.now).getTime();
      if (Number.isNaN(start)) throw new SalesforceError('INVALID_FIELD', `now: '${opts.now}' is not an ISO 8601 date-time`, 400);
      const t0 = this.wall();
      // The episode's clock starts at `now` and runs forward with the wall clock from there.
      clock = () => new Date(start + (this.wall() - t0));
    }
    this.sweep();
    if (this.size >= this.maxEpisodes) {
      throw new SalesforceError(
        'SERVER_UNAVAILABLE',
        `MaxEpisodes limit reached: ${this.maxEpisodes} live episodes (serve --max-episodes). Delete one (DELETE /localforce/sessions/{id}) or wait for idle expiry (${Math.round(this.idleMs / 60_000)} min).`,
        503,
      );
    }
    const n = ++this.counter;
    const opaque = this.opts.mintOpaque ? this.opts.mintOpaque(n) : `AQLE${String(n).padStart(10, '0')}`;
    const episode = new Episode(
      {
        ...this.baseConfig(),
        ...(as.userId ? { userId: as.userId } : {}),
        id: `ep-${String(n).padStart(4, '0')}`,
        token: `${this.opts.orgId.slice(0, 15)}!${opaque}`,
        label: opts.label ?? null,
        timeZone,
        now: clock,
        instanceUrl: opts.instanceUrl ?? '',
      },
      this.fork(),
    );
    this.byId.set(episode.id, episode);
    this.tokens.set(episode.token, episode);
    return episode;
  }

  private fork(): Store {
    this.pristineStore ??= Store.fromImage(this.opts.image, { registry: this.opts.defaultStore.registry, label: ':pristine:' });
    const store = Store.lazyFork(this.pristineStore, this.opts.image);
    if (this.opts.pool) store.startJournal();
    return store;
  }

  byToken(token: string): Episode | undefined {
    const e = this.tokens.get(token);
    if (!e) return undefined;
    if (this.expired(e)) {
      this.remove(e);
      return undefined;
    }
    return e;
  }

  get(id: string): Episode | undefined {
    const e = this.byId.get(id);
    if (e && this.expired(e)) {
      this.remove(e);
      return undefined;
    }
    return e;
  }

  info(id: string): EpisodeInfo | undefined {
    return this.get(id)?.info();
  }

  list(): EpisodeInfo[] {
    this.sweep();
    return [...this.byId.values()].map((e) => e.info());
  }

  async reset(id: string): Promise<void> {
    this.resetSync(id);
  }

  resetSync(id: string): void {
    const e = this.get(id);
    if (!e) throw episodeNotFound(id);
    if (e === this.defaultEpisode && this.opts.persist) {
      throw new SalesforceError('INVALID_FIELD', 'The default episode writes through to the org file (serve --persist) and cannot be reset', 400);
    }
    e.replaceStore(() => this.fork());
  }

  async delete(id: string): Promise<boolean> {
    return this.deleteSync(id);
  }

  deleteSync(id: string): boolean {
    if (id === DEFAULT_EPISODE_ID) throw new SalesforceError('INVALID_FIELD', 'The default episode cannot be deleted (reset it instead)', 400);
    const e = this.byId.get(id);
    if (!e) return false;
    this.remove(e);
    return true;
  }

  /** Ends the episode a token selects (logout / revoke of an episode token). The default one stays. */
  revokeToken(token: string): boolean {
    const e = this.tokens.get(token);
    if (!e || e === this.defaultEpisode) return false;
    this.remove(e);
    return true;
  }

  /** Closes every episode idle for longer than the limit; returns how many. */
  sweep(): number {
    let n = 0;
    for (const e of this.byId.values()) {
      if (this.expired(e)) {
        this.remove(e);
        n++;
      }
    }
    return n;
  }

  /** Closes everything (server shutdown). The default store is the caller's to close. */
  close(): void {
    for (const e of this.byId.values()) e.close({ keepStore: e === this.defaultEpisode });
    this.byId.clear();
    this.tokens.clear();
    this.pristineStore?.close();
    this.pristineStore = undefined;
  }

  private expired(e: Episode): boolean {
    return e !== this.defaultEpisode && this.wall() - e.lastUsedMs > this.idleMs;
  }

  private remove(e: Episode): void {
    this.byId.delete(e.id);
    this.tokens.delete(e.token);
    e.close();
  }
}

export const episodeNotFound = (id: string): SalesforceError =>
  new SalesforceError('NOT_FOUND', `No episode with id '${id.slice(0, 100)}'`, 404);
