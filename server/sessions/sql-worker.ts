// A SQL worker thread: holds its own in-memory copy of the PRISTINE org and answers SOQL / SOSL for
// any episode that has not written yet (server/sessions/pool.ts). For an episode that has written,
// it keeps a fork (least recently used out, at most `maxForks`): the pristine image plus the
// episode's write journal, replayed up to what each request says. The pool pins such an episode to
// one worker, so each request only carries the journal's new tail.
//
// Nothing here is authoritative: the main thread holds every episode's own copy and the journal, so
// the pool may terminate this worker at any time (a query past the time limit) and start a fresh one
// that rebuilds forks from the journals on demand.
import { parentPort, workerData } from 'node:worker_threads';
import type { OrgDeps } from '../org/index.js';
import { SalesforceError } from '../org/index.js';
import { QueryService } from '../org/index.js';
import { SearchService } from '../org/index.js';
import { explainQuery } from '../org/index.js';
import { Store } from '../store/index.js';
import type { WireQuery } from './wire-json.js';
import { assertNever, type ForgetMessage, type ForkState, type PoolReply, type PoolRequest, type PoolWorkerData } from './pool-protocol.js';

const data = workerData as PoolWorkerData;
const image = Buffer.from(data.image);

interface Copy {
  readonly store: Store;
  readonly query: QueryService;
  readonly search: SearchService;
  /** Journal entries applied so far. */
  applied: number;
}

function open(label: string): Copy {
  const store = Store.fromImage(image, { label });
  const deps: OrgDeps = { store, now: () => new Date(0), timeZone: 'GMT', orgId: data.orgId, userId: data.userId };
  const query = new QueryService(deps);
  return { store, query, search: new SearchService(deps, { soql: query }), applied: 0 };
}

const pristine = open(':pool:');
/** Episode forks by key, least recently used first. */
const forks = new Map<string, Copy>();

class Stale extends Error {}

/** The fork a request names, brought up to `to` (created from the image when `from` is 0). */
function forkFor(f: ForkState): Copy {
  let c = forks.get(f.key);
  if (c && c.applied !== f.from) {
    drop(f.key);
    c = undefined;
  }
  if (!c) {
    if (f.from !== 0) throw new Stale();
    c = open(':fork:');
  }
  forks.delete(f.key);
  forks.set(f.key, c);
  if (f.entries.length > 0) {
    const copy = c;
    try {
      copy.store.transaction(() => {
        for (const e of f.entries) copy.store.run(e.sql, e.params);
      });
    } catch (e) {
      drop(f.key);
      throw e;
    }
  }
  c.applied = f.to;
  while (forks.size > Math.max(1, data.maxForks)) drop(forks.keys().next().value!);
  return c;
}

function drop(key: string): void {
  forks.get(key)?.store.close();
  forks.delete(key);
}

function run(req: PoolRequest, c: Copy): unknown {
  const ctx = { now: new Date(req.now), timeZone: req.timeZone, apiVersion: req.apiVersion };
  switch (req.kind) {
    case 'query': {
      // Serialised here, off the main thread (wire-json.ts).
      const r = c.query.query(req.text, { ...ctx, includeDeleted: req.includeDeleted });
      return { totalSize: r.totalSize, aggregate: r.aggregate, size: r.records.length, json: JSON.stringify(r.records) } satisfies WireQuery;
    }
    case 'search':
      return JSON.stringify(c.search.search(req.text, ctx));
    case 'parameterizedSearch':
      return JSON.stringify(c.search.parameterizedSearch(req.params, ctx));
    case 'explain':
      return explainQuery(c.query, c.store, req.text, { ...ctx, includeDeleted: req.includeDeleted });
    case 'contentHash':
      return c.store.contentHash();
    default:
      return assertNever(req);
  }
}

function answer(req: PoolRequest): PoolReply {
  try {
    return { id: req.id, ok: true, value: run(req, req.fork ? forkFor(req.fork) : pristine) };
  } catch (e) {
    if (e instanceof Stale) return { id: req.id, ok: false, error: { kind: 'stale' } };
    if (e instanceof SalesforceError) {
      return { id: req.id, ok: false, error: { kind: 'salesforce', errorCode: e.errorCode, message: e.message, status: e.status, ...(e.fields ? { fields: [...e.fields] } : {}) } };
    }
    const err = e instanceof Error ? e : new Error(String(e));
    return { id: req.id, ok: false, error: { kind: 'bug', message: err.message, stack: err.stack ?? err.message } };
  }
}

parentPort!.on('message', (m: PoolRequest | ForgetMessage) => {
  if (m.kind === 'forget') drop(m.key);
  else parentPort!.postMessage(answer(m));
});
parentPort!.postMessage({ ready: true });
