// What the HTTP layer needs from the query and search services (server/org/query.ts, search.ts).
// createApp builds the real ones; tests may inject others.
export interface QueryContext {
  readonly now: Date;
  readonly timeZone: string;
  readonly apiVersion: string;
  readonly includeDeleted: boolean;
}

export interface QueryResult {
  readonly totalSize: number;
  readonly records: readonly unknown[];
  /** Aggregate results cannot be paged with queryMore. */
  readonly aggregate: boolean;
}

export interface QueryPort {
  query(soql: string, ctx: QueryContext): QueryResult;
}

export interface SearchContext {
  readonly now: Date;
  readonly timeZone: string;
  readonly apiVersion: string;
}

export interface SearchPort {
  search(sosl: string, ctx: SearchContext): { searchRecords: readonly unknown[] };
  parameterizedSearch(params: unknown, ctx: SearchContext): { searchRecords: readonly unknown[] };
}
