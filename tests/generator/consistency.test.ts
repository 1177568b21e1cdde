// Cross-record invariants of org.md on the shared generated org.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

let store: Store;
beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
});
afterAll(() => store?.close());

const none = (sql: string) => expect(store.allRaw(`${sql} LIMIT 5`)).toEqual([]);
const scalar = (sql: string) => store.allRaw(sql)[0]![0] as number;

describe('orders and prices', () => {
  it('OrderItem.UnitPrice = its PricebookEntry.UnitPrice; entry matches item product and order price book', () => {
    none(`SELECT oi."Id" FROM "OrderItem" oi JOIN "PricebookEntry" e ON e."Id" = oi."PricebookEntryId" JOIN "Order" o ON o."Id" = oi."OrderId"
           WHERE oi."UnitPrice" <> e."UnitPrice" OR oi."Product2Id" <> e."Product2Id" OR o."Pricebook2Id" <> e."Pricebook2Id"`);
  });
  it('OrderItem.TotalPrice = Quantity × UnitPrice', () => {
    none(`SELECT "Id" FROM "OrderItem" WHERE ABS("TotalPrice" - ROUND("Quantity" * "UnitPrice", 2)) > 0.005`);
  });
  it('Order.TotalAmount = Σ item TotalPrice', () => {
    none(`SELECT o."Id" FROM "Order" o JOIN (SELECT "OrderId", SUM("TotalPrice") s FROM "OrderItem" GROUP BY 1) t ON t."OrderId" = o."Id"
           WHERE ABS(o."TotalAmount" - t.s) > 0.005`);
    none(`SELECT o."Id" FROM "Order" o WHERE NOT EXISTS (SELECT 1 FROM "OrderItem" oi WHERE oi."OrderId" = o."Id")`);
  });
  it('PricebookEntry Name/ProductCode are copied from the product', () => {
    none(`SELECT e."Id" FROM "PricebookEntry" e JOIN "Product2" p ON p."Id" = e."Product2Id" WHERE e."Name" <> p."Name" OR e."ProductCode" <> p."ProductCode"`);
  });
  it('products carry External_ID__c = "<category names>_<index>" and look-alike names share key nouns', () => {
    const rows = store.allRaw(`SELECT "External_ID__c" FROM "Product2"`).map((r) => r[0] as string);
    for (const x of rows) expect(x).toMatch(/^[^_]+_\d+$/);
    expect(scalar(`SELECT COUNT(*) FROM "Product2" WHERE "Name" LIKE '%Trail Running Shoe%'`)).toBeGreaterThan(5);
  });
  it('orders are Activated or Draft, with dates in 2020..2024', () => {
    none(`SELECT "Id" FROM "Order" WHERE "Status" NOT IN ('Activated', 'Draft')`);
    expect(scalar(`SELECT COUNT(*) FROM "Order" WHERE "Status" = 'Activated'`) / store.count('Order')).toBeGreaterThan(0.9);
  });
});

