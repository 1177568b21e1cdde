// Messages between the SQL pool (pool.ts) and its worker threads (sql-worker.ts).
import type { ErrorCode } from '../org/index.js';

export interface PoolWorkerData {
  /** The pristine image (shared, read-only). */
  readonly image: SharedArrayBuffer;
  readonly orgId: string;
  readonly userId: string;
}

interface Base {
  readonly id: number;
  /** The episode clock (ms since epoch) and time zone at the time of the request. */
  readonly now: number;
  readonly timeZone: string;
  readonly apiVersion: string;
}

export type PoolRequest =
  | (Base & { readonly kind: 'query'; readonly text: string; readonly includeDeleted: boolean })
  | (Base & { readonly kind: 'search'; readonly text: string })
  | (Base & { readonly kind: 'parameterizedSearch'; readonly params: unknown })
  /** The image's canonical content hash (Store.contentHash), computed off the event loop at start. */
  | (Base & { readonly kind: 'contentHash' });

export type PoolError =
  | { readonly kind: 'salesforce'; readonly errorCode: ErrorCode; readonly message: string; readonly status: number; readonly fields?: string[] }
  | { readonly kind: 'bug'; readonly message: string; readonly stack: string };

export type PoolReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: PoolError };

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
