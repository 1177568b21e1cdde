// Per-object platform rules of record writes, as tables: the values Salesforce derives on save
// (names, copies from parents, totals, case closure) and the roll-up summaries it keeps on parents.
import { normalizeId } from '../../schema/index.js';
import type { SqlValue } from '../store/index.js';

export type StoredRow = Record<string, SqlValue>;

export interface RuleContext {
  readonly mode: 'create' | 'update';
  /** The row before an update. */
  readonly before: StoredRow | undefined;
  /** The request body set this field (by canonical name). */
  wrote(field: string): boolean;
  /** One row of a read-only lookup (parent values). */
  lookup(sql: string, params: readonly SqlValue[]): StoredRow | undefined;
  /** The clock as stored datetime text. */
  now(): string;
}

/** Fills derived fields of `row` in place, after the body's values and before validation. */
export type Derivation = (row: StoredRow, ctx: RuleContext) => void;

const fullName = (row: StoredRow) => [row.FirstName, row.LastName].filter((x) => typeof x === 'string' && x !== '').join(' ') || null;
const idParam = (v: string) => normalizeId(v) ?? v;

export const DERIVATIONS: Readonly<Partial<Record<string, Derivation>>> = {
  // Person accounts: Name is First + Last unless the caller sets it.
  Account: (row, ctx) => {
    if (!ctx.wrote('Name') && (ctx.wrote('FirstName') || ctx.wrote('LastName')) && typeof row.LastName === 'string') row.Name = fullName(row);
  },
  Contact: (row) => {
    row.Name = fullName(row);
  },
  User: (row) => {
    row.Name = fullName(row);
  },
  PricebookEntry: (row, ctx) => {
    if (typeof row.Product2Id !== 'string') return;
    const p = ctx.lookup(`SELECT "Name", "ProductCode" FROM "Product2" WHERE "Id" = ?`, [idParam(row.Product2Id)]);
    if (!p) return;
    row.Name = p.Name ?? null;
    row.ProductCode = p.ProductCode ?? null;
  },
  OrderItem: (row, ctx) => {
    if ((row.Product2Id === null || row.Product2Id === undefined) && typeof row.PricebookEntryId === 'string') {
      const pbe = ctx.lookup(`SELECT "Product2Id" FROM "PricebookEntry" WHERE "Id" = ?`, [idParam(row.PricebookEntryId)]);
      if (pbe) row.Product2Id = pbe.Product2Id ?? null;
    }
    const qty = row.Quantity, price = row.UnitPrice;
    row.TotalPrice = typeof qty === 'number' && typeof price === 'number' ? Math.round(qty * price * 100) / 100 : null;
  },
  Case: (row, ctx) => {
    const closed = row.Status === 'Closed';
    row.IsClosed = closed ? 1 : 0;
    if (!closed) row.ClosedDate = null;
    else if (ctx.mode === 'create' || ctx.before?.IsClosed !== 1 || row.ClosedDate === null) row.ClosedDate = row.ClosedDate ?? ctx.now();
  },
  Knowledge__kav: (row, ctx) => {
    if (ctx.mode !== 'create') return;
    row.VersionNumber = row.VersionNumber ?? 1;
    row.IsLatestVersion = 1;
  },
};

/** A roll-up summary kept on a parent: parent.total = round(sum of the live children's `of`, 2). */
export interface Rollup {
  readonly link: string;
  readonly parent: string;
  readonly total: string;
  readonly of: string;
}

/** Roll-ups by child object. */
export const ROLLUPS: Readonly<Partial<Record<string, Rollup>>> = {
  OrderItem: { link: 'OrderId', parent: 'Order', total: 'TotalAmount', of: 'TotalPrice' },
};
