// Requests made of subrequests: `composite` (a sequence with `@{ref.path}` references, allOrNone),
// `composite/batch` (independent subrequests, haltOnError) and `composite/graph` (several composite
// sequences, each all-or-nothing). Every subrequest runs through an injected SubDispatch — the REST
// resource table (server/http/resource.ts) — so it answers exactly as the same request sent directly.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_batch.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph.htm
import { SalesforceError } from '../soql/index.js';
import type { Store } from '../store/index.js';

/** What a subrequest answers: `body` undefined means no body (204, 304). */
export interface SubOutcome {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/**
 * Runs one subrequest exactly as the same request sent directly. It must settle without yielding to
 * other requests (no worker pool): composite requests hold a savepoint while their subrequests run.
 */
export type SubDispatch = (req: { method: string; url: string; body?: unknown; headers?: Readonly<Record<string, string>> }) => Promise<SubOutcome>;

export interface SubRequest {
  readonly method: string;
  readonly url: string;
  readonly referenceId: string;
  readonly body?: unknown;
  readonly httpHeaders?: Readonly<Record<string, string>>;
}

export interface SubResponse {
  readonly body: unknown;
  readonly httpHeaders: Readonly<Record<string, string>>;
  readonly httpStatusCode: number;
  readonly referenceId: string;
}

export interface BatchResponse {
  readonly hasErrors: boolean;
  readonly results: readonly { statusCode: number; result: unknown }[];
}

export interface GraphRequest {
  readonly graphId: string;
  readonly compositeRequest: readonly SubRequest[];
}

export interface GraphResponse {
  readonly graphs: readonly { graphId: string; graphResponse: { compositeResponse: SubResponse[] }; isSuccessful: boolean }[];
}

export const MAX_SUBREQUESTS = 25;

// Composite Graph Limits (REST API Developer Guide):
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph_limits.htm
export const GRAPH_LIMITS = {
  /** graphs in one payload */
  graphs: 75,
  /** nodes in one graph, and in the whole payload */
  nodes: 500,
  /** longest chain of references within a graph */
  depth: 15,
  /** distinct nodes (API version × HTTP method × sObject type) in one payload */
  distinct: 15,
  /** failed graphs after which the remaining ones are not processed */
  failures: 14,
} as const;

const HALTED_ROLLBACK = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];
const HALTED_LIMIT = [{ errorCode: 'PROCESSING_HALTED', message: `Processing halted: more than ${GRAPH_LIMITS.failures} graphs of this request failed.` }];
const REFERENCE = /@\{([^}]*)\}/g;

/** Composite, batch and graph requests to one store run one at a time: their savepoints must not interleave. */
const queues = new WeakMap<Store, Promise<unknown>>();

function serial<T>(store: Store, run: () => Promise<T>): Promise<T> {
  const next = (queues.get(store) ?? Promise.resolve()).then(run, run);
  queues.set(store, next.catch(() => undefined));
  return next;
}

/** Runs `body` inside a savepoint: released when it returns `keep`, rolled back otherwise or on a throw. */
async function savepoint<T>(store: Store, name: string, body: () => Promise<{ value: T; keep: boolean }>): Promise<T> {
  store.run(`SAVEPOINT ${name}`);
  let keep = false;
  try {
    const r = await body();
    keep = r.keep;
    return r.value;
  } finally {
    if (!keep) store.run(`ROLLBACK TO ${name}`);
    store.run(`RELEASE ${name}`);
  }
}

class InvalidReference extends Error {}

export class SubrequestRunner {
  constructor(
    private readonly store: Store,
    private readonly run: SubDispatch,
  ) {}

  // ── POST /composite ──────────────────────────────────────────────────────────────────────────

  composite(requests: readonly SubRequest[], allOrNone: boolean): Promise<{ compositeResponse: SubResponse[] }> {
    if (requests.length > MAX_SUBREQUESTS) {
      throw new SalesforceError('INVALID_FIELD', `Composite request limit exceeded: at most ${MAX_SUBREQUESTS} subrequests are allowed`, 400);
    }
    uniqueReferences(requests);
    // One savepoint around the whole request; with allOrNone=false it is released at the end (each
    // subrequest's writes stand). A subrequest that fails unexpectedly (a bug) undoes the whole
    // request instead of answering 500 after some of its writes were kept.
    return serial(this.store, () =>
      savepoint(this.store, 'lf_composite', async () => {
        const r = await this.sequence(requests, allOrNone);
        return { value: { compositeResponse: r.responses }, keep: !(allOrNone && r.failed) };
      }),
    );
  }

