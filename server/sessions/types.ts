// The episode contract: what every front door (REST routes, the agent tools, MCP, the web UI) may
// ask of one isolated org. An episode is a writable fork of the pristine org with its own clock and
// time zone, selected by an ordinary bearer token. The implementation (forking, reset, expiry, the
// SQL worker pool) lives beside this file; consumers import only these types.
import type { OrgDeps } from '../org/index.js';

export interface CreateEpisodeOptions {
  /** The episode's "today" (ISO 8601); default: the server's clock. The clock then runs from there. */
  readonly now?: string;
  /** IANA time zone for SOQL date literals; default: the server's. */
  readonly timeZone?: string;
  /** Free text shown in listings (e.g. a task id). */
  readonly label?: string;
  /** Where the episode's API is served (`scheme://host:port`); front doors fill it from the request. */
  readonly instanceUrl?: string;
}

/** What `GET /localforce/sessions/{id}` answers (JSON). */
export interface EpisodeInfo {
  readonly id: string;
  readonly token: string;
  readonly label: string | null;
  readonly instanceUrl: string;
  /** The episode clock, read now (ISO, `…Z`). */
  readonly now: string;
  readonly timeZone: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly ageSeconds: number;
  readonly idleSeconds: number;
  readonly queries: number;
  readonly writes: number;
  /** Memory held by the episode's database: its pages (data, indexes) and its SOSL index. */
  readonly bytes: number;
}

/** A query result with every row (tools and the UI page themselves). */
export interface EpisodeQueryResult {
  readonly totalSize: number;
  readonly done: true;
  readonly records: Array<Record<string, unknown>>;
}

/**
 * One episode's org, transport-neutral. Every method may run SQL off the event loop, so all are async.
 * Errors are thrown as SalesforceError (server/org/errors.ts) exactly as the REST API reports them.
 */
export interface EpisodeApi {
  readonly id: string;
  readonly token: string;
  readonly timeZone: string;
  /** The episode's clock. */
  now(): Date;
  /** The episode's OrgDeps (store, clock, ids) for code that runs in-process on the owning thread. */
  readonly deps: OrgDeps;
  query(soql: string, opts?: { readonly all?: boolean; readonly apiVersion?: string }): Promise<EpisodeQueryResult>;
  search(sosl: string, opts?: { readonly apiVersion?: string }): Promise<{ searchRecords: Array<Record<string, unknown>> }>;
  describeGlobal(apiVersion?: string): Promise<Record<string, unknown>>;
  describe(sobject: string, apiVersion?: string): Promise<Record<string, unknown>>;
  retrieve(sobject: string, id: string, fields?: readonly string[], apiVersion?: string): Promise<Record<string, unknown>>;
  /** Returns the new record's 18-char Id. */
  create(sobject: string, body: Readonly<Record<string, unknown>>): Promise<string>;
  update(sobject: string, id: string, body: Readonly<Record<string, unknown>>): Promise<void>;
  delete(sobject: string, id: string): Promise<void>;
}

/** The episode manager as the front doors see it. */
export interface EpisodeHost {
  /** Forks the pristine org. Throws a SalesforceError naming the limit when the episode cap is reached. */
  create(opts?: CreateEpisodeOptions): Promise<EpisodeApi>;
  /** The episode a bearer token selects (the default token selects the default episode). */
  byToken(token: string): EpisodeApi | undefined;
  get(id: string): EpisodeApi | undefined;
  info(id: string): EpisodeInfo | undefined;
  list(): EpisodeInfo[];
  /** Back to pristine; same id and token. */
  reset(id: string): Promise<void>;
  /** Returns whether it existed. */
  delete(id: string): Promise<boolean>;
}
