// The only module that talks to better-sqlite3. Opens/creates org files, bulk-loads records,
// runs prepared statements for the engine, computes the canonical content hash.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { ObjectDef } from '../../schema/index.js';
import { SchemaRegistry, schema as defaultSchema } from '../../schema/index.js';
import { createIndexSql, createTableSql, META_TABLE, metaTableSql, q } from './ddl.js';
import { encodeValue, type SqlValue } from './encoding.js';

export type Row = Record<string, unknown>;

/** One statement a write ran (its SQL and parameters), replayable on another copy of the same image. */
export interface JournalEntry {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export interface OpenOptions {
  readonly readonly?: boolean;
  readonly registry?: SchemaRegistry;
}

export class Store {
  private stmtCache = new Map<string, Database.Statement>();
  private changed = 0;
  /** Copy on first write: until then reads go to `base` (the shared pristine copy) and nothing is held. */
  private base: Store | undefined;
  private image: Buffer | undefined;
  /** Committed write statements since this Store was opened, in order (when journaling). */
  private journalLog: JournalEntry[] | undefined;
  /** Statements of the open transaction: journaled when it commits, dropped when it rolls back. */
  private pending: JournalEntry[] = [];

  private constructor(
    private conn: Database.Database | undefined,
    readonly registry: SchemaRegistry,
    readonly path: string,
  ) {}

  /** The connection that answers now: the shared pristine one until a lazy fork's first write. */
  get db(): Database.Database {
    return this.base ? this.base.db : this.conn!;
  }

  /** The Store whose connection answers now (per-connection state such as the SOSL index hangs off it). */
  get owner(): Store {
    return this.base ? this.base.owner : this;
  }

  /** Whether this is a lazy fork that has not copied the image yet. */
  get shared(): boolean {
    return this.base !== undefined;
  }

  /** Creates a new, empty org file (tables, indexes, meta table). The file must not exist. */
  static create(path: string, registry: SchemaRegistry = defaultSchema): Store {
    const db = new Database(path);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const store = new Store(db, registry, path);
    db.transaction(() => {
      db.exec(metaTableSql());
      for (const o of registry.objects) db.exec(createTableSql(o));
    })();
    return store;
  }