describe('cases', () => {
  it('Case.AccountId = its Contact.AccountId, and its order item belongs to an order of that account', () => {
    none(`SELECT c."Id" FROM "Case" c JOIN "Contact" ct ON ct."Id" = c."ContactId" WHERE c."AccountId" IS NOT ct."AccountId"`);
    none(`SELECT c."Id" FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" JOIN "Order" o ON o."Id" = oi."OrderId" WHERE o."AccountId" <> c."AccountId"`);
    none(`SELECT "Id" FROM "Case" WHERE "OrderItemId__c" IS NULL OR "IssueId__c" IS NULL OR "ContactId" IS NULL`);
  });
  it('case is created on or after its order date, on a round quarter-hour', () => {
    none(`SELECT c."Id" FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" JOIN "Order" o ON o."Id" = oi."OrderId" WHERE substr(c."CreatedDate", 1, 10) < o."EffectiveDate"`);
    none(`SELECT c."Id" FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" JOIN "Order" o ON o."Id" = oi."OrderId" WHERE c."CreatedDate" <= o."CreatedDate"`);
    none(`SELECT "Id" FROM "Case" WHERE substr("CreatedDate", 15, 2) NOT IN ('00', '15', '30', '45') OR substr("CreatedDate", 18) <> '00.000Z'`);
    const sameDay = scalar(
      `SELECT COUNT(*) FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" JOIN "Order" o ON o."Id" = oi."OrderId" WHERE substr(c."CreatedDate", 1, 10) = o."EffectiveDate"`,
    );
    expect(sameDay / store.count('Case')).toBeGreaterThan(0.15);
  });
  it('IsClosed ⇔ Status = Closed; ClosedDate > CreatedDate on closed cases and null on open ones; ≈92% closed', () => {
    none(`SELECT "Id" FROM "Case" WHERE ("IsClosed" = 1) <> ("Status" = 'Closed')`);
    none(`SELECT "Id" FROM "Case" WHERE "IsClosed" = 1 AND ("ClosedDate" IS NULL OR "ClosedDate" <= "CreatedDate")`);
    none(`SELECT "Id" FROM "Case" WHERE "IsClosed" = 0 AND "ClosedDate" IS NOT NULL`);
    const share = scalar(`SELECT AVG("IsClosed") FROM "Case"`);
    expect(share).toBeGreaterThan(0.88);
    expect(share).toBeLessThan(0.96);
  });
  it('handle times run from minutes to ~2 days with a median of a few hours', () => {
    const h = store.allRaw(`SELECT (julianday("ClosedDate") - julianday("CreatedDate")) * 24 FROM "Case" WHERE "IsClosed" = 1 ORDER BY 1`).map((r) => r[0] as number);
    expect(h[0]!).toBeGreaterThan(0.2);
    expect(h.at(-1)!).toBeLessThan(50);
    const median = h[h.length >> 1]!;
    expect(median).toBeGreaterThan(3);
    expect(median).toBeLessThan(8);
  });
  it('OwnerId is a service agent', () => {
    none(`SELECT c."Id" FROM "Case" c JOIN "User" u ON u."Id" = c."OwnerId" WHERE u."Title" NOT LIKE '%Service Agent%'`);
  });
  it('subjects and descriptions name the product and have no unfilled placeholders', () => {
    none(`SELECT c."Id" FROM "Case" c JOIN "OrderItem" oi ON oi."Id" = c."OrderItemId__c" JOIN "Product2" p ON p."Id" = oi."Product2Id"
           WHERE instr(c."Subject" || ' ' || c."Description", p."Name") = 0`);
    none(`SELECT "Id" FROM "Case" WHERE "Subject" LIKE '%{%' OR "Description" LIKE '%{%'`);
    expect(scalar(`SELECT COUNT(DISTINCT "Subject") FROM "Case"`)).toBeGreaterThan(store.count('Case') * 0.5);
  });
});

describe('CaseHistory__c', () => {
  it("exactly one 'Case Creation' per case, at CreatedDate", () => {
    none(`SELECT c."Id" FROM "Case" c LEFT JOIN "CaseHistory__c" h ON h."CaseId__c" = c."Id" AND h."Field__c" = 'Case Creation'
           GROUP BY c."Id" HAVING COUNT(h."Id") <> 1 OR MIN(h."CreatedDate") <> c."CreatedDate"`);
  });
  it("first 'Owner Assignment' at CreatedDate with null OldValue__c; at most 2 assignments; OwnerId = last assignee", () => {
    const rows = store.allRaw(
      `SELECT c."Id", c."CreatedDate", c."OwnerId", h."CreatedDate", h."OldValue__c", h."NewValue__c"
         FROM "Case" c JOIN "CaseHistory__c" h ON h."CaseId__c" = c."Id" AND h."Field__c" = 'Owner Assignment'
        ORDER BY c."Id", h."CreatedDate", h."Id"`,
    ) as [string, string, string, string, string | null, string][];
    const byCase = new Map<string, typeof rows>();
    for (const r of rows) byCase.set(r[0], [...(byCase.get(r[0]) ?? []), r]);
    expect(byCase.size).toBe(store.count('Case'));
    let transferred = 0;
    for (const [, list] of byCase) {
      expect(list.length).toBeLessThanOrEqual(2);
      const [first, second] = list;
      expect(first![3]).toBe(first![1]);
      expect(first![4]).toBeNull();
      if (second) {
        transferred++;
        expect(second[3] > first![3]).toBe(true);
        expect(second[4]).toBe(first![5]);
        expect(second[5]).not.toBe(first![5]);
      }
      expect(list.at(-1)![5]).toBe(list[0]![2]);
    }
    const share = transferred / byCase.size;
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.15);
  });
  it("'Case Closed' row at ClosedDate for closed cases only; transfers happen before closing", () => {
    none(`SELECT c."Id" FROM "Case" c LEFT JOIN "CaseHistory__c" h ON h."CaseId__c" = c."Id" AND h."Field__c" = 'Case Closed'
           GROUP BY c."Id" HAVING COUNT(h."Id") <> c."IsClosed" OR (c."IsClosed" = 1 AND MIN(h."CreatedDate") <> c."ClosedDate")`);
    none(`SELECT h."Id" FROM "CaseHistory__c" h JOIN "Case" c ON c."Id" = h."CaseId__c" WHERE c."IsClosed" = 1 AND h."CreatedDate" > c."ClosedDate"`);
    none(`SELECT "Id" FROM "CaseHistory__c" WHERE "Field__c" <> 'Owner Assignment' AND ("OldValue__c" IS NOT NULL OR "NewValue__c" IS NOT NULL)`);
  });
});

