// Messages between the SQL pool (pool.ts) and its worker threads (sql-worker.ts).
import type { ErrorCode } from '../org/index.js';
import type { JournalEntry } from '../store/index.js';

export interface PoolWorkerData {
  /** The pristine image (shared, read-only). */
  readonly image: SharedArrayBuffer;
  readonly orgId: string;
  readonly userId: string;
  /** Most episode forks one worker keeps (least recently used out; an evicted one is rebuilt from its journal). */
  readonly maxForks: number;
}

/**
 * A written episode's state, sent with each of its queries: the worker's fork `key` (one per episode
 * store) is the image plus the episode's journal; the request carries the entries `[from, to)` the
 * worker has not applied yet (`from` 0: the whole journal, the fork is rebuilt from the image).
 */
export interface ForkState {
  readonly key: string;
  readonly from: number;
  readonly to: number;
  readonly entries: readonly JournalEntry[];
}

interface Base {
  readonly id: number;
  /** The episode clock (ms since epoch) and time zone at the time of the request. */
  readonly now: number;
  readonly timeZone: string;
  readonly apiVersion: string;
  /** Absent: the pristine image answers (an episode that has not written). */
  readonly fork?: ForkState;
}

export type PoolRequest =
  | (Base & { readonly kind: 'query'; readonly text: string; readonly includeDeleted: boolean })
  | (Base & { readonly kind: 'search'; readonly text: string })
  | (Base & { readonly kind: 'parameterizedSearch'; readonly params: unknown })
  /** `query?explain=`: the plan and its row count (server/org/explain.ts). */
  | (Base & { readonly kind: 'explain'; readonly text: string | undefined; readonly includeDeleted: boolean })
  /** The image's canonical content hash (Store.contentHash), computed off the event loop at start. */
  | (Base & { readonly kind: 'contentHash' });

/** Not a job: the worker drops a fork it will not be asked about again (reset, delete). No reply. */
export interface ForgetMessage {
  readonly kind: 'forget';
  readonly key: string;
}

export type PoolError =
  | { readonly kind: 'salesforce'; readonly errorCode: ErrorCode; readonly message: string; readonly status: number; readonly fields?: string[] }
  | { readonly kind: 'bug'; readonly message: string; readonly stack: string }
  /** The worker no longer holds the fork at `from` (evicted): the pool resends the whole journal. */
  | { readonly kind: 'stale' };

export type PoolReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: PoolError };

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
