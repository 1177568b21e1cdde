// The runner's only way into Localforce: its HTTP API. Episodes through /localforce/sessions
// (admin token), SOQL / SOSL through /services/data (the episode's bearer token), agent tools through
// /localforce/tools. A server without the sessions API is driven through one shared org (the admin
// token), which is correct for read-only agents but gives every task the server's clock.
import type { ToolSpec } from './llm.js';

export const API_VERSION = 'v59.0';

export class LocalforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
  /** CRMArena's connector writes failures as "<errorCode>: <message>". */
  get observation(): string {
    return `${this.errorCode}: ${this.message}`;
  }
}

export type Rec = Record<string, unknown>;

export interface EpisodeHandle {
  readonly id: string | null;
  readonly token: string;
}

export interface ToolResult {
  readonly value: unknown;
  readonly observation: string;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorOf(status: number, body: unknown): LocalforceError {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: unknown; message?: unknown } | undefined) : (body as { errorCode?: unknown; message?: unknown } | null);
  const code = typeof first?.errorCode === 'string' ? first.errorCode : `HTTP_${status}`;
  const message = typeof first?.message === 'string' ? first.message : typeof body === 'string' ? body.slice(0, 300) : `HTTP ${status}`;
  return new LocalforceError(status, code, message);
}

export class LocalforceClient {
  readonly base: string;
  private sessionsSupported: boolean | undefined;

  constructor(
    url: string,
    readonly adminToken: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  async request(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await readBody(res) };
  }

  /** A fresh episode whose clock starts at `now`; the shared org when the server has no sessions API. */
  async createEpisode(opts: { now?: string; label?: string }): Promise<EpisodeHandle> {
    if (this.sessionsSupported !== false) {
      const r = await this.request('POST', '/localforce/sessions', this.adminToken, opts);
      if (r.status === 201 || r.status === 200) {
        this.sessionsSupported = true;
        const b = r.body as { id?: unknown; token?: unknown };
        if (typeof b?.id !== 'string' || typeof b.token !== 'string') throw new LocalforceError(r.status, 'BAD_SESSION_RESPONSE', 'the sessions API answered without id/token');
        return { id: b.id, token: b.token };
      }
      if (r.status !== 404 || this.sessionsSupported === true) throw errorOf(r.status, r.body);
      this.sessionsSupported = false;
    }
    return { id: null, token: this.adminToken };
  }

  get episodes(): 'isolated' | 'shared' | 'unknown' {
    return this.sessionsSupported === undefined ? 'unknown' : this.sessionsSupported ? 'isolated' : 'shared';
  }

  async deleteEpisode(ep: EpisodeHandle): Promise<void> {
    if (ep.id === null) return;
    const r = await this.request('DELETE', `/localforce/sessions/${encodeURIComponent(ep.id)}`, this.adminToken);
    if (r.status >= 400 && r.status !== 404) throw errorOf(r.status, r.body);
  }

  /** Every record of a SOQL query (follows nextRecordsUrl, as simple_salesforce's query_all). */
  async query(token: string, soql: string): Promise<{ totalSize: number; records: Rec[] }> {
    let r = await this.request('GET', `/services/data/${API_VERSION}/query?q=${encodeURIComponent(soql)}`, token);
    const records: Rec[] = [];
    let totalSize = 0;
    for (;;) {
      if (r.status >= 400) throw errorOf(r.status, r.body);
      const page = r.body as { totalSize?: number; records?: Rec[]; done?: boolean; nextRecordsUrl?: string };
      totalSize = page.totalSize ?? totalSize;
      records.push(...(page.records ?? []));
      if (page.done !== false || !page.nextRecordsUrl) break;
      r = await this.request('GET', page.nextRecordsUrl, token);
    }
    return { totalSize, records };
  }

  async search(token: string, sosl: string): Promise<Rec[]> {
    const r = await this.request('GET', `/services/data/${API_VERSION}/search?q=${encodeURIComponent(sosl)}`, token);
    if (r.status >= 400) throw errorOf(r.status, r.body);
    const b = r.body as { searchRecords?: Rec[] } | Rec[];
    return Array.isArray(b) ? b : (b?.searchRecords ?? []);
  }

  /** The OpenAI tools JSON of a tool set (crmarena | crmarena-full | generic). */
  async tools(token: string, set: string): Promise<ToolSpec[]> {
    const r = await this.request('GET', `/localforce/tools?set=${encodeURIComponent(set)}`, token);
    if (r.status >= 400) throw errorOf(r.status, r.body);
    const b = r.body as ToolSpec[] | { tools?: ToolSpec[] };
    const list = Array.isArray(b) ? b : b?.tools;
    if (!Array.isArray(list)) throw new LocalforceError(r.status, 'BAD_TOOLS_RESPONSE', 'the tools API did not answer a list');
    return list;
  }

  async callTool(token: string, name: string, args: unknown): Promise<ToolResult> {
    const r = await this.request('POST', `/localforce/tools/${encodeURIComponent(name)}`, token, args ?? {});
    if (r.status >= 400) throw errorOf(r.status, r.body);
    const b = r.body as { value?: unknown; observation?: unknown };
    return { value: b?.value, observation: typeof b?.observation === 'string' ? b.observation : JSON.stringify(b?.value ?? null) };
  }
}
