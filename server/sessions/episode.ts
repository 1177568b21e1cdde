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
import { explainQuery, type ExplainResult } from '../org/index.js';
import type { PinnedFork, SqlPool } from './pool.js';
import { queryFromWire, searchFromWire } from './wire-json.js';
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
  /** SOQL / SOSL / explain on the SQL pool when there is one (pool.ts; written episodes on their pinned worker), else here. */
  readonly runQuery: (soql: string, ctx: QueryContext) => Promise<QueryResult>;
  readonly runSearch: (sosl: string, ctx: SearchContext) => Promise<{ searchRecords: readonly unknown[] }>;
  readonly runParameterizedSearch: (params: unknown, ctx: SearchContext) => Promise<{ searchRecords: readonly unknown[] }>;
  readonly runExplain: (soql: string | undefined, ctx: QueryContext) => Promise<ExplainResult>;
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

/** Each episode store's key in the SQL pool (a reset makes a new store, so a new key). */
let storeSerial = 0;

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

  /** The pool key of the current store (its worker's fork is dropped when the store is replaced). */
  private poolKey = '';

  private build(store: Store): EpisodeServices {
    const c = this.config;
    const deps: OrgDeps = { store, now: c.now, timeZone: c.timeZone, orgId: c.orgId, userId: c.userId };
    const query = c.overrides?.query ?? new QueryService(deps);
    const search = c.overrides?.search ?? new SearchService(deps, { soql: query });
    const pool = c.overrides ? undefined : c.pool;
    const pin: PinnedFork = { key: (this.poolKey = `s${++storeSerial}`), journal: () => store.journal() };
    // Where this request's SQL runs: any worker's pristine copy until the first write; afterwards the
    // pinned worker's fork (image + journal). Here only without a pool (or before it started), with no
    // journal, or inside an open savepoint (a composite request awaiting a sub-request: its writes are
    // not committed, so no journal has them yet).
    const where = (): 'here' | 'pristine' | PinnedFork => {
      if (!pool?.started || store.inTransaction) return 'here';
      if (!store.journaling) return store.writes === 0 ? 'pristine' : 'here';
      return store.journal().length === 0 ? 'pristine' : pin;
    };
    const onPool = <T>(req: Parameters<SqlPool['run']>[0], local: () => T, fromWire: (v: never) => T = (v) => v): Promise<T> => {
      const w = where();
      if (w === 'here') return later(local);
      return pool!.run(req, w === 'pristine' ? undefined : w).then((v) => fromWire(v as never));
    };
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
      runQuery: (soql, ctx) => onPool({ kind: 'query', text: soql, includeDeleted: ctx.includeDeleted, ...base(ctx) }, () => query.query(soql, ctx), queryFromWire),
      runSearch: (sosl, ctx) => onPool({ kind: 'search', text: sosl, ...base(ctx) }, () => search.search(sosl, ctx), searchFromWire),
      runParameterizedSearch: (params, ctx) =>
        onPool({ kind: 'parameterizedSearch', params, ...base(ctx) }, () => search.parameterizedSearch(params, ctx), searchFromWire),
      runExplain: (soql, ctx) =>
        onPool({ kind: 'explain', text: soql, includeDeleted: ctx.includeDeleted, ...base(ctx) }, () =>
          explainQuery(query instanceof QueryService ? query : new QueryService(deps), store, soql, ctx),
        ),
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
    // Closed first: memory never holds both (the new store is a lazy fork; its first write copies the
    // image into the pages just freed).
    old.close();
    this.config.pool?.forget(this.poolKey);
    this.svc = this.build(make());
    this.lastUsedMs = this.config.wall();
  }

  close(opts: { readonly keepStore?: boolean } = {}): void {
    if (this.closed) return;
    this.closed = true;
    this.config.pool?.forget(this.poolKey);
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
