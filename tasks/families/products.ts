// Product-level case sets shared by top_issue_identification and monthly_trend_analysis
// (CRMArena's get_order_item_ids_by_product + get_cases / get_issue_counts), as plain SQL.
import type { Store } from '../../server/store/index.js';
import { iso, MONTHS, type Window } from '../time.js';

export interface ProductRow {
  readonly id: string;
  readonly name: string;
  readonly cases: number;
}

/** Products with at least `min` cases (through Case.OrderItemId__c → OrderItem.Product2Id). */
export function productsWithCases(store: Store, min: number): ProductRow[] {
  return store.all(
    `SELECT p."Id" AS id, p."Name" AS name, COUNT(c."Id") AS cases FROM "Product2" p
     JOIN "OrderItem" oi ON oi."Product2Id" = p."Id" JOIN "Case" c ON c."OrderItemId__c" = oi."Id"
     GROUP BY p."Id" HAVING COUNT(c."Id") >= ? ORDER BY p."Id"`,
    [min],
  ) as unknown as ProductRow[];
}

/** A window covering every case (all-time counts). */
export const ALL_TIME: Window = { start: new Date(Date.UTC(1970, 0, 1)), end: new Date(Date.UTC(9999, 0, 1)) };

/** TII: cases of the product with start ≤ CreatedDate ≤ end, counted by IssueId__c. */
export function issueCounts(store: Store, productId: string, w: Window): Map<string, number> {
  const rows = store.all(
    `SELECT c."IssueId__c" AS issue, COUNT(*) AS n FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c"
     WHERE oi."Product2Id" = ? AND c."CreatedDate" >= ? AND c."CreatedDate" <= ? AND c."IssueId__c" IS NOT NULL
     GROUP BY c."IssueId__c"`,
    [productId, iso(w.start), iso(w.end)],
  ) as { issue: string; n: number }[];
  return new Map(rows.map((r) => [r.issue, r.n]));
}

/** MTA: cases of the product with start ≤ CreatedDate < end, counted by month name (years merged). */
export function monthCounts(store: Store, productId: string, w: Window): Map<string, number> {
  const rows = store.all(
    `SELECT CAST(substr(c."CreatedDate", 6, 2) AS INTEGER) AS m, COUNT(*) AS n FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c"
     WHERE oi."Product2Id" = ? AND c."CreatedDate" >= ? AND c."CreatedDate" < ? GROUP BY m`,
    [productId, iso(w.start), iso(w.end)],
  ) as { m: number; n: number }[];
  return new Map(rows.map((r) => [MONTHS[r.m - 1]!, r.n]));
}

/** Month names a [start, end) window touches. */
export function monthNamesIn(w: Window): Set<string> {
  const out = new Set<string>();
  for (let d = new Date(Date.UTC(w.start.getUTCFullYear(), w.start.getUTCMonth(), 1)); d < w.end && out.size < 12; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    out.add(MONTHS[d.getUTCMonth()]!);
  }
  return out;
}

/**
 * MTA's all-time counterpart of a window: the product's cases of every year counted by month name,
 * over the month names the window covers (for a window of a year or more, plain all-time counts).
 */
export function allTimeMonthCounts(store: Store, productId: string, w: Window): Map<string, number> {
  const names = monthNamesIn(w);
  return new Map([...monthCounts(store, productId, ALL_TIME)].filter(([m]) => names.has(m)));
}

/** One case of a product, as the draw's in-memory pre-filter sees it. */
export interface ProductCase {
  readonly created: string;
  readonly issue: string | null;
}

/**
 * Every product's cases (CreatedDate order), read once per draw: families pre-filter candidate
 * windows in memory and compute the gold of the survivors with the SQL above.
 */
export function productCaseIndex(store: Store): Map<string, ProductCase[]> {
  const rows = store.all(
    `SELECT oi."Product2Id" AS p, c."CreatedDate" AS created, c."IssueId__c" AS issue FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" ORDER BY c."CreatedDate", c."Id"`,
  ) as { p: string; created: string; issue: string | null }[];
  const out = new Map<string, ProductCase[]>();
  for (const r of rows) {
    const list = out.get(r.p) ?? [];
    list.push({ created: r.created, issue: r.issue });
    out.set(r.p, list);
  }
  return out;
}

/** In-memory counts of a product's cases in [start, end] (endInclusive) or [start, end), by key. */
export function countCases(cases: readonly ProductCase[], w: Window, endInclusive: boolean, key: (c: ProductCase) => string | null): Map<string, number> {
  const a = iso(w.start);
  const b = iso(w.end);
  const out = new Map<string, number>();
  for (const c of cases) {
    if (c.created < a || (endInclusive ? c.created > b : c.created >= b)) continue;
    const k = key(c);
    if (k !== null) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** The month name of a case (its CreatedDate, UTC). */
export const caseMonth = (c: ProductCase): string => MONTHS[Number(c.created.slice(5, 7)) - 1]!;
