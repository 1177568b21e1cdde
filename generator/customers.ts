// Accounts (person accounts), contacts and order headers. Customer shopping habits (preferred
// categories, holiday-heavy purchase dates, activity) are latent: they shape orders, never stored.
import { CATEGORIES, COMPANY } from '../fixtures/index.js';
import type { CatalogueProduct, CataloguePricebook } from './catalogue.js';
import { STATES } from './latent.js';
import { seededFaker } from './faker.js';
import type { Rng } from './rng.js';
import { phone } from './users.js';
import { dayNumber, FIRST_ORDER_DAY, LAST_ORDER_DAY } from './time.js';

export const ACCOUNTS_PER_SCALE = 200;
export const ORDERS_PER_SCALE = 2050;
export const EXTRA_CONTACT_SHARE = 0.04;

export interface AccountPlan {
  readonly index: number; // Id = makeId(keyPrefix('Account'), index + 1)
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  /** Contact indexes (Id = makeId(keyPrefix('Contact'), i + 1)); the first is the account holder. */
  readonly contacts: number[];
  // latent shopping habit
  readonly preferredCategories: readonly number[];
  readonly holidayAffinity: number;
  readonly activity: number;
  firstOrderDay: number;
}

export interface ContactPlan {
  readonly index: number;
  readonly accountIndex: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
}

