// One builder per object: each yields the rows of one sObject, in Id order, from the plans in the
// generation context. Builders never touch the store; index.ts streams them into it.
import { CATEGORIES, COMPANY, PRODUCT_COUNT } from '../fixtures/index.js';
import { FAQ_ARTICLES } from '../fixtures/index.js';
import { ISSUES } from '../fixtures/index.js';
import { POLICY_ARTICLES } from '../fixtures/index.js';
import { API_USER_ID, makeId, ORG_ID, keyPrefix } from '../schema/index.js';
import type { Row } from '../server/store/index.js';
import { entryPrice, type CatalogueProduct, type CataloguePricebook } from './catalogue.js';
import { maybeCase, type CasePlan, type CaseSeed } from './cases.js';
import { LOYAL_LINE_SHARE, type AccountPlan, type ContactPlan, type OrderHeader } from './customers.js';
import { BESTSELLER_LINE_SHARE, bestsellersOnSale, type Latent } from './latent.js';
import type { Rng } from './rng.js';
import { orgKnowledge } from './knowledge.js';
import { caseText } from './text.js';
import { chatBody, emailThread, type Party, type ThreadContext } from './threads.js';
import { dateOfDay, DAY_MS, iso, MINUTE_MS, RECORDS_START_MS } from './time.js';
import { AGENT_COUNT, FIRST_AGENT_USER, MANAGER_COUNT, type UserRecord } from './users.js';

export interface GenContext {
  readonly seed: number;
  readonly scale: number;
  readonly root: Rng;
  readonly seedHash: number;
  readonly latent: Latent;
  readonly users: readonly UserRecord[];
  readonly products: readonly CatalogueProduct[];
  readonly pricebooks: readonly CataloguePricebook[];
  readonly accounts: readonly AccountPlan[];
  readonly contacts: readonly ContactPlan[];
  readonly orders: readonly OrderHeader[];
  readonly productsByCategory: readonly (readonly number[])[];
  readonly productsByFamily: readonly (readonly number[] | undefined)[];
  /** Per account: its loyal product families (customers.ts drawLoyalFamilies). */
  readonly loyalFamilies: readonly (readonly number[])[];
  /** Filled by the OrderItem builder. */
  readonly caseSeeds: CaseSeed[];
  cases: CasePlan[];
}

export const ids = {
  user: (n: number) => (n === 1 ? API_USER_ID : makeId(keyPrefix('User'), n)),
  agent: (position: number) => makeId(keyPrefix('User'), FIRST_AGENT_USER + position),
  account: (i: number) => makeId(keyPrefix('Account'), i + 1),
  contact: (i: number) => makeId(keyPrefix('Contact'), i + 1),
  category: (i: number) => makeId(keyPrefix('ProductCategory'), i + 1),
  product: (i: number) => makeId(keyPrefix('Product2'), i + 1),
  pricebook: (i: number) => makeId(keyPrefix('Pricebook2'), i + 1),
  entry: (pb: number, p: number) => makeId(keyPrefix('PricebookEntry'), pb * PRODUCT_COUNT + p + 1),
  order: (i: number) => makeId(keyPrefix('Order'), i + 1),
  issue: (i: number) => makeId(keyPrefix('Issue__c'), i + 1),
  knowledge: (i: number) => makeId(keyPrefix('Knowledge__kav'), i + 1),
} as const;

