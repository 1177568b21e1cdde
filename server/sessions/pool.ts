// The SQL worker pool: SOQL and SOSL of episodes that have not written yet run on worker threads,
// each holding its own copy of the pristine org, so a slow query occupies one worker instead of the
// event loop every client shares, and a query over the time limit is answered with QUERY_TIMEOUT.
//
// Why only unwritten episodes: a fork is an in-memory database (host.ts), visible only to the
// connection and thread that hold it, so a worker can answer for an episode only while the episode
// is still identical to the image every worker holds. CRMArena agents mostly read, so this covers
// the common case; an episode that has written runs its SQL on the main thread (no time limit).
// better-sqlite3 cannot interrupt a statement: on timeout the worker is terminated (its thread ends
// when the statement returns) and a fresh one takes its place. Its copy is never written, so
// nothing is lost.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SalesforceError } from '../org/index.js';
import type { PoolReply, PoolRequest, PoolWorkerData } from './pool-protocol.js';

export const DEFAULT_QUERY_TIMEOUT_MS = 120_000;

/** Salesforce's answer to a query that runs too long. */
export const queryTimeout = (): SalesforceError => new SalesforceError('QUERY_TIMEOUT', 'Your query request was running for too long.', 400);

export interface SqlPoolOptions {
  readonly image: Buffer;
  readonly size: number;
  readonly timeoutMs?: number;
  readonly orgId: string;
  readonly userId: string;
  /** Where unexpected worker failures are reported. */
  readonly log?: (message: string, err?: unknown) => void;
  /** false: no threads until start() (serve starts them after listening, so they do not delay it). */
  readonly start?: boolean;
}

type Job = { readonly req: PoolRequest; readonly resolve: (v: unknown) => void; readonly reject: (e: unknown) => void };
type NewRequest = PoolRequest extends infer R ? (R extends PoolRequest ? Omit<R, 'id'> : never) : never;

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** The worker script: beside this module once built; from TypeScript sources (tests), the built copy in dist/. */
function workerUrl(): URL {
  const here = new URL('./sql-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../dist/server/sessions/sql-worker.js', import.meta.url);
}

export class SqlPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly shared: SharedArrayBuffer;
  private nextId = 0;
  private closed = false;
  readonly timeoutMs: number;
  /** Workers replaced after a timeout or crash (statistics). */
  replaced = 0;

  constructor(private readonly opts: SqlPoolOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.shared = new SharedArrayBuffer(opts.image.length);
    Buffer.from(this.shared).set(opts.image);
    if (opts.start !== false) this.start();
  }

  /** Starts the worker threads (once). */
  start(): void {
    if (this.closed || this.slots.length > 0) return;
    for (let i = 0; i < Math.max(1, this.opts.size); i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Whether any worker has loaded its copy (until then callers run SQL themselves: server start). */
  get started(): boolean {
    return this.slots.some((s) => s.ready);
  }

  /** Resolves when every worker has loaded its copy (jobs sent earlier wait in the queue). Each worker builds its SOSL index on its first search. */
  async ready(): Promise<void> {
    while (!this.closed && this.slots.some((s) => !s.ready)) await new Promise((r) => setTimeout(r, 10));
  }

  run(req: NewRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('SQL pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { ...req, id: ++this.nextId } as PoolRequest, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new Error('SQL pool closed'));
    await Promise.all(
      this.slots.map((s) => {
        clearTimeout(s.timer);
        s.job?.reject(new Error('SQL pool closed'));
        return s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const data: PoolWorkerData = { image: this.shared, orgId: this.opts.orgId, userId: this.opts.userId };
    const worker = new Worker(workerUrl(), { workerData: data });
    const slot: Slot = { worker, ready: false, job: undefined, timer: undefined };
    worker.on('message', (m: PoolReply | { ready: true }) => {
      if ('ready' in m) {
        slot.ready = true;
        this.pump();
        return;
      }
      const job = slot.job;
      clearTimeout(slot.timer);
      slot.job = undefined;
      slot.timer = undefined;
      if (job && job.req.id === m.id) {
        if (m.ok) job.resolve(m.value);
        else if (m.error.kind === 'salesforce') job.reject(new SalesforceError(m.error.errorCode, m.error.message, m.error.status, m.error.fields));
        else job.reject(Object.assign(new Error(m.error.message), { stack: m.error.stack }));
      }
      this.pump();
    });
    worker.on('error', (err) => this.fail(slot, err));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.fail(slot, new Error(`SQL worker exited with code ${code}`));
    });
    worker.unref();
    return slot;
  }

  /** A worker died or overran: answer its job, replace it, carry on. */
  private replace(slot: Slot, answer: (job: Job) => void): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    this.replaced++;
    if (!this.closed) this.slots.push(this.spawn());
    if (job) answer(job);
    this.pump();
  }

  private fail(slot: Slot, err: unknown): void {
    this.opts.log?.('SQL worker failed', err);
    this.replace(slot, (job) => job.reject(err instanceof Error ? err : new Error(String(err))));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.replace(slot, (j) => j.reject(queryTimeout())), this.timeoutMs);
      slot.worker.postMessage(job.req);
    }
  }
}
