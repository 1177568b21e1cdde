// The SQL worker pool: every episode's SOQL and SOSL run on worker threads, so a slow query
// occupies one worker instead of the event loop every client shares, and a query over the time
// limit is answered with QUERY_TIMEOUT.
//
// Design (chosen by measurement, docs/performance.md "Episodes"): the main thread keeps each
// episode's authoritative copy and runs its writes there (small, bounded statements); every committed
// write statement is appended to the episode store's journal (Store.startJournal). A query of an
// episode that has not written runs on any worker's pristine copy. A query of one that has written
// runs on the worker the episode's store is pinned to (a hash of its key), which keeps a fork =
// pristine image + replayed journal; each request carries only the journal entries that worker has
// not applied yet (`from`/`to`), so read-your-writes holds and steady-state replay is a few
// statements. Alternatives measured: forks on tmpfs that every worker opens (≈ 10× slower forks, and
// the SOSL index lives in a connection's TEMP schema); shipping the whole image per query (a copy
// per query). better-sqlite3 cannot interrupt a statement: on timeout the worker is terminated (its
// thread ends when the statement returns) and a fresh one takes its place. Workers hold only caches
// (rebuilt from the journals), so nothing is lost.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SalesforceError } from '../org/index.js';
import type { JournalEntry } from '../store/index.js';
import type { ForgetMessage, PoolReply, PoolRequest, PoolWorkerData } from './pool-protocol.js';

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
  /** Memory for written episodes' forks across all workers (default 2 GiB): sets each worker's fork count. */
  readonly forkBytes?: number;
}

/** A written episode's store as the pool sees it: a key (unique per store) and its journal, read at dispatch. */
export interface PinnedFork {
  readonly key: string;
  readonly journal: () => readonly JournalEntry[];
}

type Job = { readonly req: PoolRequest; readonly resolve: (v: unknown) => void; readonly reject: (e: unknown) => void; readonly pin?: PinnedFork };
type NewRequest = PoolRequest extends infer R ? (R extends PoolRequest ? Omit<R, 'id' | 'fork'> : never) : never;

interface Slot {
  worker: Worker;
  /** Distinguishes a replacement worker from the one before it (forks do not survive a replacement). */
  readonly gen: number;
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  /** When the current job was sent (performance.now()). */
  since: number;
  /** Jobs of written episodes pinned to this slot (kept across a replacement). */
  readonly pinned: Job[];
}

export const DEFAULT_FORK_BYTES = 2 * 1024 ** 3;

/**
 * A written episode's job waiting this long behind a busy worker moves to an idle one, which rebuilds
 * the fork from the journal (a few ms at scale 1) and becomes the episode's worker from then on. So a
 * slow query stalls the episodes pinned beside it for about this long, not until it ends.
 */