  /**
   * Runs subrequests in order, resolving references to earlier ones. With `allOrNone`, the first
   * failure stops the sequence and every other subrequest answers PROCESSING_HALTED (the caller rolls
   * back); without it, only subrequests referring to a failed one fail.
   */
  private async sequence(requests: readonly SubRequest[], allOrNone: boolean, allowed?: (method: string, url: string) => SalesforceError | null) {
    const outcomes = new Map<string, SubOutcome>();
    const responses: SubResponse[] = [];
    let failedAt = -1;
    for (let i = 0; i < requests.length; i++) {
      const sub = requests[i]!;
      if (allOrNone && failedAt >= 0) {
        responses.push({ body: HALTED_ROLLBACK, httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId });
        continue;
      }
      let outcome: SubOutcome;
      try {
        const url = resolveString(sub.url, outcomes, true) as string;
        const body = resolveDeep(sub.body, outcomes);
        const refused = allowed?.(sub.method.toUpperCase(), url) ?? null;
        outcome = refused
          ? { status: refused.status, headers: {}, body: refused.toWire() }
          : await this.run({ method: sub.method.toUpperCase(), url, body, headers: sub.httpHeaders ?? {} });
      } catch (e) {
        if (!(e instanceof InvalidReference)) throw e;
        outcome = { status: 400, headers: {}, body: [{ errorCode: 'PROCESSING_HALTED', message: e.message }] };
      }
      outcomes.set(sub.referenceId, outcome);
      responses.push({ body: outcome.body ?? null, httpHeaders: outcome.headers, httpStatusCode: outcome.status, referenceId: sub.referenceId });
      if (outcome.status >= 400 && failedAt < 0) failedAt = i;
    }
    if (allOrNone && failedAt >= 0) {
      for (let i = 0; i < failedAt; i++) responses[i] = { body: HALTED_ROLLBACK, httpHeaders: {}, httpStatusCode: 400, referenceId: responses[i]!.referenceId };
    }
    return { responses, failed: failedAt >= 0 };
  }

  // ── POST /composite/batch ────────────────────────────────────────────────────────────────────

  /** Independent subrequests (no references); `haltOnError` stops after a failure. */
  batch(requests: readonly { method: string; url: string; richInput?: unknown }[], haltOnError: boolean): Promise<BatchResponse> {
    if (requests.length > MAX_SUBREQUESTS) {
      throw new SalesforceError('INVALID_FIELD', `Batch request limit exceeded: at most ${MAX_SUBREQUESTS} subrequests are allowed`, 400);
    }
    // Subrequests are independent, but one that fails unexpectedly (a bug) undoes the whole batch
    // rather than answering 500 after earlier subrequests were written.
    return serial(this.store, () =>
      savepoint(this.store, 'lf_batch', async () => {
        const results: { statusCode: number; result: unknown }[] = [];
        let halted = false;
        for (const r of requests) {
          if (halted) {
            results.push({ statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] });
            continue;
          }
          // Batch URLs may omit `/services/data/` (`v59.0/sobjects/…`).
          const url = r.url.startsWith('/') ? r.url : `/services/data/${r.url}`;
          const out = await this.run({ method: r.method.toUpperCase(), url, body: r.richInput });
          results.push({ statusCode: out.status, result: out.body ?? null });
          if (out.status >= 400 && haltOnError) halted = true;
        }
        return { value: { hasErrors: results.some((x) => x.statusCode >= 400), results }, keep: true };
      }),
    );
  }

  // ── POST /composite/graph ────────────────────────────────────────────────────────────────────

  /**
   * Each graph runs like an allOrNone composite request in its own savepoint: all of its nodes
   * succeed, or none of its writes are kept and `isSuccessful` is false. Graphs are independent;
   * references reach only nodes of the same graph.
   */
  graph(graphs: readonly GraphRequest[]): Promise<GraphResponse> {
    checkGraphs(graphs);
    // Graphs commit one by one; a subrequest that fails unexpectedly (a bug) still undoes the whole request.
    return serial(this.store, () => savepoint(this.store, 'lf_graphs', async () => ({ value: await this.graphsNow(graphs), keep: true })));
  }

  private async graphsNow(graphs: readonly GraphRequest[]): Promise<GraphResponse> {
    const out: { graphId: string; graphResponse: { compositeResponse: SubResponse[] }; isSuccessful: boolean }[] = [];
    let failures = 0;
    for (const g of graphs) {
      if (failures > GRAPH_LIMITS.failures) {
        const halted = g.compositeRequest.map((s) => ({ body: HALTED_LIMIT, httpHeaders: {}, httpStatusCode: 400, referenceId: s.referenceId }));
        out.push({ graphId: g.graphId, graphResponse: { compositeResponse: halted }, isSuccessful: false });
        continue;
      }
      const r = await savepoint(this.store, 'lf_graph', async () => {
        const seq = await this.sequence(g.compositeRequest, true, graphNodeRefusal);
        return { value: seq, keep: !seq.failed };
      });
      if (r.failed) failures++;
      out.push({ graphId: g.graphId, graphResponse: { compositeResponse: r.responses }, isSuccessful: !r.failed });
    }
    return { graphs: out };
  }
}

