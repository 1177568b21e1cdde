// A minimal Salesforce REST client for the reference solver: plain HTTP (Node's fetch) with a
// Bearer token, SOQL through /query (following nextRecordsUrl) and SOSL through /search.
export type SfRecord = Record<string, unknown>;

export class SalesforceApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly request: string,
  ) {
    super(`${errorCode}: ${message}`);
  }
}

export interface ClientStats {
  queries: number;
  searches: number;
}

/** What the solver needs of an org: SOQL (every page) and SOSL. RestClient is one; a replaying fake is another. */
export interface SolverApi {
  query(soql: string): Promise<SfRecord[]>;
  search(sosl: string): Promise<SfRecord[]>;
}

export class RestClient implements SolverApi {
  readonly stats: ClientStats = { queries: 0, searches: 0 };
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
    readonly version = 'v59.0',
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  private async get(path: string): Promise<unknown> {
    const res = await fetch(`${this.base}${path}`, { headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' } });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new SalesforceApiError(res.status, 'NON_JSON_RESPONSE', text.slice(0, 200), path);
    }
    if (!res.ok) {
      const first = Array.isArray(body) ? (body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
      throw new SalesforceApiError(res.status, first?.errorCode ?? `HTTP_${res.status}`, first?.message ?? text.slice(0, 200), path);
    }
    return body;
  }

  /** Runs a SOQL query and returns every record (all pages), `attributes` removed at each level. */
  async query(soql: string): Promise<SfRecord[]> {
    this.stats.queries++;
    const out: SfRecord[] = [];
    let page = (await this.get(`/services/data/${this.version}/query?q=${encodeURIComponent(soql)}`)) as {
      records?: SfRecord[];
      done?: boolean;
      nextRecordsUrl?: string;
    };
    for (;;) {
      for (const r of page.records ?? []) out.push(strip(r));
      if (page.done !== false || !page.nextRecordsUrl) break;
      page = (await this.get(page.nextRecordsUrl)) as typeof page;
    }
    return out;
  }

  /** Runs a SOSL search and returns its searchRecords. */
  async search(sosl: string): Promise<SfRecord[]> {
    this.stats.searches++;
    const body = (await this.get(`/services/data/${this.version}/search?q=${encodeURIComponent(sosl)}`)) as { searchRecords?: SfRecord[] } | SfRecord[];
    const recs = Array.isArray(body) ? body : body.searchRecords ?? [];
    return recs.map(strip);
  }
}

function strip(r: SfRecord): SfRecord {
  const o: SfRecord = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'attributes') continue;
    o[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? strip(v as SfRecord) : v;
  }
  return o;
}

/** A SOQL string literal (quotes and backslashes escaped). */
export function lit(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `('a', 'b')` for an IN list. */
export function inList(ids: readonly string[]): string {
  return `(${ids.map(lit).join(', ')})`;
}