function audit(createdMs: number, modifiedMs = createdMs): Row {
  const c = iso(createdMs);
  const m = iso(modifiedMs);
  return { IsDeleted: false, CreatedDate: c, CreatedById: API_USER_ID, LastModifiedDate: m, LastModifiedById: API_USER_ID, SystemModstamp: m };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const managerId = (i: number) => ids.user(FIRST_AGENT_USER + AGENT_COUNT + (i % MANAGER_COUNT));

// ── Organization, User ─────────────────────────────────────────────────────────────────────
export function* buildOrganization(): Generator<Row> {
  yield {
    Id: ORG_ID,
    Name: COMPANY.name,
    IsSandbox: false,
    OrganizationType: 'Enterprise Edition',
    NamespacePrefix: null,
    InstanceName: 'LF1',
    TrialExpirationDate: null,
    TimeZoneSidKey: 'GMT',
    ...audit(RECORDS_START_MS),
  };
}

export function* buildUsers(ctx: GenContext): Generator<Row> {
  for (const u of ctx.users) yield u.row;
}

// ── Account, Contact ───────────────────────────────────────────────────────────────────────
function accountCreatedMs(ctx: GenContext, a: AccountPlan): number {
  const r = ctx.root.fork('account-created', a.index);
  const day = Math.max(RECORDS_START_MS / DAY_MS, a.firstOrderDay - r.int(0, 60));
  return day * DAY_MS + r.int(8 * 60, 22 * 60) * MINUTE_MS;
}

export function* buildAccounts(ctx: GenContext): Generator<Row> {
  for (const a of ctx.accounts) {
    yield {
      Id: ids.account(a.index),
      Name: `${a.firstName} ${a.lastName}`,
      FirstName: a.firstName,
      LastName: a.lastName,
      PersonEmail: a.email,
      Phone: a.phone,
      RecordTypeId: makeId('012', 1),
      ShippingStreet: a.street,
      ShippingCity: a.city,
      ShippingState: a.state,
      ShippingPostalCode: a.postalCode,
      ShippingCountry: 'United States',
      OwnerId: managerId(a.index),
      ...audit(accountCreatedMs(ctx, a)),
    };
  }
}

export function* buildContacts(ctx: GenContext): Generator<Row> {
  for (const c of ctx.contacts) {
    const a = ctx.accounts[c.accountIndex]!;
    yield {
      Id: ids.contact(c.index),
      FirstName: c.firstName,
      LastName: c.lastName,
      Name: `${c.firstName} ${c.lastName}`,
      Email: c.email,
      Phone: c.phone,
      AccountId: ids.account(a.index),
      OwnerId: managerId(a.index),
      ...audit(accountCreatedMs(ctx, a)),
    };
  }
}

// ── Catalogue ──────────────────────────────────────────────────────────────────────────────
export function* buildCategories(): Generator<Row> {
  const index = new Map(CATEGORIES.map((c, i) => [c.name, i]));
  for (const [i, c] of CATEGORIES.entries()) {
    yield {
      Id: ids.category(i),
      Name: c.name,
      CatalogId: makeId('0ZS', 1),
      ParentCategoryId: c.parent === null ? null : ids.category(index.get(c.parent)!),
      ...audit(RECORDS_START_MS),
    };
  }
}

export function* buildProducts(ctx: GenContext): Generator<Row> {
  for (const p of ctx.products) {
    yield {
      Id: ids.product(p.index),
      Name: p.name,
      ProductCode: p.code,
      Description: p.description,
      Family: p.family.family,
      IsActive: true,
      External_ID__c: p.externalId,
      ...audit(RECORDS_START_MS),
    };
  }
}

export function* buildCategoryProducts(ctx: GenContext): Generator<Row> {
  let n = 0;
  for (const p of ctx.products) {
    for (const c of p.categories) {
      n++;
      yield {
        Id: makeId(keyPrefix('ProductCategoryProduct'), n),
        Name: `PCP-${String(n).padStart(6, '0')}`,
        ProductCategoryId: ids.category(c),
        ProductId: ids.product(p.index),
        ...audit(RECORDS_START_MS),
      };
    }
  }
}

export function* buildPricebooks(ctx: GenContext): Generator<Row> {
  for (const pb of ctx.pricebooks) {
    yield {
      Id: ids.pricebook(pb.index),
      Name: pb.name,
      Description: pb.description,
      IsActive: pb.isActive,
      IsStandard: pb.isStandard,
      ValidFrom: pb.fromDay === null ? null : iso(pb.fromDay * DAY_MS),
      ValidTo: pb.toDay === null ? null : iso(pb.toDay * DAY_MS + DAY_MS - 1000),
      ...audit(RECORDS_START_MS),
    };
  }
}

/** 44 books × 500 products; prices are a pure function of (seed, book, product), so nothing is held in memory. */
export function* buildPricebookEntries(ctx: GenContext): Generator<Row> {
  for (const pb of ctx.pricebooks) {
    if (pb.discount === 0) continue;
    for (const p of ctx.products) {
      yield {
        Id: ids.entry(pb.index, p.index),
        Name: p.name,
        Pricebook2Id: ids.pricebook(pb.index),
        Product2Id: ids.product(p.index),
        UnitPrice: entryPrice(ctx.seedHash, pb, p),
        IsActive: pb.isActive,
        ProductCode: p.code,
        ...audit(RECORDS_START_MS),
      };
    }
  }
}

// ── Order, OrderItem ───────────────────────────────────────────────────────────────────────
export interface OrderLine {
  readonly product: number;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly totalPrice: number;
}

/** The lines of an order: a pure function of (seed, order), called by both Order and OrderItem builders. */
export function orderLines(ctx: GenContext, o: OrderHeader): OrderLine[] {
  const r = ctx.root.fork('order-lines', o.index);
  const account = ctx.accounts[o.accountIndex]!;
  const count = r.weighted([1, 2, 3, 4, 5, 6, 7], [0.16, 0.2, 0.2, 0.16, 0.12, 0.09, 0.07]);
  const pb = ctx.pricebooks[o.pricebook]!;
  const chosen = new Set<number>();
  const lines: OrderLine[] = [];
  const onSale = bestsellersOnSale(ctx.latent, o.day);
  for (let k = 0; k < count; k++) {
    let product = -1;
    const loyal = ctx.loyalFamilies[o.accountIndex] ?? [];
    for (let attempt = 0; attempt < 8 && (product < 0 || chosen.has(product)); attempt++) {
      const u = r.float();
      const family = loyal.length > 0 && u < LOYAL_LINE_SHARE ? ctx.productsByFamily[r.pick(loyal)] : undefined;
      if (family && family.length > 0) product = r.pick(family);
      else if (onSale.products.length > 0 && r.chance(BESTSELLER_LINE_SHARE)) product = onSale.products[r.weightedIndex(onSale.weights)]!;
      else if (u < LOYAL_LINE_SHARE + 0.75 * (1 - LOYAL_LINE_SHARE)) {
        const list = ctx.productsByCategory[r.pick(account.preferredCategories)]!;
        product = list.length > 0 ? r.pick(list) : r.int(0, ctx.products.length - 1);
      } else product = r.int(0, ctx.products.length - 1);
    }
    if (chosen.has(product)) continue;
    chosen.add(product);
    const quantity = r.weighted([1, 2, 3], [0.75, 0.18, 0.07]);
    const unitPrice = entryPrice(ctx.seedHash, pb, ctx.products[product]!);
    lines.push({ product, quantity, unitPrice, totalPrice: round2(quantity * unitPrice) });
  }
  return lines;
}

const orderMs = (o: OrderHeader) => o.day * DAY_MS + o.minuteOfDay * MINUTE_MS;
export const orderNumber = (index: number) => String(index + 100).padStart(8, '0');

export function* buildOrders(ctx: GenContext): Generator<Row> {
  for (const o of ctx.orders) {
    const lines = orderLines(ctx, o);
    yield {
      Id: ids.order(o.index),
      AccountId: ids.account(o.accountIndex),
      Pricebook2Id: ids.pricebook(o.pricebook),
      Status: o.activated ? 'Activated' : 'Draft',
      EffectiveDate: dateOfDay(o.day),
      OrderNumber: orderNumber(o.index),
      TotalAmount: round2(lines.reduce((s, l) => s + l.totalPrice, 0)),
      OwnerId: managerId(o.accountIndex),
      ...audit(orderMs(o)),
    };
  }
}

/** Also decides which items get a case (ctx.caseSeeds), so no item list is ever held in memory. */
export function* buildOrderItems(ctx: GenContext): Generator<Row> {
  let n = 0;
  for (const o of ctx.orders) {
    for (const l of orderLines(ctx, o)) {
      n++;
      const id = makeId(keyPrefix('OrderItem'), n);
      yield {
        Id: id,
        OrderId: ids.order(o.index),
        Product2Id: ids.product(l.product),
        PricebookEntryId: ids.entry(o.pricebook, l.product),
        Quantity: l.quantity,
        UnitPrice: l.unitPrice,
        TotalPrice: l.totalPrice,
        OrderItemNumber: String(n).padStart(10, '0'),
        ...audit(orderMs(o)),
      };
      const seed = maybeCase(ctx.seed, ctx.root, ctx.latent, { itemCounter: n, itemId: id, productIndex: l.product, unitPrice: l.unitPrice, totalPrice: l.totalPrice }, o);
      if (seed) ctx.caseSeeds.push(seed);
    }
  }
}

// ── Issue__c, Knowledge__kav ───────────────────────────────────────────────────────────────
export function* buildIssues(): Generator<Row> {
  for (const [i, s] of ISSUES.entries()) yield { Id: ids.issue(i), Name: s.name, Description__c: s.description, ...audit(RECORDS_START_MS) };
}

/** Policy articles first (in POLICY_ARTICLES order), then FAQ articles. */
export function* buildKnowledge(ctx: GenContext): Generator<Row> {
  const all = [...POLICY_ARTICLES, ...FAQ_ARTICLES];
  // FAQ articles state this org's numbers (generator/knowledge.ts); policy articles are fixed.
  const org = orgKnowledge(ctx.seed).articles;
  for (const [i, a] of all.entries()) {
    const v = org.get(a.key);
    yield {
      Id: ids.knowledge(i),
      Title: a.title,
      Summary: v?.summary ?? a.summary,
      UrlName: a.urlName,
      FAQ_Answer__c: v?.body ?? a.body,
      ArticleNumber: String(1001 + i).padStart(9, '0'),
      PublishStatus: 'Online',
      Language: 'en_US',
      IsLatestVersion: true,
      VersionNumber: 1,
      ...audit(RECORDS_START_MS + i * 3_600_000),
    };
  }
}

// ── Case, CaseHistory__c, EmailMessage, LiveChatTranscript ──────────────────────────────────
const caseNumber = (index: number) => String(index + 1001).padStart(8, '0');

function subjectAndDescription(ctx: GenContext, c: CasePlan): { subject: string; description: string } {
  const r = ctx.root.fork('case-text', c.itemCounter);
  return caseText(r, ISSUES[c.issueIndex]!.key, ctx.products[c.productIndex]!.name, { days: c.plan.offsetDays, orderNumber: orderNumber(c.orderIndex) });
}

export function* buildCases(ctx: GenContext): Generator<Row> {
  for (const c of ctx.cases) {
    const { subject, description } = subjectAndDescription(ctx, c);
    const contact = ctx.contacts[c.contactIndex]!;
    yield {
      Id: c.id,
      CaseNumber: caseNumber(c.index),
      Subject: subject,
      Description: description,
      Status: c.status,
      Priority: c.priority,
      Origin: c.origin,
      ContactId: ids.contact(contact.index),
      AccountId: ids.account(contact.accountIndex),
      OwnerId: ids.agent(c.owners.at(-1)!),
      ClosedDate: c.closedMs === null ? null : iso(c.closedMs),
      IsClosed: c.closedMs !== null,
      OrderItemId__c: c.itemId,
      IssueId__c: ids.issue(c.issueIndex),
      ...audit(c.createdMs, c.lastEventMs),
    };
  }
}

export function* buildCaseHistory(ctx: GenContext): Generator<Row> {
  let n = 0;
  const row = (caseId: string, field: string, ms: number, oldValue: string | null, newValue: string | null): Row => {
    n++;
    return {
      Id: makeId(keyPrefix('CaseHistory__c'), n),
      Name: `CH-${String(n).padStart(8, '0')}`,
      CaseId__c: caseId,
      Field__c: field,
      OldValue__c: oldValue,
      NewValue__c: newValue,
      ...audit(ms),
    };
  };
  for (const c of ctx.cases) {
    yield row(c.id, 'Case Creation', c.createdMs, null, null);
    yield row(c.id, 'Owner Assignment', c.createdMs, null, ids.agent(c.owners[0]!));
    if (c.owners.length > 1) yield row(c.id, 'Owner Assignment', c.transferMs!, ids.agent(c.owners[0]!), ids.agent(c.owners[1]!));
    if (c.closedMs !== null) yield row(c.id, 'Case Closed', c.closedMs, null, null);
  }
}

function threadContext(ctx: GenContext, c: CasePlan): ThreadContext {
  const contact = ctx.contacts[c.contactIndex]!;
  const customer: Party = { firstName: contact.firstName, name: `${contact.firstName} ${contact.lastName}`, email: contact.email, id: ids.contact(contact.index) };
  const agents = c.owners.map((pos): Party => {
    const u = ctx.users[FIRST_AGENT_USER - 1 + pos]!;
    return { firstName: u.firstName, name: `${u.firstName} ${u.lastName}`, email: u.email, id: u.id };
  });
  return { plan: c, customer, agents, productName: ctx.products[c.productIndex]!.name };
}

export function* buildEmails(ctx: GenContext): Generator<Row> {
  let n = 0;
  for (const c of ctx.cases) {
    if (c.emailTimes.length === 0) continue;
    const { subject } = subjectAndDescription(ctx, c);
    const r = ctx.root.fork('email-text', c.itemCounter);
    for (const m of emailThread(threadContext(ctx, c), subject, r)) {
      n++;
      yield {
        Id: makeId(keyPrefix('EmailMessage'), n),
        Subject: m.subject,
        TextBody: m.body,
        FromAddress: m.from.email,
        FromName: m.from.name,
        ToAddress: m.to.email,
        ToIds: JSON.stringify([m.to.id]),
        ParentId: c.id,
        RelatedToId: c.id,
        MessageDate: iso(m.time),
        Incoming: m.incoming,
        Status: m.incoming ? '1' : '3',
        ...audit(m.time),
      };
    }
  }
}

export function* buildChats(ctx: GenContext): Generator<Row> {
  let n = 0;
  for (const c of ctx.cases) {
    if (c.chatTimes.length === 0) continue;
    n++;
    const r = ctx.root.fork('chat-text', c.itemCounter);
    const contact = ctx.contacts[c.contactIndex]!;
    const start = c.chatTimes[0]!;
    const end = c.chatTimes.at(-1)! + r.int(5, 60) * 1000;
    yield {
      Id: makeId(keyPrefix('LiveChatTranscript'), n),
      Name: String(n).padStart(8, '0'),
      CaseId: c.id,
      AccountId: ids.account(contact.accountIndex),
      ContactId: ids.contact(contact.index),
      OwnerId: ids.agent(c.owners[0]!),
      Body: chatBody(threadContext(ctx, c), r),
      StartTime: iso(start),
      EndTime: iso(end),
      LiveChatVisitorId: makeId('571', n),
      Status: 'Completed',
      ...audit(start, end),
    };
  }
}