// ── checks ─────────────────────────────────────────────────────────────────────────────────────

function uniqueReferences(requests: readonly SubRequest[]): void {
  const seen = new Set<string>();
  for (const r of requests) {
    if (seen.has(r.referenceId)) throw new SalesforceError('JSON_PARSER_ERROR', `Duplicate ReferenceId provided in the request: ${r.referenceId}`, 400);
    seen.add(r.referenceId);
  }
}

const graphLimit = (what: string) => new SalesforceError('INVALID_FIELD', `Composite graph limit exceeded: ${what}`, 400);

/** The documented limits and graphId rules; a violation refuses the whole request (the texts are Localforce's). */
function checkGraphs(graphs: readonly GraphRequest[]): void {
  if (graphs.length === 0) throw new SalesforceError('JSON_PARSER_ERROR', 'Invalid request body at graphs: at least one graph is required', 400);
  if (graphs.length > GRAPH_LIMITS.graphs) throw graphLimit(`at most ${GRAPH_LIMITS.graphs} graphs are allowed in one request`);
  const ids = new Set<string>();
  const distinct = new Set<string>();
  let nodes = 0;
  for (const g of graphs) {
    // graphId: unique in the request, starting with an alphanumeric character (Composite Graph, "Defining Composite Graphs").
    if (!/^[A-Za-z0-9]/.test(g.graphId)) throw new SalesforceError('JSON_PARSER_ERROR', `Invalid graphId '${g.graphId}': a graphId must begin with an alphanumeric character`, 400);
    if (ids.has(g.graphId)) throw new SalesforceError('JSON_PARSER_ERROR', `Duplicate graphId provided in the request: ${g.graphId}`, 400);
    ids.add(g.graphId);
    uniqueReferences(g.compositeRequest);
    nodes += g.compositeRequest.length;
    if (g.compositeRequest.length > GRAPH_LIMITS.nodes) throw graphLimit(`at most ${GRAPH_LIMITS.nodes} nodes are allowed in one graph`);
    if (graphDepth(g.compositeRequest) > GRAPH_LIMITS.depth) throw graphLimit(`graph ${g.graphId} is deeper than ${GRAPH_LIMITS.depth} nodes`);
    for (const s of g.compositeRequest) distinct.add(nodeKind(s));
  }
  if (nodes > GRAPH_LIMITS.nodes) throw graphLimit(`at most ${GRAPH_LIMITS.nodes} nodes are allowed in one request`);
  if (distinct.size > GRAPH_LIMITS.distinct) throw graphLimit(`at most ${GRAPH_LIMITS.distinct} different nodes (API version, HTTP method, sObject type) are allowed in one request`);
}