  /** Opens an existing org file. */
  static open(path: string, opts: OpenOptions = {}): Store {
    const db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: true });
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    return new Store(db, opts.registry ?? defaultSchema, path);
  }

  /**
   * Opens a private in-memory copy of a serialized org (`serialize()`): the episode fork. SQLite
   * copies the image into its own pages, so writes never reach the image or the file it came from.
   * https://www.sqlite.org/c3ref/deserialize.html
   */
  static fromImage(image: Buffer, opts: { readonly registry?: SchemaRegistry; readonly label?: string } = {}): Store {
    return new Store(openImage(image), opts.registry ?? defaultSchema, opts.label ?? ':memory:');
  }

  /**
   * A copy-on-write fork: reads go to `base` (a Store over the same pristine `image`, shared by every
   * fork that has not written) until the first `run()` / `transaction()`, which copies the image
   * (`fromImage`) first. Creating one costs nothing and holds no pages. `base` must never be written.
   */
  static lazyFork(base: Store, image: Buffer, opts: { readonly label?: string } = {}): Store {
    const s = new Store(undefined, base.registry, opts.label ?? ':episode:');
    s.base = base;
    s.image = image;
    return s;
  }

  /** Copies the image now (a lazy fork's first write); a no-op for any other Store. */
  materialize(): void {
    if (!this.base) return;
    this.conn = openImage(this.image!);
    this.base = undefined;
    this.image = undefined;
    // Statements prepared on the shared connection belong to it; this copy prepares its own.
    this.stmtCache = new Map();
  }

  /**
   * Starts recording committed write statements (`journal()`): another copy of the same image that
   * replays them in order holds the same data. Ids and timestamps are computed in JS and passed as
   * parameters, so replay is deterministic (no SQL function in a write reads a clock or an RNG).
   */
  startJournal(): void {
    this.journalLog ??= [];
  }

  /** The committed write statements since `startJournal()` (append-only; do not modify). */
  journal(): readonly JournalEntry[] {
    return this.journalLog ?? [];
  }

  get journaling(): boolean {
    return this.journalLog !== undefined;
  }

  /** Whether a transaction or savepoint is open (its writes are not in the journal yet). */
  get inTransaction(): boolean {
    return !this.base && this.conn!.inTransaction;
  }

  /**
   * The main database as one buffer (the pristine image forks are made from). Header bytes 18–19
   * are set to the legacy (rollback-journal) format: a WAL-mode image cannot be opened in memory.
   */
  serialize(): Buffer {
    const image = this.db.serialize();
    image[18] = 1;
    image[19] = 1;
    return image;
  }

  /** Bytes held by this connection's pages: the main database plus its TEMP schema (the SOSL index). */
  bytes(): number {
    if (this.base) return 0;
    const pages = (schema: string) =>
      (this.db.pragma(`${schema}.page_count`, { simple: true }) as number) * (this.db.pragma(`${schema}.page_size`, { simple: true }) as number);
    return pages('main') + pages('temp');
  }

  /** Rows changed by `run()` since this Store was opened (statement changes, triggers excluded). */
  get writes(): number {
    return this.changed;
  }

  /** Indexes are built after the bulk load (faster than maintaining them row by row). */
  createIndexes(): void {
    this.materialize();
    this.db.transaction(() => {
      for (const o of this.registry.objects) for (const sql of createIndexSql(o)) this.db.exec(sql);
    })();
    this.db.exec('ANALYZE');
  }

  /**
   * Inserts rows of one object in one transaction; values are encoded per field type.
   * `trusted`: the rows already hold stored values (ISO datetime strings, numbers, booleans), so
   * only booleans are converted — the generator's fast path; its tests check the shapes instead.
   */
  insertMany(objectName: string, rows: Iterable<Row>, opts: { trusted?: boolean } = {}): number {
    this.materialize();
    const info = this.registry.object(objectName);
    if (!info) throw new Error(`unknown object ${objectName}`);
    const fields = info.def.fields;
    const stmt = this.db.prepare(
      `INSERT INTO ${q(info.def.name)} (${fields.map((f) => q(f.name)).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`,
    );
    let n = 0;
    if (opts.trusted) {
      // Multi-row INSERTs (BATCH rows per statement) cut the per-statement cost of a bulk load.
      const names = fields.map((f) => f.name);
      const bools = fields.map((f) => f.type === 'boolean');
      const width = names.length;
      const BATCH = Math.max(1, Math.floor(30_000 / width / 8));
      const tuple = `(${fields.map(() => '?').join(', ')})`;
      const batchStmt = this.db.prepare(
        `INSERT INTO ${q(info.def.name)} (${fields.map((f) => q(f.name)).join(', ')}) VALUES ${Array.from({ length: BATCH }, () => tuple).join(', ')}`,
      );
      const values: SqlValue[] = new Array<SqlValue>(width * BATCH);
      let k = 0;
      this.db.transaction(() => {
        for (const row of rows) {
          const base = k * width;
          for (let i = 0; i < width; i++) {
            const v = row[names[i]!];
            values[base + i] = bools[i] ? (v ? 1 : 0) : ((v ?? null) as SqlValue);
          }
          n++;
          if (++k === BATCH) {
            batchStmt.run(values);
            k = 0;
          }
        }
        for (let j = 0; j < k; j++) stmt.run(values.slice(j * width, (j + 1) * width));
      })();
      return n;
    }
    this.db.transaction(() => {
      for (const row of rows) {
        stmt.run(fields.map((f) => encodeValue(f, row[f.name])));
        n++;
      }
    })();
    return n;
  }

  /** Runs a read statement (cached by SQL text) and returns all rows as objects. */
  all(sql: string, params: readonly SqlValue[] = []): Row[] {
    // raw(false): a cached statement may have been switched to raw mode by allRaw().
    return this.statement(sql).raw(false).all(...params) as Row[];
  }

  /** Runs a read statement and returns rows as arrays (column order = SELECT order). */
  allRaw(sql: string, params: readonly SqlValue[] = []): unknown[][] {
    return this.statement(sql).raw(true).all(...params) as unknown[][];
  }

  get(sql: string, params: readonly SqlValue[] = []): Row | undefined {
    const stmt = this.statement(sql);
    return (stmt.reader ? stmt.raw(false) : stmt).get(...params) as Row | undefined;
  }

  run(sql: string, params: readonly SqlValue[] = []): Database.RunResult {
    this.materialize();
    let r: Database.RunResult;
    try {
      r = this.statement(sql).run(...params);
    } catch (e) {
      // A failed statement changed nothing; one that ended the transaction rolled all of it back.
      if (!this.conn!.inTransaction) this.pending.length = 0;
      throw e;
    }
    this.changed += r.changes;
    if (this.journalLog) {
      this.pending.push({ sql, params: [...params] });
      if (!this.conn!.inTransaction) this.commitPending();
    }
    return r;
  }

  transaction<T>(fn: () => T): T {
    this.materialize();
    const mark = this.pending.length;
    let out: T;
    try {
      out = this.conn!.transaction(fn)();
    } catch (e) {
      // better-sqlite3 rolled this transaction (or savepoint) back: so are its statements.
      this.pending.length = mark;
      throw e;
    }
    if (this.journalLog && !this.conn!.inTransaction) this.commitPending();
    return out;
  }

  private commitPending(): void {
    for (const e of this.pending) this.journalLog!.push(e);
    this.pending.length = 0;
  }

  private statement(sql: string): Database.Statement {
    if (this.base) return this.base.statement(sql);
    let s = this.stmtCache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.stmtCache.size > 2000) this.stmtCache.clear();
      this.stmtCache.set(sql, s);
    }
    return s;
  }

  getMeta(key: string): string | undefined {
    const r = this.db.prepare(`SELECT value FROM ${q(META_TABLE)} WHERE key = ?`).get(key) as { value: string } | undefined;
    return r?.value;
  }

  setMeta(key: string, value: string): void {
    this.materialize();
    this.db.prepare(`INSERT INTO ${q(META_TABLE)} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
  }

  count(objectName: string): number {
    const info = this.registry.object(objectName);
    if (!info) throw new Error(`unknown object ${objectName}`);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${q(info.def.name)}`).get() as { n: number }).n;
  }

  /**
   * Canonical, order-stable content hash: objects in schema order, rows by Id, fields in schema
   * order, values as stored. Independent of insertion order, page layout and the meta table.
   */
  contentHash(): string {
    const h = createHash('sha256');
    for (const o of this.registry.objects) hashObject(this.db, o, h);
    return h.digest('hex');
  }

  close(): void {
    if (this.base) {
      // A lazy fork holds nothing of its own; the shared connection stays open for the others.
      this.base = undefined;
      this.image = undefined;
      return;
    }
    this.stmtCache.clear();
    this.conn?.close();
  }
}

/** A private in-memory database holding a copy of `image` (sqlite3_deserialize). */
function openImage(image: Buffer): Database.Database {
  const db = new Database(image);
  db.pragma('temp_store = MEMORY');
  // The pages already live in memory: a page cache would only duplicate them (measured at scale 1:
  // 23.5 → 18.4 MiB per fork after a table scan, queries no slower).
  db.pragma('cache_size = -512');
  return db;
}

function hashObject(db: Database.Database, o: ObjectDef, h: ReturnType<typeof createHash>): void {
  h.update(`#${o.name}\n`);
  const stmt = db.prepare(`SELECT ${o.fields.map((f) => q(f.name)).join(', ')} FROM ${q(o.name)} ORDER BY "Id"`).raw(true);
  for (const row of stmt.iterate()) h.update(`${JSON.stringify(row)}\n`);
}
