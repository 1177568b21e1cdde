// One episode: a writable fork of the pristine org with its own clock, time zone, services, query
// locators and API-usage counter. Reset swaps the store for a fresh fork and rebuilds the services,
// so nothing (cached plans, locators, the SOSL index) survives from the previous state.
import { CursorStore, type CursorStoreOptions } from '../org/index.js';
import type { OrgDeps } from '../org/index.js';
import { DescribeService } from '../org/index.js';
import { SalesforceError } from '../org/index.js';
import { ApiUsage, type ApiUsageOptions } from '../org/index.js';
import { QueryService, type QueryContext, type QueryResult } from '../org/index.js';
import { RecordService } from '../org/index.js';
import { SearchService, type SearchContext } from '../org/index.js';
import type { Store } from '../store/index.js';
import type { SqlPool } from './pool.js';
import type { EpisodeApi, EpisodeInfo, EpisodeQueryResult } from './types.js';

/** The query service as the front doors use it (tests may inject a stand-in). */
export interface QueryRunner {
  query(soql: string, ctx: QueryContext): QueryResult;
}

export interface SearchRunner {
  search(sosl: string, ctx: SearchContext): { searchRecords: readonly unknown[] };
  parameterizedSearch(params: unknown, ctx: SearchContext): { searchRecords: readonly unknown[] };
}

/** Everything a request needs from its episode (rebuilt on reset). */
export interface EpisodeServices {
  readonly deps: OrgDeps;
  readonly query: QueryRunner;
  readonly search: SearchRunner;
  readonly records: RecordService;
  readonly describe: DescribeService;
  readonly cursors: CursorStore;
  readonly usage: ApiUsage;
  /** Counts one query or search in the episode's statistics. */
  readonly countQuery: () => void;
  /** SOQL / SOSL off the event loop while the episode is unwritten and a pool exists (pool.ts), else here. */
  readonly runQuery: (soql: string, ctx: QueryContext) => Promise<QueryResult>;
  readonly runSearch: (sosl: string, ctx: SearchContext) => Promise<{ searchRecords: readonly unknown[] }>;
  readonly runParameterizedSearch: (params: unknown, ctx: SearchContext) => Promise<{ searchRecords: readonly unknown[] }>;
}

/** Replacement services (tests): built per episode from its deps. */
export interface ServiceOverrides {
  readonly query?: QueryRunner;
  readonly search?: SearchRunner;
}

export interface EpisodeConfig {
  readonly id: string;
  readonly token: string;
  readonly label: string | null;
  readonly timeZone: string;
  readonly orgId: string;
  readonly userId: string;
  /** The episode's clock. */
  readonly now: () => Date;
  /** Wall-clock milliseconds (injected): creation, last use, idle expiry. */
  readonly wall: () => number;
  readonly cursors?: CursorStoreOptions;
  readonly apiUsage?: ApiUsageOptions;
  readonly overrides?: ServiceOverrides;
  /** The base URL the episode was created through (instanceUrl in listings). */
  readonly instanceUrl: string;
  /** Worker threads holding the pristine org (answers while this episode has not written). */
  readonly pool?: SqlPool;
}

/** Runs a sync call as a promise (a throw becomes a rejection). */
function later<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}

export class Episode implements EpisodeApi {
  readonly id: string;
  readonly token: string;
  readonly timeZone: string;
  readonly createdAtMs: number;
  lastUsedMs: number;
  private svc: EpisodeServices;
  private queryCount = 0;
  /** Writes of stores already replaced by a reset. */
  private earlierWrites = 0;
  private closed = false;

  constructor(
    private readonly config: EpisodeConfig,
    store: Store,
  ) {
    this.id = config.id;
    this.token = config.token;
    this.timeZone = config.timeZone;
    this.createdAtMs = config.wall();
    this.lastUsedMs = this.createdAtMs;
    this.svc = this.build(store);
  }

  private build(store: Store): EpisodeServices {
    const c = this.config;
    const deps: OrgDeps = { store, now: c.now, timeZone: c.timeZone, orgId: c.orgId, userId: c.userId };
    const query = c.overrides?.query ?? new QueryService(deps);
    const search = c.overrides?.search ?? new SearchService(deps, { soql: query });
    // The pool's workers hold the pristine image: usable until this fork's first write.
    const pool = c.overrides ? undefined : c.pool;
    const pooled = () => pool !== undefined && store.writes === 0 && pool.started;
    const base = (ctx: SearchContext) => ({ now: ctx.now.getTime(), timeZone: ctx.timeZone, apiVersion: ctx.apiVersion });
    return {
      deps,
      query,
      search,
      records: new RecordService(deps),
      describe: new DescribeService(deps),
      cursors: new CursorStore(c.cursors),
      usage: new ApiUsage(c.now, c.apiUsage),
      countQuery: () => {
        this.queryCount++;
      },
      runQuery: (soql, ctx) =>
        pooled()
          ? (pool!.run({ kind: 'query', text: soql, includeDeleted: ctx.includeDeleted, ...base(ctx) }) as Promise<QueryResult>)
          : later(() => query.query(soql, ctx)),
      runSearch: (sosl, ctx) =>
        pooled()
          ? (pool!.run({ kind: 'search', text: sosl, ...base(ctx) }) as Promise<{ searchRecords: readonly unknown[] }>)
          : later(() => search.search(sosl, ctx)),
      runParameterizedSearch: (params, ctx) =>
        pooled()
          ? (pool!.run({ kind: 'parameterizedSearch', params, ...base(ctx) }) as Promise<{ searchRecords: readonly unknown[] }>)
          : later(() => search.parameterizedSearch(params, ctx)),
    };
  }

