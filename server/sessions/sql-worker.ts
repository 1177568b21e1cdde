// A SQL worker thread: holds its own in-memory copy of the PRISTINE org and answers SOQL / SOSL for
// any episode that has not written yet (server/sessions/pool.ts). Because its copy is never written,
// the worker is disposable: the pool terminates it when a query runs past the time limit and starts
// a fresh one, without losing any episode's data.
import { parentPort, workerData } from 'node:worker_threads';
import type { OrgDeps } from '../org/index.js';
import { SalesforceError } from '../org/index.js';
import { QueryService } from '../org/index.js';
import { SearchService } from '../org/index.js';
import { Store } from '../store/index.js';
import { assertNever, type PoolReply, type PoolRequest, type PoolWorkerData } from './pool-protocol.js';

const data = workerData as PoolWorkerData;
const store = Store.fromImage(Buffer.from(data.image), { label: ':pool:' });
const deps: OrgDeps = { store, now: () => new Date(0), timeZone: 'GMT', orgId: data.orgId, userId: data.userId };
const query = new QueryService(deps);
const search = new SearchService(deps, { soql: query });

function answer(req: PoolRequest): PoolReply {
  try {
    const ctx = { now: new Date(req.now), timeZone: req.timeZone, apiVersion: req.apiVersion };
    switch (req.kind) {
      case 'query': {
        const r = query.query(req.text, { ...ctx, includeDeleted: req.includeDeleted });
        return { id: req.id, ok: true, value: { totalSize: r.totalSize, records: r.records, aggregate: r.aggregate } };
      }
      case 'search':
        return { id: req.id, ok: true, value: search.search(req.text, ctx) };
      case 'parameterizedSearch':
        return { id: req.id, ok: true, value: search.parameterizedSearch(req.params, ctx) };
      case 'contentHash':
        return { id: req.id, ok: true, value: store.contentHash() };
      default:
        return assertNever(req);
    }
  } catch (e) {
    if (e instanceof SalesforceError) {
      return { id: req.id, ok: false, error: { kind: 'salesforce', errorCode: e.errorCode, message: e.message, status: e.status, ...(e.fields ? { fields: [...e.fields] } : {}) } };
    }
    const err = e instanceof Error ? e : new Error(String(e));
    return { id: req.id, ok: false, error: { kind: 'bug', message: err.message, stack: err.stack ?? err.message } };
  }
}

parentPort!.on('message', (req: PoolRequest) => parentPort!.postMessage(answer(req)));
parentPort!.postMessage({ ready: true });
