// Query locators for queryMore (`/query/01g…-2000`): a bounded in-memory LRU of finished result
// sets. Ids are counter-based (`makeId('01g', n)`), so a run is reproducible and needs no randomness.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query_more_results.htm
import { makeId } from '../../schema/index.js';
import { SalesforceError } from '../soql/index.js';

export interface CursorPage {
  readonly totalSize: number;
  readonly records: readonly unknown[];
  /** The locator of the next page (`01g…-4000`), or null when this page is the last. */
  readonly nextLocator: string | null;
}

interface Cursor {
  readonly records: readonly unknown[];
  readonly totalSize: number;
}

export interface CursorStoreOptions {
  /** Most result sets kept at once (least recently used ones are dropped first). */
  readonly maxCursors?: number;
  /** Most records kept over all result sets. */
  readonly maxRecords?: number;
}

const LOCATOR = /^(01g[a-zA-Z0-9]{15})-(\d{1,10})$/;

export class CursorStore {
  private readonly cursors = new Map<string, Cursor>();
  private counter = 0;
  private heldRecords = 0;
  private readonly maxCursors: number;
  private readonly maxRecords: number;

  constructor(opts: CursorStoreOptions = {}) {
    this.maxCursors = opts.maxCursors ?? 1000;
    this.maxRecords = opts.maxRecords ?? 2_000_000;
  }

  /**
   * Returns the first page of a result set; when it does not fit, keeps the whole set and
   * returns the locator of the second page.
   */
  firstPage(records: readonly unknown[], totalSize: number, batchSize: number): CursorPage {
    if (records.length <= batchSize) return { totalSize, records, nextLocator: null };
    const id = makeId('01g', ++this.counter);
    this.cursors.set(id, { records, totalSize });
    this.heldRecords += records.length;
    this.evict();
    return { totalSize, records: records.slice(0, batchSize), nextLocator: `${id}-${batchSize}` };
  }

  /** The page starting at the locator's offset; throws INVALID_QUERY_LOCATOR for an unknown locator. */
  page(locator: string, batchSize: number): CursorPage {
    const m = LOCATOR.exec(locator);
    const cursor = m ? this.cursors.get(m[1]!) : undefined;
    const offset = m ? Number(m[2]) : NaN;
    if (!m || !cursor || offset > cursor.records.length) {
      throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator', 400);
    }
    // Touch: move to the most-recently-used end.
    this.cursors.delete(m[1]!);
    this.cursors.set(m[1]!, cursor);
    const end = offset + batchSize;
    const records = cursor.records.slice(offset, end);
    if (end < cursor.records.length) return { totalSize: cursor.totalSize, records, nextLocator: `${m[1]}-${end}` };
    return { totalSize: cursor.totalSize, records, nextLocator: null };
  }

  get size(): number {
    return this.cursors.size;
  }

  private evict(): void {
    for (const [id, c] of this.cursors) {
      if (this.cursors.size <= 1) break; // always keep the newest result set
      if (this.cursors.size <= this.maxCursors && this.heldRecords <= this.maxRecords) break;
      this.cursors.delete(id);
      this.heldRecords -= c.records.length;
    }
  }
}
