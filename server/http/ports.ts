// What the HTTP layer needs from the query and search services (server/org/query.ts, search.ts).
// createApp builds the real ones; tests may inject others.
import type { QueryContext, QueryResult } from '../org/index.js';
import type { SearchContext } from '../org/index.js';

export type { QueryContext, QueryResult, SearchContext };

export interface QueryPort {
  query(soql: string, ctx: QueryContext): QueryResult;
}

export interface SearchPort {
  search(sosl: string, ctx: SearchContext): { searchRecords: readonly unknown[] };
  parameterizedSearch(params: unknown, ctx: SearchContext): { searchRecords: readonly unknown[] };
}
