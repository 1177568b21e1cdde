// Ground truth shared by handle_time and transfer_count: CRMArena's get_agent_handled_cases_by_period
// and get_qualified_agent_ids_by_case_count, as plain SQL over the org file.
import type { Store } from '../../server/store/index.js';
import { iso, type Window } from '../time.js';

const OA = `"Field__c" = 'Owner Assignment' AND "CreatedDate" >= ? AND "CreatedDate" <= ?`;

/** Agents with strictly more than `n` 'Owner Assignment' rows (by NewValue__c) in [start, end]. */
export function qualifiedAgents(store: Store, w: Window, n: number): Map<string, number> {
  const rows = store.all(
    `SELECT "NewValue__c" AS a, COUNT(*) AS c FROM "CaseHistory__c" WHERE ${OA} AND "NewValue__c" IS NOT NULL AND "NewValue__c" != '' GROUP BY "NewValue__c" HAVING COUNT(*) > ?`,
    [iso(w.start), iso(w.end), n],
  ) as { a: string; c: number }[];
  return new Map(rows.map((r) => [r.a, r.c]));
}

/** Case Ids with exactly one 'Owner Assignment' row in [start, end]. */
export function nonTransferredCases(store: Store, w: Window): Set<string> {
  const rows = store.all(
    `SELECT "CaseId__c" AS id FROM "CaseHistory__c" WHERE ${OA} GROUP BY "CaseId__c" HAVING COUNT(*) = 1`,
    [iso(w.start), iso(w.end)],
  ) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** Average handle time in minutes per OwnerId (HTU steps 3–4). */
export function averageHandleTimes(store: Store, w: Window, n: number): Map<string, number> {
  const qualified = qualifiedAgents(store, w, n);
  if (qualified.size === 0) return new Map();
  const nonTransferred = nonTransferredCases(store, w);
  const cases = store.all(
    `SELECT "Id" AS id, "OwnerId" AS owner, "CreatedDate" AS created, "ClosedDate" AS closed FROM "Case"
     WHERE "Status" = 'Closed' AND "CreatedDate" >= ? AND "CreatedDate" < ?`,
    [iso(w.start), iso(w.end)],
  ) as { id: string; owner: string; created: string; closed: string | null }[];
  const sums = new Map<string, { total: number; n: number }>();
  for (const c of cases) {
    if (!qualified.has(c.owner) || !nonTransferred.has(c.id) || !c.closed) continue;
    const minutes = (Date.parse(c.closed) - Date.parse(c.created)) / 60_000;
    const s = sums.get(c.owner) ?? { total: 0, n: 0 };
    s.total += minutes;
    s.n++;
    sums.set(c.owner, s);
  }
  return new Map([...sums].map(([k, s]) => [k, s.total / s.n]));
}

/** Transfers per qualified agent, counted by OldValue__c (TCU); agents with none are absent. */
export function transferCounts(store: Store, w: Window, n: number): Map<string, number> {
  const qualified = qualifiedAgents(store, w, n);
  if (qualified.size === 0) return new Map();
  const rows = store.all(
    `SELECT "OldValue__c" AS a, COUNT(*) AS c FROM "CaseHistory__c" WHERE ${OA} AND "OldValue__c" IS NOT NULL AND "OldValue__c" != '' GROUP BY "OldValue__c"`,
    [iso(w.start), iso(w.end)],
  ) as { a: string; c: number }[];
  return new Map(rows.filter((r) => qualified.has(r.a)).map((r) => [r.a, r.c]));
}
