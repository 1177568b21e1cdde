// Query locators for queryMore (`/query/01g…-2000`): finished result sets held in memory, bounded
// three ways so that no client can grow the process without limit:
//   - per store (one store per episode) and per user: at most 10 open cursors, the oldest released
//     first, as Salesforce does ("A user can have up to 10 query cursors open at a time");
//   - per store: a byte budget (estimated JSON size of the held records);
//   - globally, over every store that shares a CursorBudget: a byte budget with LRU eviction.
// An evicted or foreign locator answers INVALID_QUERY_LOCATOR. A locator is only valid for the store
// and user that created it. Ids are counter-based (`makeId('01g', n)`), so runs are reproducible.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query_more_results.htm
// https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm
import { makeId } from '../../schema/index.js';
import { SalesforceError } from '../soql/errors.js';

export interface CursorPage {
  readonly totalSize: number;
  readonly records: readonly unknown[];
  /** The locator of the next page (`01g…-4000`), or null when this page is the last. */
  readonly nextLocator: string | null;
}

interface Cursor {
  readonly records: readonly unknown[];
  readonly totalSize: number;
  readonly owner: string;
  readonly bytes: number;
}

export interface CursorStoreOptions {
  /** Most result sets kept per user (Salesforce: 10; the oldest is released first). */
  readonly maxCursors?: number;
  /** Most records kept over all of this store's result sets. */
  readonly maxRecords?: number;
  /** Most estimated bytes kept over all of this store's result sets (default 256 MiB). */
  readonly maxBytes?: number;
  /** A budget shared with other stores (one per server); without one the store has its own. */
  readonly budget?: CursorBudget;
}

const LOCATOR = /^(01g[a-zA-Z0-9]{15})-(\d{1,10})$/;
const MiB = 1024 * 1024;

/**
 * A byte budget shared by many cursor stores, with one LRU over all of them, and the locator
 * counter (so locators are unique across stores and a foreign one is never found by accident).
 */
export class CursorBudget {
  private readonly lru = new Map<string, CursorStore>();
  private counter = 0;
  held = 0;

  constructor(readonly maxBytes: number = 512 * MiB) {}

  nextId(): string {
    return makeId('01g', ++this.counter);
  }

  /** Records that `id` (held by `store`, `bytes` large) was used now; evicts the least recently used beyond the budget. */
  touch(id: string, store: CursorStore): void {
    this.lru.delete(id);
    this.lru.set(id, store);
  }

  add(id: string, store: CursorStore, bytes: number): void {
    this.held += bytes;
    this.touch(id, store);
    for (const [old, owner] of this.lru) {
      if (this.held <= this.maxBytes || this.lru.size <= 1) break;
      owner.release(old);
    }
  }

  /** Called by a store when it drops a cursor for any reason. */
  forget(id: string, bytes: number): void {
    if (this.lru.delete(id)) this.held -= bytes;
  }

  get size(): number {
    return this.lru.size;
  }
}

/** Estimated JSON size of a result set, from a few sampled records (exact sizing would cost a full stringify). */
export function estimateBytes(records: readonly unknown[]): number {
  const n = records.length;
  if (n === 0) return 0;
  const picks = n <= 3 ? records : [records[0], records[n >> 1], records[n - 1]];
  let sum = 0;
  for (const r of picks) sum += JSON.stringify(r)?.length ?? 4;
  return Math.ceil((sum / picks.length) * n) + 64;
}

export class CursorStore {
  private readonly cursors = new Map<string, Cursor>();
  private heldRecords = 0;
  private heldBytes = 0;
  private readonly maxCursors: number;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  private readonly budget: CursorBudget;

  constructor(opts: CursorStoreOptions = {}) {
    this.maxCursors = opts.maxCursors ?? 10;
    this.maxRecords = opts.maxRecords ?? 2_000_000;
    this.maxBytes = opts.maxBytes ?? 256 * MiB;
    this.budget = opts.budget ?? new CursorBudget(this.maxBytes);
  }

  /**
   * Returns the first page of a result set; when it does not fit, keeps the whole set for `owner`
   * (a user id) and returns the locator of the second page.
   */
  firstPage(records: readonly unknown[], totalSize: number, batchSize: number, owner = ''): CursorPage {
    if (records.length <= batchSize) return { totalSize, records, nextLocator: null };
    const id = this.budget.nextId();
    const bytes = estimateBytes(records);
    this.cursors.set(id, { records, totalSize, owner, bytes });
    this.heldRecords += records.length;
    this.heldBytes += bytes;
    this.evictLocal(id, owner);
    if (this.cursors.has(id)) this.budget.add(id, this, bytes);
    return { totalSize, records: records.slice(0, batchSize), nextLocator: `${id}-${batchSize}` };
  }

  /** The page starting at the locator's offset; INVALID_QUERY_LOCATOR for an unknown, evicted or foreign locator. */
  page(locator: string, batchSize: number, owner = ''): CursorPage {
    const m = LOCATOR.exec(locator);
    const cursor = m ? this.cursors.get(m[1]!) : undefined;
    const offset = m ? Number(m[2]) : NaN;
    if (!m || !cursor || cursor.owner !== owner || offset > cursor.records.length) {
      throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator', 400);
    }
    // Touch: move to the most-recently-used end, here and in the shared budget.
    this.cursors.delete(m[1]!);
    this.cursors.set(m[1]!, cursor);
    this.budget.touch(m[1]!, this);
    const end = offset + batchSize;
    const records = cursor.records.slice(offset, end);
    if (end < cursor.records.length) return { totalSize: cursor.totalSize, records, nextLocator: `${m[1]}-${end}` };
    return { totalSize: cursor.totalSize, records, nextLocator: null };
  }

  /** Drops one cursor (eviction by the shared budget, or locally). */
  release(id: string): void {
    const c = this.cursors.get(id);
    if (!c) return;
    this.cursors.delete(id);
    this.heldRecords -= c.records.length;
    this.heldBytes -= c.bytes;
    this.budget.forget(id, c.bytes);
  }

  /** Drops every cursor (episode reset / delete). */
  clear(): void {
    for (const id of [...this.cursors.keys()]) this.release(id);
  }

  get size(): number {
    return this.cursors.size;
  }

  /** Estimated bytes held by this store's cursors. */
  get bytes(): number {
    return this.heldBytes;
  }

  private evictLocal(newest: string, owner: string): void {
    let mine = 0;
    for (const c of this.cursors.values()) if (c.owner === owner) mine++;
    for (const [id, c] of this.cursors) {
      if (id === newest) continue; // always keep the newest result set
      const overUser = c.owner === owner && mine > this.maxCursors;
      const overStore = this.heldRecords > this.maxRecords || this.heldBytes > this.maxBytes;
      if (!overUser && !overStore) continue;
      if (c.owner === owner) mine--;
      this.release(id);
    }
  }
}