export interface OrderHeader {
  readonly index: number; // Id = makeId(keyPrefix('Order'), index + 1); OrderNumber from index
  readonly accountIndex: number;
  readonly day: number;
  readonly minuteOfDay: number;
  readonly activated: boolean;
  readonly pricebook: number;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Holiday windows (month, first day, last day, weight): late Nov, Dec, mid-Feb, mid-Mar, mid-Aug. */
const HOLIDAYS: readonly (readonly [number, number, number, number])[] = [
  [11, 22, 30, 4],
  [12, 14, 26, 3],
  [2, 9, 16, 1],
  [3, 10, 19, 1.3],
  [8, 9, 18, 1],
];
const HOLIDAY_WEIGHTS = HOLIDAYS.map((h) => h[3]);

export function buildCustomers(root: Rng, scale: number): { accounts: AccountPlan[]; contacts: ContactPlan[] } {
  const r = root.fork('accounts');
  const faker = seededFaker(r.seed31());
  const n = Math.max(1, Math.round(ACCOUNTS_PER_SCALE * scale));
  const leafCategories = CATEGORIES.map((c, i) => (c.parent ? i : -1)).filter((i) => i >= 0);
  const stateWeights = STATES.map((s) => s[1]);
  const emails = new Set<string>();
  const uniqueEmail = (first: string, last: string) => {
    const base = `${slug(first)}.${slug(last)}`;
    let e = `${base}@${COMPANY.customerEmailDomain}`;
    for (let k = 2; emails.has(e); k++) e = `${base}${k}@${COMPANY.customerEmailDomain}`;
    emails.add(e);
    return e;
  };
  const accounts: AccountPlan[] = [];
  const contacts: ContactPlan[] = [];
  for (let i = 0; i < n; i++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const email = uniqueEmail(first, last);
    const ph = phone(r);
    const prefCount = r.int(2, 3);
    const preferred = r.shuffle(leafCategories).slice(0, prefCount);
    const account: AccountPlan = {
      index: i,
      firstName: first,
      lastName: last,
      email,
      phone: ph,
      street: faker.location.streetAddress(),
      city: faker.location.city(),
      state: STATES[r.weightedIndex(stateWeights)]![0],
      postalCode: faker.location.zipCode('#####'),
      contacts: [],
      preferredCategories: preferred,
      holidayAffinity: r.uniform(0.1, 0.35),
      activity: r.logNormal(1, 0.6),
      firstOrderDay: LAST_ORDER_DAY,
    };
    accounts.push(account);
    account.contacts.push(contacts.length);
    contacts.push({ index: contacts.length, accountIndex: i, firstName: first, lastName: last, email, phone: ph });
    if (r.chance(EXTRA_CONTACT_SHARE)) {
      const f2 = faker.person.firstName();
      account.contacts.push(contacts.length);
      contacts.push({ index: contacts.length, accountIndex: i, firstName: f2, lastName: last, email: uniqueEmail(f2, last), phone: phone(r) });
    }
  }
  return { accounts, contacts };
}

/** A purchase day: holiday-heavy for customers with a high holiday affinity. */
function purchaseDay(r: Rng, a: AccountPlan): number {
  if (r.chance(a.holidayAffinity)) {
    const [m, d1, d2] = HOLIDAYS[r.weightedIndex(HOLIDAY_WEIGHTS)]!;
    return dayNumber(r.int(2020, 2024), m, r.int(d1, d2));
  }
  return r.int(FIRST_ORDER_DAY, LAST_ORDER_DAY);
}

export function buildOrderHeaders(root: Rng, scale: number, accounts: AccountPlan[], pricebooks: readonly CataloguePricebook[]): OrderHeader[] {
  const r = root.fork('orders');
  const target = Math.max(1, Math.round(ORDERS_PER_SCALE * scale));
  const totalActivity = accounts.reduce((s, a) => s + a.activity, 0);
  const seasonal = pricebooks.filter((p) => p.isActive && p.fromDay !== null);
  const standard = pricebooks.find((p) => p.isStandard)!.index;
  const standing = pricebooks.filter((p) => p.isActive && !p.isStandard && p.fromDay === null).map((p) => p.index);
  const raw: Omit<OrderHeader, 'index'>[] = [];
  let carry = 0;
  for (const a of accounts) {
    const exact = (target * a.activity) / totalActivity + carry;
    const count = Math.max(1, Math.round(exact));
    carry = exact - count;
    for (let k = 0; k < count; k++) {
      const day = purchaseDay(r, a);
      const covering = seasonal.filter((p) => p.fromDay! <= day && day <= p.toDay!);
      let pricebook = standard;
      if (covering.length > 0 && r.chance(0.7)) pricebook = r.pick(covering).index;
      else if (standing.length > 0 && r.chance(0.12)) pricebook = r.pick(standing);
      raw.push({ accountIndex: a.index, day, minuteOfDay: r.int(6 * 60, 20 * 60 + 59), activated: !r.chance(0.04), pricebook });
      if (day < a.firstOrderDay) a.firstOrderDay = day;
    }
  }
  raw.sort((x, y) => x.day - y.day || x.minuteOfDay - y.minuteOfDay || x.accountIndex - y.accountIndex);
  return raw.map((o, index) => ({ index, ...o }));
}

/** Product indexes per category index, for habit-driven product choice. */
export function productsByCategory(products: readonly CatalogueProduct[]): number[][] {
  const out: number[][] = CATEGORIES.map(() => []);
  for (const p of products) for (const c of p.categories) out[c]!.push(p.index);
  return out;
}

/** Share of order lines a customer picks from one of their loyal product families. */
export const LOYAL_LINE_SHARE = 0.25;

/**
 * Loyal product families per account (a shopping-habit latent): 1–2 catalogue families from the
 * account's preferred categories that the customer keeps buying — a new pair of trail runners
 * every season — so an account owns several look-alike products bought on different dates.
 */
export function drawLoyalFamilies(root: Rng, accounts: readonly AccountPlan[], products: readonly CatalogueProduct[]): number[][] {
  return accounts.map((a) => {
    const r = root.fork('latent', 'loyal-family', a.index);
    const fams = [...new Set(products.filter((p) => p.categories.some((c) => a.preferredCategories.includes(c))).map((p) => p.familyIndex))].sort((x, y) => x - y);
    return r.shuffle(fams).slice(0, r.int(1, 2));
  });
}

/** Product indexes per catalogue family index. */
export function productsByFamily(products: readonly CatalogueProduct[]): number[][] {
  const out: number[][] = [];
  for (const p of products) (out[p.familyIndex] ??= []).push(p.index);
  return out;
}
