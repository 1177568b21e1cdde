// Every `crmarena` tool against the same computation written independently in SQL on the org file,
// on three generated orgs (seeds 1–3), including the empty-window, tie and "no result" cases and the
// inclusive/exclusive window ends CRMArena's functions use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool } from '../../server/tools/registry.js';
import type { ToolResult } from '../../server/tools/types.js';
import { apiDatetime, openOrg, SEEDS, storedDate, toolDate, type OpenOrg } from './orgs.js';

type Row = Record<string, unknown>;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A map from [key, n] rows. */
const mapOf = (rows: { k: string | null; n: number }[]): Record<string, number> => Object.fromEntries(rows.map((r) => [String(r.k), r.n]));
const sorted = <T,>(xs: T[]): T[] => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe.each(SEEDS)('crmarena tools on seed %i', (seed) => {
  let org: OpenOrg;
  const call = (name: string, args: unknown): Promise<ToolResult> => callTool(org.episode, name, args, 'crmarena-full');
  // Windows: Winter of the year before the last case, and the last 6 months before the last case's day.
  let winter: { start: string; end: string };
  let recent: { start: string; end: string };
  const empty = { start_date: '2010-01-01T00:00:00Z', end_date: '2010-06-01T00:00:00Z' };

  beforeAll(() => {
    org = openOrg(seed);
    const last = org.all<{ d: string }>('SELECT MAX(CreatedDate) d FROM "Case"')[0]!.d;
    const y = Number(last.slice(0, 4)) - 2;
    winter = { start: `${y}-12-01T00:00:00Z`, end: `${y + 1}-03-01T00:00:00Z` };
    const endDay = `${last.slice(0, 10)}T00:00:00Z`;
    const start = new Date(endDay);
    start.setUTCMonth(start.getUTCMonth() - 6);
    recent = { start: toolDate(start.toISOString()), end: endDay };
  });
  afterAll(() => org.store.close());

  // ── date helpers ──────────────────────────────────────────────────────────────────────────
  it('get_period and get_start_date follow relativedelta calendar arithmetic', async () => {
    expect((await call('get_period', { period_name: 'Winter', year: 2021 })).observation).toBe("{'start_date': '2021-12-01T00:00:00Z', 'end_date': '2022-03-01T00:00:00Z'}");
    expect((await call('get_period', { period_name: 'Q4', year: 2022 })).value).toEqual({ start_date: '2022-10-01T00:00:00Z', end_date: '2023-01-01T00:00:00Z' });
    expect((await call('get_period', { period_name: 'February', year: 2024 })).value).toEqual({ start_date: '2024-02-01T00:00:00Z', end_date: '2024-03-01T00:00:00Z' });
    expect((await call('get_period', { period_name: 'winter', year: 2021 })).observation).toMatch(/^Error: Invalid period_name\. Must be one of January, /);
    expect((await call('get_period', { period_name: 'Winter', year: 9999 })).observation).toBe('Error: An unexpected error occurred - year 10000 is out of range');
    expect((await call('get_start_date', { end_date: '2024-03-31T00:00:00Z', period: 'month', interval_count: 1 })).value).toBe('2024-02-29T00:00:00Z');
    expect((await call('get_start_date', { end_date: '2024-05-31T10:30:00Z', period: 'quarter', interval_count: 1 })).value).toBe('2024-02-29T10:30:00Z');
    expect((await call('get_start_date', { end_date: '2024-03-01T00:00:00Z', period: 'week', interval_count: 2 })).value).toBe('2024-02-16T00:00:00Z');
    expect((await call('get_start_date', { end_date: '2021-01-01T00:00:00Z', period: 'day', interval_count: 367 })).value).toBe('2019-12-31T00:00:00Z');
    expect((await call('get_start_date', { end_date: '2024-03-01', period: 'day', interval_count: 1 })).observation).toBe("Error: Invalid end_date format. Expected format: 'YYYY-MM-DDTHH:MM:SSZ'");
    expect((await call('get_start_date', { end_date: '2024-03-01T00:00:00Z', period: 'year', interval_count: 1 })).observation).toBe("Error: Invalid period. Must be 'day', 'week', 'month', or 'quarter'");
    expect((await call('get_start_date', { end_date: '2024-03-01T00:00:00Z', period: 'day', interval_count: '3' })).observation).toBe('Error: interval_count must be an integer');
  });

  // ── CaseHistory__c tools: both window ends included ──────────────────────────────────────
  it('get_agent_handled_cases_by_period counts every Owner Assignment per new owner, end included', async () => {
    for (const w of [winter, recent]) {
      const r = await call('get_agent_handled_cases_by_period', { start_date: w.start, end_date: w.end });
      const gt = org.all<{ k: string; n: number }>(
        `SELECT NewValue__c k, COUNT(*) n FROM CaseHistory__c WHERE IsDeleted = 0 AND Field__c = 'Owner Assignment' AND CreatedDate >= ? AND CreatedDate <= ? GROUP BY NewValue__c`,
        [storedDate(w.start), storedDate(w.end)],
      );
      expect(gt.length).toBeGreaterThan(0);
      expect(r.value).toEqual(mapOf(gt));
      expect(r.observation.startsWith("defaultdict(<class 'int'>, {'005")).toBe(true);
    }
    // An assignment exactly at end_date counts (<=).
    const edge = org.all<{ d: string; k: string }>(`SELECT CreatedDate d, NewValue__c k FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND CreatedDate LIKE '%:00.000Z' ORDER BY CreatedDate LIMIT 1 OFFSET 40`)[0]!;
    const before = await call('get_agent_handled_cases_by_period', { start_date: toolDate(edge.d), end_date: toolDate(edge.d) });
    expect((before.value as Record<string, number>)[edge.k]).toBeGreaterThanOrEqual(1);
    const none = await call('get_agent_handled_cases_by_period', empty);
    expect(none).toEqual({ value: {}, observation: '{}' });
  });

  it('get_qualified_agent_ids_by_case_count keeps counts strictly above n', async () => {
    const counts = (await call('get_agent_handled_cases_by_period', { start_date: winter.start, end_date: winter.end })).value as Record<string, number>;
    const r = await call('get_qualified_agent_ids_by_case_count', { agent_handled_cases: counts, n_cases: 2 });
    expect(r.value).toEqual(Object.keys(counts).filter((k) => counts[k]! > 2));
    expect((await call('get_qualified_agent_ids_by_case_count', { agent_handled_cases: { a: 3, b: 1, c: 2 }, n_cases: 1 })).observation).toBe("['a', 'c']");
    expect((await call('get_qualified_agent_ids_by_case_count', { agent_handled_cases: [], n_cases: 1 })).observation).toBe('Error: agent_handled_cases must be a dictionary');
  });

  it('get_non_transferred_case_ids: cases with exactly one assignment in the window', async () => {
    const r = await call('get_non_transferred_case_ids', { start_date: winter.start, end_date: winter.end });
    const gt = org.all<{ k: string }>(
      `SELECT CaseId__c k FROM CaseHistory__c WHERE IsDeleted = 0 AND Field__c = 'Owner Assignment' AND CreatedDate >= ? AND CreatedDate <= ? GROUP BY CaseId__c HAVING COUNT(Id) = 1`,
      [storedDate(winter.start), storedDate(winter.end)],
    );
    expect(gt.length).toBeGreaterThan(0);
    expect(sorted(r.value as string[])).toEqual(sorted(gt.map((g) => g.k)));
    expect((await call('get_non_transferred_case_ids', empty)).observation).toBe('[]');
  });

  it('get_agent_transferred_cases_by_period counts transfers for the previous owner; agents without transfers are absent', async () => {
    const w = { start_date: '2020-01-01T00:00:00Z', end_date: '2025-01-01T00:00:00Z' };
    const gt = org.all<{ k: string; n: number }>(
      `SELECT OldValue__c k, COUNT(*) n FROM CaseHistory__c WHERE IsDeleted = 0 AND Field__c = 'Owner Assignment' AND OldValue__c IS NOT NULL AND CreatedDate >= ? AND CreatedDate <= ? GROUP BY OldValue__c`,
      [storedDate(w.start_date), storedDate(w.end_date)],
    );
    expect(gt.length).toBeGreaterThan(1);
    const all = await call('get_agent_transferred_cases_by_period', w);
    expect(all.value).toEqual(mapOf(gt));
    expect(all.observation.startsWith("{'005")).toBe(true);
    const users = org.all<{ Id: string }>(`SELECT Id FROM "User" ORDER BY Id`).map((u) => u.Id);
    const qualified = [gt[0]!.k, ...users.filter((u) => !gt.some((g) => g.k === u)).slice(0, 2)];
    const some = await call('get_agent_transferred_cases_by_period', { ...w, qualified_agent_ids: qualified });
    expect(some.value).toEqual({ [gt[0]!.k]: gt[0]!.n });
    expect((await call('get_agent_transferred_cases_by_period', empty)).observation).toBe('{}');
  });

  // ── get_cases: start included, end excluded ──────────────────────────────────────────────
  it('get_cases filters like its SOQL (CreatedDate >= start AND < end, IN lists)', async () => {
    const r = await call('get_cases', { start_date: winter.start, end_date: winter.end, statuses: ['Closed'] });
    const gt = org.all<Row>(
      `SELECT OwnerId, CreatedDate, ClosedDate, AccountId FROM "Case" WHERE IsDeleted = 0 AND CreatedDate >= ? AND CreatedDate < ? AND Status = 'Closed'`,
      [storedDate(winter.start), storedDate(winter.end)],
    );
    expect(gt.length).toBeGreaterThan(0);
    const expected = gt.map((c) => ({ OwnerId: c.OwnerId, CreatedDate: apiDatetime(c.CreatedDate as string), ClosedDate: apiDatetime(c.ClosedDate as string), AccountId: c.AccountId }));
    expect(sorted(r.value as Row[])).toEqual(sorted(expected));
    expect(r.observation.startsWith("[{'OwnerId': '005")).toBe(true);

    // A case created exactly at end_date is excluded, one at start_date included.
    const edge = org.all<{ Id: string; d: string }>(`SELECT Id, CreatedDate d FROM "Case" ORDER BY CreatedDate LIMIT 1 OFFSET 100`)[0]!;
    expect(await call('get_cases', { end_date: toolDate(edge.d), case_ids: [edge.Id] })).toEqual({ value: [], observation: '[]' });
    expect(((await call('get_cases', { start_date: toolDate(edge.d), case_ids: [edge.Id] })).value as Row[]).length).toBe(1);

    // Several filters, lists of one (= 'x') and of many (IN (…)).
    const owners = [...new Set(gt.map((c) => c.OwnerId as string))].slice(0, 2);
    const issues = org.all<{ Id: string }>(`SELECT Id FROM Issue__c ORDER BY Id LIMIT 3`).map((i) => i.Id);
    const multi = await call('get_cases', { agent_ids: owners, issue_ids: issues, statuses: ['Closed', 'Working'] });
    const gt2 = org.all<Row>(
      `SELECT OwnerId, CreatedDate FROM "Case" WHERE OwnerId IN (?, ?) AND IssueId__c IN (?, ?, ?) AND Status IN ('Closed', 'Working')`,
      [owners[0]!, owners[1] ?? owners[0]!, ...issues],
    );
    expect((multi.value as Row[]).length).toBe(gt2.length);

    // Open cases only: ClosedDate is null in every row, so the column is dropped (connector rule).
    const open = await call('get_cases', { statuses: ['New'] });
    const nNew = org.all<{ n: number }>(`SELECT COUNT(*) n FROM "Case" WHERE Status = 'New'`)[0]!.n;
    expect((open.value as Row[]).length).toBe(nNew);
    if (nNew > 0) expect(Object.keys((open.value as Row[])[0]!)).toEqual(['OwnerId', 'CreatedDate', 'AccountId']);

    expect((await call('get_cases', {})).observation).toBe('Error: At least one filter criteria must be provided');
    expect((await call('get_cases', { start_date: '2024-01-01' })).observation).toBe("Error: start_date must be in the format 'YYYY-MM-DDTHH:MM:SSZ'");
    expect((await call('get_cases', { agent_ids: 'x' })).observation).toBe('Error: agent_ids must be a list');
    expect((await call('get_cases', { start_date: empty.start_date, end_date: empty.end_date })).observation).toBe('[]');
  });

  it('get_agents_with_max_cases / _min_cases return every tied agent', async () => {
    const cases = (await call('get_cases', { start_date: recent.start, end_date: recent.end })).value as { OwnerId: string }[];
    const counts = new Map<string, number>();
    for (const c of cases) counts.set(c.OwnerId, (counts.get(c.OwnerId) ?? 0) + 1);
    const max = Math.max(...counts.values());
    const min = Math.min(...counts.values());
    expect((await call('get_agents_with_max_cases', { subset_cases: cases })).value).toEqual([...counts].filter(([, n]) => n === max).map(([k]) => k));
    expect((await call('get_agents_with_min_cases', { subset_cases: cases })).value).toEqual([...counts].filter(([, n]) => n === min).map(([k]) => k));
    const tie = [{ OwnerId: 'b' }, { OwnerId: 'a' }, { OwnerId: 'a' }, { OwnerId: 'b' }, { OwnerId: 'c' }];
    expect((await call('get_agents_with_max_cases', { subset_cases: tie })).observation).toBe("['b', 'a']");
    expect((await call('get_agents_with_min_cases', { subset_cases: tie })).observation).toBe("['c']");
    expect((await call('get_agents_with_max_cases', { subset_cases: [] })).observation).toBe('[]');
    expect((await call('get_agents_with_max_cases', { subset_cases: [{ Owner: 'x' }] })).observation).toBe("Error: 'OwnerId' not found in case record at index 0");
  });

  it('calculate_average_handle_time averages minutes per owner', async () => {
    const cases = (await call('get_cases', { start_date: winter.start, end_date: winter.end, statuses: ['Closed'] })).value as Row[];
    const r = await call('calculate_average_handle_time', { cases });
    const gt = org.all<{ k: string; m: number }>(
      `SELECT OwnerId k, AVG((julianday(ClosedDate) - julianday(CreatedDate)) * 1440.0) m FROM "Case" WHERE CreatedDate >= ? AND CreatedDate < ? AND Status = 'Closed' GROUP BY OwnerId`,
      [storedDate(winter.start), storedDate(winter.end)],
    );
    const value = r.value as Record<string, number>;
    expect(Object.keys(value).sort()).toEqual(gt.map((g) => g.k).sort());
    for (const g of gt) expect(value[g.k]).toBeCloseTo(g.m, 3);
    // Python floats print with a fraction even when whole.
    const whole = await call('calculate_average_handle_time', { cases: [{ OwnerId: 'a', CreatedDate: '2024-01-01T00:00:00.000+0000', ClosedDate: '2024-01-01T02:00:00.000+0000' }] });
    expect(whole.observation).toBe("{'a': 120.0}");
    const open = await call('calculate_average_handle_time', { cases: [{ OwnerId: 'a', CreatedDate: '2024-01-01T00:00:00.000+0000', ClosedDate: null }] });
    expect(open.observation).toBe('Error: An unexpected error occurred - strptime() argument 1 must be str, not None');
    const backwards = await call('calculate_average_handle_time', { cases: [{ OwnerId: 'a', CreatedDate: '2024-01-02T00:00:00.000+0000', ClosedDate: '2024-01-01T00:00:00.000+0000' }] });
    expect(backwards.observation).toBe('Error: ClosedDate is earlier than CreatedDate at index 0');
  });

  // ── regions ───────────────────────────────────────────────────────────────────────────────
  it('get_shipping_state + calculate_region_average_closure_times match a SQL join', async () => {
    const cases = (await call('get_cases', { start_date: recent.start, end_date: recent.end, statuses: ['Closed'] })).value as Row[];
    const withStates = (await call('get_shipping_state', { cases })).value as Row[];
    expect(withStates.length).toBe(cases.length);
    const states = new Map(org.all<{ Id: string; s: string | null }>(`SELECT Id, ShippingState s FROM Account`).map((a) => [a.Id, a.s]));
    for (const c of withStates) expect(c.ShippingState).toBe(states.get(c.AccountId as string) ?? null);
    const r = await call('calculate_region_average_closure_times', { cases: withStates });
    const gt = org.all<{ k: string; s: number }>(
      `SELECT a.ShippingState k, AVG((julianday(c.ClosedDate) - julianday(c.CreatedDate)) * 86400.0) s FROM "Case" c JOIN Account a ON a.Id = c.AccountId
       WHERE c.CreatedDate >= ? AND c.CreatedDate < ? AND c.Status = 'Closed' AND a.ShippingState IS NOT NULL AND a.ShippingState != '' GROUP BY a.ShippingState`,
      [storedDate(recent.start), storedDate(recent.end)],
    );
    const value = r.value as Record<string, number>;
    expect(Object.keys(value).sort()).toEqual(gt.map((g) => g.k).sort());
    for (const g of gt) expect(value[g.k]).toBeCloseTo(g.s, 1);
    const best = (await call('find_id_with_min_value', { values_by_id: value })).value as string[];
    const min = Math.min(...gt.map((g) => g.s));
    expect(best).toEqual(gt.filter((g) => Math.abs(g.s - min) < 1e-6).map((g) => g.k));
    expect((await call('calculate_region_average_closure_times', { cases: [] })).observation).toBe("Error: Input 'cases' is empty");
    expect((await call('get_shipping_state', { cases: [] })).observation).toBe('[]');
    const unknown = await call('get_shipping_state', { cases: [{ AccountId: '001000000000000AAA' }] });
    expect(unknown.observation).toBe("[{'AccountId': '001000000000000AAA', 'ShippingState': None}]");
  });

  // ── products and issues ───────────────────────────────────────────────────────────────────
  it('get_order_item_ids_by_product, get_issue_counts (end included) and get_month_to_case_count', async () => {
    const product = org.all<{ p: string }>(
      `SELECT oi.Product2Id p FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c GROUP BY oi.Product2Id ORDER BY COUNT(*) DESC, oi.Product2Id LIMIT 1`,
    )[0]!.p;
    const items = (await call('get_order_item_ids_by_product', { product_id: product })).value as string[];
    expect(sorted(items)).toEqual(sorted(org.all<{ Id: string }>(`SELECT Id FROM OrderItem WHERE Product2Id = ?`, [product]).map((r) => r.Id)));

    const w = { start_date: '2020-01-01T00:00:00Z', end_date: recent.end };
    const counts = await call('get_issue_counts', { ...w, order_item_ids: items });
    const gt = org.all<{ k: string; n: number }>(
      `SELECT c.IssueId__c k, COUNT(*) n FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c WHERE oi.Product2Id = ? AND c.CreatedDate >= ? AND c.CreatedDate <= ? GROUP BY c.IssueId__c`,
      [product, storedDate(w.start_date), storedDate(w.end_date)],
    );
    expect(counts.value).toEqual(mapOf(gt));
    const values = Object.values(counts.value as Record<string, number>);
    expect(values).toEqual([...values].sort((a, b) => b - a)); // ORDER BY COUNT(Id) DESC
    const top = Math.max(...gt.map((g) => g.n));
    expect((await call('find_id_with_max_value', { values_by_id: counts.value })).value).toEqual(
      Object.entries(counts.value as Record<string, number>).filter(([, n]) => n === top).map(([k]) => k),
    );

    // The end instant is included: a window that ends exactly at one of the product's cases counts it.
    const edge = org.all<{ d: string }>(`SELECT c.CreatedDate d FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c WHERE oi.Product2Id = ? ORDER BY c.CreatedDate LIMIT 1`, [product])[0]!;
    const atEdge = await call('get_issue_counts', { start_date: toolDate(edge.d), end_date: toolDate(edge.d), order_item_ids: items });
    expect(Object.values(atEdge.value as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(edge.d.endsWith(':00.000Z') ? 1 : 0);
    expect((await call('get_issue_counts', { ...empty, order_item_ids: items })).observation).toBe('{}');
    expect((await call('get_issue_counts', { ...w, order_item_ids: [] })).observation).toBe('Error: order_item_ids must be a non-empty list');

    // Monthly trend: cases of the product's order items, counted by month name with years merged.
    const cases = (await call('get_cases', { end_date: recent.end, order_item_ids: items })).value as Row[];
    const months = await call('get_month_to_case_count', { cases });
    const gtMonths = org.all<{ m: string; n: number }>(
      `SELECT strftime('%m', c.CreatedDate) m, COUNT(*) n FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c WHERE oi.Product2Id = ? AND c.CreatedDate < ? GROUP BY m`,
      [product, storedDate(recent.end)],
    );
    expect(months.value).toEqual(Object.fromEntries(gtMonths.map((g) => [MONTHS[Number(g.m) - 1]!, g.n])));
    expect((await call('get_month_to_case_count', { cases: [] })).observation).toBe('{}');

    expect((await call('get_order_item_ids_by_product', { product_id: '01t000000000000AAA' })).observation).toBe('[]');
    expect((await call('get_order_item_ids_by_product', { product_id: '' })).observation).toBe('Error: product_id cannot be empty');
  });

  it('find_id_with_max_value / _min_value: all ties, None when empty, numeric check', async () => {
    expect((await call('find_id_with_max_value', { values_by_id: { a: 2, b: 2.5, c: 2.5 } })).observation).toBe("['b', 'c']");
    expect((await call('find_id_with_min_value', { values_by_id: { a: 2, b: 2.5, c: 2 } })).observation).toBe("['a', 'c']");
    expect(await call('find_id_with_max_value', { values_by_id: {} })).toEqual({ value: null, observation: 'None' });
    expect((await call('find_id_with_min_value', { values_by_id: { a: 'x' } })).observation).toBe('Error: All values in the dictionary must be numeric');
    expect((await call('find_id_with_min_value', { values_by_id: [1] })).observation).toBe('Error: Input must be a dictionary');
  });

  // ── NED: contact → account → purchases on one day ─────────────────────────────────────────
  it('get_account_id_by_contact_id, search_products and get_purchase_history', async () => {
    const contact = org.all<{ Id: string; AccountId: string }>(`SELECT Id, AccountId FROM Contact WHERE AccountId IS NOT NULL ORDER BY Id LIMIT 1 OFFSET 7`)[0]!;
    expect(await call('get_account_id_by_contact_id', { contact_id: contact.Id })).toEqual({ value: contact.AccountId, observation: contact.AccountId });
    expect(await call('get_account_id_by_contact_id', { contact_id: '003000000000000AAA' })).toEqual({ value: [], observation: '[]' });

    const buy = org.all<{ acct: string; day: string }>(
      `SELECT o.AccountId acct, o.EffectiveDate day FROM "Order" o JOIN OrderItem oi ON oi.OrderId = o.Id WHERE o.Status = 'Activated' GROUP BY o.Id ORDER BY COUNT(*) DESC, o.Id LIMIT 1`,
    )[0]!;
    const bought = org.all<{ p: string }>(
      `SELECT oi.Product2Id p FROM OrderItem oi JOIN "Order" o ON o.Id = oi.OrderId WHERE o.AccountId = ? AND o.EffectiveDate = ? AND o.Status = 'Activated'`,
      [buy.acct, buy.day],
    ).map((r) => r.p);
    const other = org.all<{ Id: string }>(`SELECT Id FROM Product2 ORDER BY Id LIMIT 3`).map((p) => p.Id);
    const candidates = [...new Set([...bought, ...other])];
    const r = await call('get_purchase_history', { account_id: buy.acct, purchase_date: `${buy.day}T00:00:00Z`, related_product_ids: candidates });
    expect(sorted((r.value as { Product2Id: string }[]).map((x) => x.Product2Id))).toEqual(sorted(bought));
    expect(r.observation.startsWith("[{'Product2Id': '01t")).toBe(true);
    const dayBefore = new Date(`${buy.day}T00:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    const other2 = await call('get_purchase_history', { account_id: buy.acct, purchase_date: toolDate(dayBefore.toISOString()), related_product_ids: candidates });
    const gtBefore = org.all<{ n: number }>(
      `SELECT COUNT(*) n FROM OrderItem oi JOIN "Order" o ON o.Id = oi.OrderId WHERE o.AccountId = ? AND o.EffectiveDate = ? AND o.Status = 'Activated' AND oi.Product2Id IN (${candidates.map(() => '?').join(',')})`,
      [buy.acct, dayBefore.toISOString().slice(0, 10), ...candidates],
    )[0]!.n;
    expect((other2.value as unknown[]).length).toBe(gtBefore);
    expect((await call('get_purchase_history', { account_id: buy.acct, purchase_date: buy.day, related_product_ids: candidates })).observation).toBe(
      "Error: purchase_date must be in 'YYYY-MM-DDTHH:MM:SSZ' format",
    );

    // search_products: every product whose name has the word is found, and every hit mentions it.
    const word = 'jacket';
    const hits = (await call('search_products', { search_term: word })).value as string[];
    const names = new Map(org.all<{ Id: string; t: string }>(`SELECT Id, Name || ' ' || COALESCE(Description, '') t FROM Product2`).map((p) => [p.Id, p.t]));
    const re = new RegExp(`\\b${word}`, 'i');
    const byName = org.all<{ Id: string }>(`SELECT Id FROM Product2 WHERE Name LIKE ?`, [`%${word}%`]).map((p) => p.Id).filter((id) => /\bjacket\b/i.test(names.get(id)!));
    for (const id of byName) expect(hits).toContain(id);
    for (const id of hits) expect(names.get(id)).toMatch(re);
    expect((await call('search_products', { search_term: 'zzzqqqxx' })).observation).toBe('[]');
    expect((await call('search_products', { search_term: '  ' })).observation).toBe('Error: search_term cannot be empty');
  });

  // ── knowledge, issues, transcripts ────────────────────────────────────────────────────────
  it('search_knowledge_articles returns {Id, Title, Content} of published articles; keywords is rejected as in CRMArena', async () => {
    const r = await call('search_knowledge_articles', { search_term: 'warranty' });
    const rows = r.value as { Id: string; Title: string; Content: string }[];
    expect(rows.length).toBeGreaterThan(0);
    const articles = new Map(org.all<{ Id: string; Title: string; FAQ_Answer__c: string; ok: number }>(
      `SELECT Id, Title, FAQ_Answer__c, (PublishStatus = 'Online' AND Language = 'en_US') ok FROM Knowledge__kav`,
    ).map((a) => [a.Id, a]));
    for (const a of rows) {
      const gt = articles.get(a.Id)!;
      expect(gt.ok).toBe(1);
      expect(a).toEqual({ Id: gt.Id, Title: gt.Title, Content: gt.FAQ_Answer__c });
    }
    const titled = [...articles.values()].filter((a) => /\bwarranty\b/i.test(a.Title)).map((a) => a.Id);
    expect(titled.length).toBeGreaterThan(0);
    for (const id of titled) expect(rows.map((x) => x.Id)).toContain(id);
    expect(r.observation.startsWith("[{'Id': 'ka0")).toBe(true);
    expect((await call('search_knowledge_articles', { keywords: 'warranty' })).observation).toBe("Error: search_knowledge_articles() got an unexpected keyword argument 'keywords'");
    expect((await call('search_knowledge_articles', { search_term: "women's" })).observation).toMatch(/^MALFORMED_SEARCH: /);
  });

  it('get_issues, get_email_messages_by_case_id and get_livechat_transcript_by_case_id return the records', async () => {
    const issues = await call('get_issues', {});
    expect(sorted(issues.value as Row[])).toEqual(sorted(org.all<Row>(`SELECT Id, Name FROM Issue__c WHERE IsDeleted = 0`)));
    const withMail = org.all<{ p: string }>(`SELECT ParentId p FROM EmailMessage GROUP BY ParentId ORDER BY COUNT(*) DESC, ParentId LIMIT 1`)[0]!.p;
    const mails = (await call('get_email_messages_by_case_id', { case_id: withMail })).value as Row[];
    const gtMails = org.all<Row>(`SELECT Subject, TextBody, FromAddress, ToAddress, MessageDate FROM EmailMessage WHERE ParentId = ?`, [withMail]);
    expect(sorted(mails)).toEqual(sorted(gtMails.map((m) => ({ ...m, MessageDate: apiDatetime(m.MessageDate as string) }))));
    const withChat = org.all<{ c: string }>(`SELECT CaseId c FROM LiveChatTranscript ORDER BY Id LIMIT 1`)[0]!.c;
    const chats = (await call('get_livechat_transcript_by_case_id', { case_id: withChat })).value as Row[];
    const gtChats = org.all<Row>(`SELECT Body, EndTime FROM LiveChatTranscript WHERE CaseId = ?`, [withChat]);
    expect(sorted(chats)).toEqual(sorted(gtChats.map((m) => ({ ...m, EndTime: apiDatetime(m.EndTime as string) }))));
    expect((await call('get_email_messages_by_case_id', { case_id: '500000000000000AAA' })).observation).toBe('[]');
    expect((await call('get_livechat_transcript_by_case_id', { case_id: 5 })).observation).toBe('Error: case_id must be a string');
  });

  // ── respond and the raw query tools ───────────────────────────────────────────────────────
  it('respond ends the episode with "DONE"; issue_soql_query / issue_sosl_query render results and errors as CRMArena does', async () => {
    expect(await call('respond', { content: 'None' })).toEqual({ value: 'None', observation: 'DONE', done: true });
    expect(await call('respond', {})).toEqual({ value: "Error: 'content'", observation: "Error: 'content'", isError: true });

    const n = org.all<{ n: number }>(`SELECT COUNT(*) n FROM "Case" WHERE Status = 'Closed'`)[0]!.n;
    const agg = await call('issue_soql_query', { query: "SELECT COUNT(Id) total FROM Case WHERE Status = 'Closed'" });
    expect(agg.observation).toBe(`[{'total': ${n}}]`);
    expect((await call('issue_soql_query', { query: 'SELECT COUNT() FROM Case' })).observation).toBe('[]');
    const fenced = await call('issue_soql_query', { query: "```soql\nSELECT Id, Name\n  FROM Issue__c\n```" });
    expect((fenced.value as Row[]).length).toBe(org.all(`SELECT Id FROM Issue__c`).length);
    const nested = await call('issue_soql_query', { query: 'SELECT Id, Quantity, Order.AccountId FROM OrderItem ORDER BY Id LIMIT 1' });
    const oi = org.all<{ Id: string; q: number; a: string; o: string }>(`SELECT oi.Id, oi.Quantity q, o.AccountId a, o.Id o FROM OrderItem oi JOIN "Order" o ON o.Id = oi.OrderId ORDER BY oi.Id LIMIT 1`)[0]!;
    expect(nested.observation).toBe(
      `[{'Id': '${oi.Id}', 'Quantity': ${Number.isInteger(oi.q) ? `${oi.q}.0` : oi.q}, 'Order': OrderedDict([('attributes', OrderedDict([('type', 'Order'), ('url', '/services/data/v59.0/sobjects/Order/${oi.o}')])), ('AccountId', '${oi.a}')])}]`,
    );
    const bad = await call('issue_soql_query', { query: 'SELECT Id FROM Cas' });
    expect(bad.observation).toMatch(/^INVALID_TYPE: \nSELECT Id FROM Cas\n/);
    expect(bad.isError).toBe(true);
    expect((await call('issue_soql_query', { query: 42 })).observation).toBe("Error: 'int' object has no attribute 'startswith'");
    expect((await call('issue_soql_query', {})).observation).toBe("Error: issue_soql_query() missing 1 required positional argument: 'query'");
    const sosl = await call('issue_sosl_query', { query: 'FIND {warranty} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title)' });
    expect((sosl.value as Row[]).every((x) => typeof x.Id === 'string' && 'Title' in x && !('attributes' in x))).toBe(true);
    // Only text starting with "FIND" goes to search; lower case is read as SOQL and rejected.
    expect((await call('issue_sosl_query', { query: 'find {warranty}' })).observation).toMatch(/^[A-Z_]+: /);
  });
});

describe('binding arguments like a Python call', () => {
  let org: OpenOrg;
  beforeAll(() => {
    org = openOrg(1);
  });
  afterAll(() => org.store.close());

  it('reports unexpected, missing and duplicate arguments with CPython texts', async () => {
    const c = (name: string, args: unknown) => callTool(org.episode, name, args).then((r) => r.observation);
    expect(await c('get_cases', { foo: 1 })).toBe("Error: get_cases() got an unexpected keyword argument 'foo'");
    expect(await c('get_period', { year: 2020 })).toBe("Error: get_period() missing 1 required positional argument: 'period_name'");
    expect(await c('get_period', {})).toBe("Error: get_period() missing 2 required positional arguments: 'period_name' and 'year'");
    expect(await c('get_issue_counts', {})).toBe("Error: get_issue_counts() missing 3 required positional arguments: 'start_date', 'end_date', and 'order_item_ids'");
    expect(await c('get_issues', { sf_connector: 'x' })).toBe("Error: crm_sandbox.env.functions.get_issues() got multiple values for keyword argument 'sf_connector'");
    expect(await c('get_issues', ['x'])).toBe('Error: crm_sandbox.env.functions.get_issues() argument after ** must be a mapping, not list');
    expect(await c('no_such_tool', {})).toBe('Unknown action no_such_tool');
  });

  it('a task pipeline through the tools: handle time in a named period (HTU shape)', async () => {
    const c = async (name: string, args: unknown) => (await callTool(org.episode, name, args)).value;
    const period = (await c('get_period', { period_name: 'Q4', year: 2022 })) as { start_date: string; end_date: string };
    const handled = await c('get_agent_handled_cases_by_period', period);
    const qualified = (await c('get_qualified_agent_ids_by_case_count', { agent_handled_cases: handled, n_cases: 1 })) as string[];
    const kept = (await c('get_non_transferred_case_ids', period)) as string[];
    const cases = await c('get_cases', { ...period, agent_ids: qualified, case_ids: kept, statuses: ['Closed'] });
    const avg = await c('calculate_average_handle_time', { cases });
    const best = (await c('find_id_with_min_value', { values_by_id: avg })) as string[];
    // The same by SQL.
    const s = storedDate(period.start_date);
    const e = storedDate(period.end_date);
    const gt = org.all<{ k: string; m: number }>(
      `WITH q AS (SELECT NewValue__c a FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND CreatedDate >= ? AND CreatedDate <= ? GROUP BY NewValue__c HAVING COUNT(*) > 1),
            nt AS (SELECT CaseId__c id FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND CreatedDate >= ? AND CreatedDate <= ? GROUP BY CaseId__c HAVING COUNT(*) = 1)
       SELECT OwnerId k, AVG((julianday(ClosedDate) - julianday(CreatedDate)) * 1440.0) m FROM "Case"
       WHERE CreatedDate >= ? AND CreatedDate < ? AND Status = 'Closed' AND OwnerId IN (SELECT a FROM q) AND Id IN (SELECT id FROM nt) GROUP BY OwnerId`,
      [s, e, s, e, s, e],
    );
    expect(gt.length).toBeGreaterThan(0);
    const min = Math.min(...gt.map((g) => g.m));
    expect(sorted(best)).toEqual(sorted(gt.filter((g) => Math.abs(g.m - min) < 1e-6).map((g) => g.k)));
    expect(gt.find((g) => g.k === best[0])!.m).toBeCloseTo(min, 6);
  });
});