describe('emails and chats', () => {
  it('emails belong to their case, alternate Incoming true/false, reply with "Re: <subject>", come after case creation', () => {
    none(`SELECT "Id" FROM "EmailMessage" WHERE "ParentId" <> "RelatedToId"`);
    none(`SELECT e."Id" FROM "EmailMessage" e JOIN "Case" c ON c."Id" = e."ParentId" WHERE e."MessageDate" <= c."CreatedDate" OR (c."IsClosed" = 1 AND e."MessageDate" > c."ClosedDate")`);
    const rows = store.allRaw(`SELECT e."ParentId", e."Subject", e."Incoming", e."FromAddress", e."ToAddress", e."ToIds", c."Subject", ct."Email" FROM "EmailMessage" e
       JOIN "Case" c ON c."Id" = e."ParentId" JOIN "Contact" ct ON ct."Id" = c."ContactId" ORDER BY e."ParentId", e."MessageDate"`) as [string, string, number, string, string, string, string, string][];
    let prev = '';
    let k = 0;
    for (const [parent, subject, incoming, from, to, toIds, caseSubject, contactEmail] of rows) {
      k = parent === prev ? k + 1 : 0;
      prev = parent;
      expect(incoming).toBe(k % 2 === 0 ? 1 : 0);
      expect(subject).toBe(k === 0 ? caseSubject : `Re: ${caseSubject}`);
      const customer = incoming ? from : to;
      const agent = incoming ? to : from;
      expect(customer).toBe(contactEmail);
      expect(customer).toMatch(/@example\.com$/);
      expect(agent).toMatch(/@domain\.com$/);
      expect(JSON.parse(toIds)).toHaveLength(1);
    }
  });
  it('chat transcripts: consistent with the case; body lines are [timestamp] Name (Customer|Agent): text within Start..End', () => {
    none(`SELECT t."Id" FROM "LiveChatTranscript" t JOIN "Case" c ON c."Id" = t."CaseId" WHERE t."AccountId" <> c."AccountId" OR t."ContactId" <> c."ContactId"
            OR t."StartTime" >= t."EndTime" OR t."StartTime" < c."CreatedDate" OR (c."IsClosed" = 1 AND t."EndTime" > c."ClosedDate")`);
    none(`SELECT t."Id" FROM "LiveChatTranscript" t WHERE NOT EXISTS (SELECT 1 FROM "CaseHistory__c" h WHERE h."CaseId__c" = t."CaseId" AND h."Field__c" = 'Owner Assignment' AND h."NewValue__c" = t."OwnerId")`);
    none(`SELECT "CaseId" FROM "LiveChatTranscript" GROUP BY 1 HAVING COUNT(*) > 1`);
    const rows = store.allRaw(`SELECT "Body", "StartTime", "EndTime" FROM "LiveChatTranscript"`) as [string, string, string][];
    const line = /^\[(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\] [^()]+ \((Customer|Agent)\): \S.*$/;
    for (const [body, start, end] of rows) {
      const lines = body.split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(6);
      let last = '';
      const speakers = new Set<string>();
      for (const l of lines) {
        const m = line.exec(l);
        expect(m, l).not.toBeNull();
        const ts = `${m![1]}.000Z`;
        expect(ts >= last).toBe(true);
        expect(ts >= start.slice(0, 19) + '.000Z' && ts <= end).toBe(true);
        last = ts;
        speakers.add(m![2]!);
      }
      expect(speakers.size).toBe(2);
      expect(body).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('knowledge and issues', () => {
  it('articles are Online en_US latest version 1 with numbers 000001001…', () => {
    none(`SELECT "Id" FROM "Knowledge__kav" WHERE "PublishStatus" <> 'Online' OR "Language" <> 'en_US' OR "IsLatestVersion" <> 1 OR "VersionNumber" <> 1`);
    const nums = store.allRaw(`SELECT "ArticleNumber" FROM "Knowledge__kav" ORDER BY 1`).map((r) => r[0]);
    expect(nums[0]).toBe('000001001');
    expect(nums).toHaveLength(45);
  });
  it('the 10 issues have the CRMArena names', () => {
    const names = store.allRaw(`SELECT "Name" FROM "Issue__c" ORDER BY "Id"`).map((r) => r[0]);
    expect(names).toEqual([
      'Billing/Payment Issue', 'Return Policy Issue', 'Product Defect', 'Size Mismatch', 'Shipping Delay',
      'Product Availability', 'Order Cancellation', 'Warranty Issue', 'Incorrect Item Received', 'Loyalty Program Inquiry',
    ]);
  });
});