/** Version × method × sObject type: what makes two nodes "different" for the limit. */
function nodeKind(s: SubRequest): string {
  const m = /^\/services\/data\/([^/]+)\/sobjects\/([^/?]+)/i.exec(s.url);
  return `${m?.[1] ?? ''}|${s.method.toUpperCase()}|${(m?.[2] ?? s.url).toLowerCase()}`;
}

/** The longest chain of references (a node referring to none has depth 1). */
export function graphDepth(nodes: readonly SubRequest[]): number {
  const depth = new Map<string, number>();
  let max = 0;
  for (const n of nodes) {
    let d = 1;
    const text = `${n.url} ${JSON.stringify(n.body ?? null)}`;
    for (const m of text.matchAll(REFERENCE)) {
      const ref = /^\s*([A-Za-z0-9_]+)/.exec(m[1]!)?.[1];
      const dr = ref === undefined ? undefined : depth.get(ref);
      if (dr !== undefined) d = Math.max(d, dr + 1);
    }
    depth.set(n.referenceId, d);
    max = Math.max(max, d);
  }
  return max;
}

/**
 * Graph nodes may only be sObject rows: `sobjects/T` POST, `sobjects/T/id` GET PATCH DELETE,
 * `sobjects/T/field/value` GET PATCH POST DELETE ("Composite Graph", supported URLs).
 */
function graphNodeRefusal(method: string, url: string): SalesforceError | null {
  const path = url.split('?')[0]!.replace(/\/+$/, '');
  const m = /^\/services\/data\/[^/]+\/sobjects((?:\/[^/]+){1,3})$/i.exec(path);
  const depth = m ? m[1]!.split('/').length - 1 : 0;
  const ok = (depth === 1 && method === 'POST') || (depth === 2 && ['GET', 'PATCH', 'DELETE'].includes(method)) || (depth === 3 && ['GET', 'PATCH', 'POST', 'DELETE'].includes(method));
  if (ok) return null;
  return new SalesforceError('NOT_FOUND', `Composite graph nodes can only be sObject rows (POST sobjects/T; GET, PATCH, DELETE sobjects/T/id; sobjects/T/field/value), not ${method} ${path}`, 404);
}

// ── references ─────────────────────────────────────────────────────────────────────────────────

function lookup(expr: string, outcomes: ReadonlyMap<string, SubOutcome>): unknown {
  const m = /^([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)$/.exec(expr.trim());
  if (!m) throw new InvalidReference(`Invalid reference specified. Reference expression ${expr} is not valid.`);
  const ref = m[1]!;
  const out = outcomes.get(ref);
  const fail = () =>
    new InvalidReference(
      `Invalid reference specified. No value for ${expr} found in ${ref}. Provided referenceId ('${ref}') must be the referenceId of a previous successful subrequest.`,
    );
  if (!out || out.status >= 400) throw fail();
  let cur: unknown = out.body;
  for (const step of m[2]!.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
    if (cur === null || typeof cur !== 'object') throw fail();
    if (step[1] !== undefined) {
      const key = Object.keys(cur as object).find((k) => k.toLowerCase() === step[1]!.toLowerCase());
      if (key === undefined) throw fail();
      cur = (cur as Record<string, unknown>)[key];
    } else {
      if (!Array.isArray(cur)) throw fail();
      cur = cur[Number(step[2])];
    }
  }
  if (cur === undefined) throw fail();
  return cur;
}

/** Replaces `@{ref.path}` in a string; a string that is exactly one reference takes the value's JSON type. */
function resolveString(s: string, outcomes: ReadonlyMap<string, SubOutcome>, forceString = false): unknown {
  const whole = /^@\{([^}]*)\}$/.exec(s);
  if (whole && !forceString) return lookup(whole[1]!, outcomes);
  return s.replace(REFERENCE, (_m, expr: string) => {
    const v = lookup(expr, outcomes);
    return v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

function resolveDeep(v: unknown, outcomes: ReadonlyMap<string, SubOutcome>): unknown {
  if (typeof v === 'string') return v.includes('@{') ? resolveString(v, outcomes) : v;
  if (Array.isArray(v)) return v.map((x) => resolveDeep(x, outcomes));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = resolveDeep(x, outcomes);
    return out;
  }
  return v;
}