export const STEAL_AFTER_MS = 100;

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
  private gens = 0;
  private closed = false;
  /** What each pinned fork's worker has applied (as of the last dispatch to it). */
  private readonly applied = new Map<string, { readonly gen: number; readonly to: number }>();
  /** The slot index each written episode's store is pinned to (assigned round-robin on its first query). */
  private readonly home = new Map<string, number>();
  private nextHome = 0;
  private stealTimer: NodeJS.Timeout | undefined;
  private readonly maxForks: number;
  readonly timeoutMs: number;
  /** Workers replaced after a timeout or crash (statistics). */
  replaced = 0;
  /** Jobs of written episodes dispatched to their pinned worker, and those resent whole after an eviction (statistics). */
  pinnedRuns = 0;
  staleResends = 0;
  /** Pinned jobs moved to an idle worker because theirs was busy for STEAL_AFTER_MS (statistics). */
  steals = 0;

  constructor(private readonly opts: SqlPoolOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.shared = new SharedArrayBuffer(opts.image.length);
    Buffer.from(this.shared).set(opts.image);
    const perWorker = (opts.forkBytes ?? DEFAULT_FORK_BYTES) / Math.max(1, opts.size);
    this.maxForks = Math.max(1, Math.floor(perWorker / Math.max(1, opts.image.length)));
    if (opts.start !== false) this.start();
  }

  /** Starts the worker threads (once). */
  start(): void {
    if (this.closed || this.slots.length > 0) return;
    for (let i = 0; i < Math.max(1, this.opts.size); i++) this.slots.push(this.spawn([]));
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

  /**
   * Runs a request on a worker: on any free one over the pristine image, or with `pin` on the worker
   * that holds (or rebuilds) the fork of a written episode, brought up to its journal at dispatch.
   */
  run(req: NewRequest, pin?: PinnedFork): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('SQL pool closed'));
    if (pin && this.slots.length === 0) return Promise.reject(new Error('SQL pool not started'));
    return new Promise((resolve, reject) => {
      const job: Job = { req: { ...req, id: ++this.nextId } as PoolRequest, resolve, reject, ...(pin ? { pin } : {}) };
      if (pin) this.slotOf(pin.key).pinned.push(job);
      else this.queue.push(job);
      this.pump();
    });
  }

  /** The store behind `key` is gone (reset, delete): its worker drops the fork. */
  forget(key: string): void {
    this.drop(key);
    this.applied.delete(key);
    this.home.delete(key);
  }

  /** Tells the worker that holds the key's fork (if any) to drop it. */
  private drop(key: string): void {
    const gen = this.applied.get(key)?.gen;
    const slot = this.slots.find((s) => s.gen === gen);
    if (slot?.ready) slot.worker.postMessage({ kind: 'forget', key } satisfies ForgetMessage);
  }

  /** Slots running a job right now (statistics, tests). */
  get busy(): number {
    return this.slots.filter((s) => s.job).length;
  }

  /** Written episodes' forks each worker keeps at most. */
  get forksPerWorker(): number {
    return this.maxForks;
  }

  private slotOf(key: string): Slot {
    let i = this.home.get(key);
    if (i === undefined || i >= this.slots.length) {
      i = this.nextHome++ % this.slots.length;
      this.home.set(key, i);
    }
    return this.slots[i]!;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new Error('SQL pool closed'));
    await Promise.all(
      this.slots.map((s) => {
        clearTimeout(s.timer);
        clearTimeout(this.stealTimer);
        s.job?.reject(new Error('SQL pool closed'));
        for (const j of s.pinned.splice(0)) j.reject(new Error('SQL pool closed'));
        return s.worker.terminate();
      }),
    );
  }

  private spawn(pinned: Job[]): Slot {
    const data: PoolWorkerData = { image: this.shared, orgId: this.opts.orgId, userId: this.opts.userId, maxForks: this.maxForks };
    const worker = new Worker(workerUrl(), { workerData: data });
    const slot: Slot = { worker, gen: ++this.gens, ready: false, job: undefined, timer: undefined, since: 0, pinned };
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
        if (!m.ok && job.pin && m.error.kind !== 'salesforce') this.applied.delete(job.pin.key);
        if (!m.ok && m.error.kind === 'stale' && job.pin) {
          this.staleResends++;
          slot.pinned.unshift(job); // evicted: resent with the whole journal
        }
        else if (m.ok) job.resolve(m.value);
        else if (m.error.kind === 'salesforce') job.reject(new SalesforceError(m.error.errorCode, m.error.message, m.error.status, m.error.fields));
        else if (m.error.kind === 'bug') job.reject(Object.assign(new Error(m.error.message), { stack: m.error.stack }));
        else job.reject(new Error('SQL worker: stale fork without a pinned job'));
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
    void slot.worker.terminate();
    this.replaced++;
    // Same index (pinned forks keep their slot); their queued jobs move over, rebuilt from the journals.
    if (this.closed) this.slots.splice(i, 1);
    else this.slots[i] = this.spawn(slot.pinned);
    if (job) answer(job);
    this.pump();
  }

  private fail(slot: Slot, err: unknown): void {
    this.opts.log?.('SQL worker failed', err);
    this.replace(slot, (job) => job.reject(err instanceof Error ? err : new Error(String(err))));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const job = slot.pinned.shift() ?? this.queue.shift() ?? this.steal(slot);
      if (!job) continue;
      slot.job = job;
      slot.since = performance.now();
      slot.timer = setTimeout(() => this.replace(slot, (j) => j.reject(queryTimeout())), this.timeoutMs);
      slot.worker.postMessage(job.pin ? { ...job.req, fork: this.tail(slot, job.pin) } : job.req);
    }
    // Pinned jobs waiting behind a busy worker: look again when they may be stolen.
    if (!this.stealTimer && !this.closed && this.slots.some((s) => s.pinned.length > 0 && (s.job || !s.ready))) {
      this.stealTimer = setTimeout(() => {
        this.stealTimer = undefined;
        this.pump();
      }, STEAL_AFTER_MS);
      this.stealTimer.unref();
    }
  }

  /** A pinned job of a worker busy (or starting) for STEAL_AFTER_MS, re-pinned to the idle `to`. */
  private steal(to: Slot): Job | undefined {
    const now = performance.now();
    const from = this.slots.find((s) => s !== to && s.pinned.length > 0 && (!s.ready || (s.job !== undefined && now - s.since >= STEAL_AFTER_MS)));
    if (!from) return undefined;
    const job = from.pinned.shift()!;
    const key = job.pin!.key;
    this.drop(key);
    this.applied.delete(key);
    this.home.set(key, this.slots.indexOf(to));
    // The key's other waiting jobs follow it.
    const rest = from.pinned.splice(0);
    for (const j of rest) (j.pin!.key === key ? to.pinned : from.pinned).push(j);
    this.steals++;
    return job;
  }

  /** The journal entries the slot's worker lacks for this fork (all of them after a replacement or eviction). */
  private tail(slot: Slot, pin: PinnedFork) {
    this.pinnedRuns++;
    const journal = pin.journal();
    const known = this.applied.get(pin.key);
    const from = known && known.gen === slot.gen && known.to <= journal.length ? known.to : 0;
    const to = journal.length;
    this.applied.set(pin.key, { gen: slot.gen, to });
    return { key: pin.key, from, to, entries: journal.slice(from, to) };
  }
}