  /** The services for one request; marks the episode as used. */
  services(): EpisodeServices {
    if (this.closed) throw new SalesforceError('INVALID_SESSION_ID', 'Session expired or invalid', 401);
    this.lastUsedMs = this.config.wall();
    return this.svc;
  }

  get deps(): OrgDeps {
    return this.svc.deps;
  }

  get label(): string | null {
    return this.config.label;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  now(): Date {
    return this.config.now();
  }

  /** Counted by the front doors (REST query/search, tools). */
  countQuery(): void {
    this.queryCount++;
  }

  /** Swaps in a fresh fork: same id, token, clock; new services (old locators become invalid). */
  replaceStore(make: () => Store): void {
    const old = this.svc.deps.store;
    this.earlierWrites += old.writes;
    // Closed first: the new copy then reuses the freed pages (a reset costs ~2 ms instead of ~30 ms of
    // page faults at scale 1, and memory never holds both).
    old.close();
    this.svc = this.build(make());
    this.lastUsedMs = this.config.wall();
  }

  close(opts: { readonly keepStore?: boolean } = {}): void {
    if (this.closed) return;
    this.closed = true;
    if (!opts.keepStore) this.svc.deps.store.close();
  }

  info(): EpisodeInfo {
    const wall = this.config.wall();
    const store = this.svc.deps.store;
    return {
      id: this.id,
      token: this.token,
      label: this.config.label,
      instanceUrl: this.config.instanceUrl,
      now: this.now().toISOString(),
      timeZone: this.timeZone,
      createdAt: new Date(this.createdAtMs).toISOString(),
      lastUsedAt: new Date(this.lastUsedMs).toISOString(),
      ageSeconds: Math.max(0, Math.round((wall - this.createdAtMs) / 1000)),
      idleSeconds: Math.max(0, Math.round((wall - this.lastUsedMs) / 1000)),
      queries: this.queryCount,
      writes: this.earlierWrites + (this.closed ? 0 : store.writes),
      bytes: this.closed ? 0 : store.bytes(),
    };
  }

  // ── EpisodeApi: transport-neutral calls (tools, MCP, UI) ───────────────────────────────────
  // They run on the calling thread today; async so a worker pool can take them over unchanged.

  async query(soql: string, opts: { readonly all?: boolean; readonly apiVersion?: string } = {}): Promise<EpisodeQueryResult> {
    const s = this.services();
    this.countQuery();
    const r = await s.runQuery(soql, { now: this.now(), timeZone: this.timeZone, apiVersion: opts.apiVersion ?? DEFAULT_VERSION, includeDeleted: opts.all === true });
    return { totalSize: r.totalSize, done: true, records: r.records };
  }

  async search(sosl: string, opts: { readonly apiVersion?: string } = {}): Promise<{ searchRecords: Array<Record<string, unknown>> }> {
    const s = this.services();
    this.countQuery();
    const r = await s.runSearch(sosl, { now: this.now(), timeZone: this.timeZone, apiVersion: opts.apiVersion ?? DEFAULT_VERSION });
    return { searchRecords: r.searchRecords as Array<Record<string, unknown>> };
  }

  async describeGlobal(apiVersion = DEFAULT_VERSION): Promise<Record<string, unknown>> {
    return this.services().describe.global(apiVersion) as unknown as Record<string, unknown>;
  }

  async describe(sobject: string, apiVersion = DEFAULT_VERSION): Promise<Record<string, unknown>> {
    return this.services().describe.describe(sobject, apiVersion) as unknown as Record<string, unknown>;
  }

  async retrieve(sobject: string, id: string, fields?: readonly string[], apiVersion = DEFAULT_VERSION): Promise<Record<string, unknown>> {
    return this.services().records.retrieve(sobject, id, fields ? [...fields] : undefined, apiVersion);
  }

  async create(sobject: string, body: Readonly<Record<string, unknown>>): Promise<string> {
    return this.services().records.create(sobject, { ...body });
  }

  async update(sobject: string, id: string, body: Readonly<Record<string, unknown>>): Promise<void> {
    this.services().records.update(sobject, id, { ...body });
  }

  async delete(sobject: string, id: string): Promise<void> {
    this.services().records.delete(sobject, id);
  }
}

/** The API version transport-neutral callers get when they name none. */
export const DEFAULT_VERSION = '59.0';
