// An EpisodeApi over the org services of one OrgDeps, in-process and synchronous underneath. Used
// where no episode manager (server/sessions) is wired in: `serve`'s default org and `localforce mcp --db`.
// LocalEpisodeHost forks by copying the org file, so every MCP session gets its own org.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeService } from '../org/describe.js';
import type { OrgDeps } from '../org/deps.js';
import { SalesforceError } from '../org/errors.js';
import { QueryService } from '../org/query.js';
import { RecordService } from '../org/records.js';
import { SearchService } from '../org/search.js';
import type { CreateEpisodeOptions, EpisodeApi, EpisodeQueryResult } from '../sessions/types.js';
import { Store } from '../store/index.js';

export const DEFAULT_API_VERSION = '62.0';

export interface LocalEpisodeOptions {
  readonly id?: string;
  readonly token?: string;
  readonly apiVersion?: string;
}

export class LocalEpisode implements EpisodeApi {
  readonly id: string;
  readonly token: string;
  readonly timeZone: string;
  private readonly queries: QueryService;
  private readonly searches: SearchService;
  private readonly records: RecordService;
  private readonly describes: DescribeService;
  private readonly version: string;

  constructor(
    readonly deps: OrgDeps,
    opts: LocalEpisodeOptions = {},
  ) {
    this.id = opts.id ?? 'default';
    this.token = opts.token ?? '';
    this.timeZone = deps.timeZone;
    this.version = opts.apiVersion ?? DEFAULT_API_VERSION;
    this.queries = new QueryService(deps);
    this.searches = new SearchService(deps, { soql: this.queries });
    this.records = new RecordService(deps);
    this.describes = new DescribeService(deps);
  }

  now(): Date {
    return this.deps.now();
  }

  async query(soql: string, opts: { readonly all?: boolean; readonly apiVersion?: string } = {}): Promise<EpisodeQueryResult> {
    const r = this.queries.query(soql, { now: this.now(), timeZone: this.timeZone, apiVersion: opts.apiVersion ?? this.version, includeDeleted: opts.all === true });
    return { totalSize: r.totalSize, done: true, records: r.records };
  }

  async search(sosl: string, opts: { readonly apiVersion?: string } = {}): Promise<{ searchRecords: Array<Record<string, unknown>> }> {
    return this.searches.search(sosl, { now: this.now(), timeZone: this.timeZone, apiVersion: opts.apiVersion ?? this.version });
  }

  async describeGlobal(apiVersion?: string): Promise<Record<string, unknown>> {
    return this.describes.global(apiVersion ?? this.version) as Record<string, unknown>;
  }

  async describe(sobject: string, apiVersion?: string): Promise<Record<string, unknown>> {
    return this.describes.describe(sobject, apiVersion ?? this.version) as Record<string, unknown>;
  }

  async retrieve(sobject: string, id: string, fields?: readonly string[], apiVersion?: string): Promise<Record<string, unknown>> {
    return this.records.retrieve(sobject, id, fields, apiVersion ?? this.version);
  }

  async create(sobject: string, body: Readonly<Record<string, unknown>>): Promise<string> {
    return this.records.create(sobject, body);
  }

  async update(sobject: string, id: string, body: Readonly<Record<string, unknown>>): Promise<void> {
    this.records.update(sobject, id, body);
  }

  async delete(sobject: string, id: string): Promise<void> {
    this.records.delete(sobject, id);
  }
}

export interface LocalHostOptions {
  /** The pristine org file every episode starts from. */
  readonly db: string;
  /** The clock when an episode is created without `now` (default: the org's reference now). */
  readonly now?: () => Date;
  readonly timeZone?: string;
  readonly orgId: string;
  readonly userId: string;
  /** Most episodes alive at once (default 32). */
  readonly maxEpisodes?: number;
}

interface Held {
  readonly episode: LocalEpisode;
  readonly store: Store;
  readonly dir: string;
}

/** A minimal episode host: each episode is a private copy of the org file with its own clock. */
export class LocalEpisodeHost {
  private readonly episodes = new Map<string, Held>();
  private seq = 0;

  constructor(private readonly opts: LocalHostOptions) {}

  async create(opts: CreateEpisodeOptions = {}): Promise<EpisodeApi> {
    if (this.episodes.size >= (this.opts.maxEpisodes ?? 32)) {
      throw new SalesforceError('REQUEST_LIMIT_EXCEEDED', `Too many open episodes (limit ${this.opts.maxEpisodes ?? 32}); close a session first.`, 403);
    }
    const dir = mkdtempSync(join(tmpdir(), 'lf-episode-'));
    const path = join(dir, 'org.db');
    copyFileSync(this.opts.db, path);
    const store = Store.open(path);
    const now = episodeClock(opts.now, this.opts.now, store);
    const id = `ep${++this.seq}`;
    const episode = new LocalEpisode({ store, now, timeZone: opts.timeZone ?? this.opts.timeZone ?? 'GMT', orgId: this.opts.orgId, userId: this.opts.userId }, { id });
    this.episodes.set(id, { episode, store, dir });
    return episode;
  }

  get(id: string): EpisodeApi | undefined {
    return this.episodes.get(id)?.episode;
  }

  get size(): number {
    return this.episodes.size;
  }

  async delete(id: string): Promise<boolean> {
    const held = this.episodes.get(id);
    if (!held) return false;
    this.episodes.delete(id);
    held.store.close();
    rmSync(held.dir, { recursive: true, force: true });
    return true;
  }

  async close(): Promise<void> {
    this.closeSync();
  }

  /** Closes every episode now (process exit paths). */
  closeSync(): void {
    for (const [id, held] of [...this.episodes]) {
      this.episodes.delete(id);
      held.store.close();
      rmSync(held.dir, { recursive: true, force: true });
    }
  }
}

/** A given `now` stays fixed (the episode contract lets it run on): SOQL date literals then give the same answer on every call. */
function episodeClock(given: string | undefined, fallback: (() => Date) | undefined, store: Store): () => Date {
  if (given !== undefined) {
    const d = new Date(given);
    if (Number.isNaN(d.getTime())) throw new SalesforceError('MALFORMED_QUERY', `not an ISO date-time: ${given}`, 400);
    return () => d;
  }
  if (fallback) return fallback;
  const ref = store.getMeta('referenceNow');
  const d = ref ? new Date(ref) : new Date(0);
  return () => d;
}
