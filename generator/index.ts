// generateOrg: builds the context (catalogue, latent variables, customers, order headers), then
// streams every object's rows into a fresh SQLite file, one transaction per object, in schema
// order. Writes to `<out>.tmp-<pid>` and renames at the end, so no half-written org is ever left.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { OBJECTS } from '../schema/index.js';
import { Store, type Row } from '../server/store/index.js';
import * as B from './builders.js';
import { planCases } from './cases.js';
import { expandPricebooks, expandProducts, mix32 } from './catalogue.js';
import { buildCustomers, buildOrderHeaders, drawLoyalFamilies, productsByCategory, productsByFamily } from './customers.js';
import { drawLatent } from './latent.js';
import { Rng } from './rng.js';
import { REFERENCE_NOW } from './time.js';
import { buildUsers } from './users.js';

// Bumped whenever generated content or the schema changes (2: wave-2 latent structure, Organization fields;
// 3: bestseller lives and promotions, agent tenure, per-org knowledge facts and policy limits).
export const GENERATOR_VERSION = '3';

export interface GenerateOptions {
  readonly seed: number;
  readonly scale: number;
  readonly out: string;
  readonly force?: boolean;
  readonly onProgress?: (objectName: string, done: number, total: number) => void;
}

export interface GenerateResult {
  readonly counts: Record<string, number>;
  readonly seconds: number;
  readonly hash: string;
}

/** Throws a one-line reason when the options cannot produce an org. */
export function validateOptions(opts: Pick<GenerateOptions, 'seed' | 'scale'>): void {
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) throw new Error(`--seed must be a non-negative integer (got ${String(opts.seed)})`);
  if (typeof opts.scale !== 'number' || !Number.isFinite(opts.scale) || opts.scale <= 0) throw new Error(`--scale must be a number > 0 (got ${String(opts.scale)})`);
  if (opts.scale > 1000) throw new Error(`--scale must be at most 1000 (got ${opts.scale})`);
}

/** Builds everything that is held in memory: small, proportional to accounts/orders/cases, never to items. */
export function buildContext(seed: number, scale: number): B.GenContext {
  const root = Rng.root(seed);
  const products = expandProducts(root);
  const pricebooks = expandPricebooks(root);
  const latent = drawLatent(root, products);
  const users = buildUsers(root, latent.agents);
  const { accounts, contacts } = buildCustomers(root, scale);
  const orders = buildOrderHeaders(root, scale, accounts, pricebooks);
  return {
    seed,
    scale,
    root,
    seedHash: mix32(seed, 0x5eed, 1),
    latent,
    users,
    products,
    pricebooks,
    accounts,
    contacts,
    orders,
    productsByCategory: productsByCategory(products),
    productsByFamily: productsByFamily(products),
    loyalFamilies: drawLoyalFamilies(root, accounts, products),
    caseSeeds: [],
    cases: [],
  };
}

/**
 * The exact row count of an object, known before its rows are written (progress totals never change
 * mid-run). Called after the object's builder was created: Case planning happens there, so the
 * case-derived objects are counted from the plans.
 */
function knownTotal(name: string, ctx: B.GenContext): number {
  switch (name) {
    case 'Organization':
      return 1;
    case 'User':
      return ctx.users.length;
    case 'Account':
      return ctx.accounts.length;
    case 'Contact':
      return ctx.contacts.length;
    case 'ProductCategory':
      return 12;
    case 'Product2':
      return ctx.products.length;
    case 'ProductCategoryProduct':
      return ctx.products.reduce((s, p) => s + p.categories.length, 0);
    case 'Pricebook2':
      return ctx.pricebooks.length;
    case 'PricebookEntry':
      return ctx.pricebooks.filter((p) => p.discount > 0).length * ctx.products.length;
    case 'Order':
      return ctx.orders.length;
    case 'OrderItem':
      return ctx.orders.reduce((s, o) => s + B.orderLines(ctx, o).length, 0);
    case 'Issue__c':
      return 10;
    case 'Knowledge__kav':
      return 45;
    case 'Case':
      return ctx.cases.length;
    case 'CaseHistory__c':
      return ctx.cases.reduce((s, c) => s + 2 + (c.owners.length > 1 ? 1 : 0) + (c.closedMs !== null ? 1 : 0), 0);
    case 'EmailMessage':
      return ctx.cases.reduce((s, c) => s + c.emailTimes.length, 0);
    case 'LiveChatTranscript':
      return ctx.cases.filter((c) => c.chatTimes.length > 0).length;
    default:
      return 0;
  }
}

function* withProgress(name: string, rows: Iterable<Row>, total: number, onProgress?: GenerateOptions['onProgress']): Generator<Row> {
  let n = 0;
  for (const row of rows) {
    yield row;
    n++;
    if (onProgress && n % 2000 === 0) onProgress(name, n, total);
  }
  if (n === 0 || n % 2000 !== 0) onProgress?.(name, n, total);
}

/** Generates an org (the whole run is synchronous; generateOrg is its Promise-returning form). */
export async function generateOrg(opts: GenerateOptions): Promise<GenerateResult> {
  return generateOrgSync(opts);
}

export function generateOrgSync(opts: GenerateOptions): GenerateResult {
  validateOptions(opts);
  const t0 = process.hrtime.bigint();
  const out = resolve(opts.out);
  if (existsSync(out) && !opts.force) throw new Error(`${opts.out} already exists (use --force to overwrite)`);
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  let store: Store | undefined;
  try {
    store = Store.create(tmp);
    const ctx = buildContext(opts.seed, opts.scale);
    const builders: Record<string, () => Iterable<Row>> = {
      Organization: () => B.buildOrganization(),
      User: () => B.buildUsers(ctx),
      Account: () => B.buildAccounts(ctx),
      Contact: () => B.buildContacts(ctx),
      ProductCategory: () => B.buildCategories(),
      Product2: () => B.buildProducts(ctx),
      ProductCategoryProduct: () => B.buildCategoryProducts(ctx),
      Pricebook2: () => B.buildPricebooks(ctx),
      PricebookEntry: () => B.buildPricebookEntries(ctx),
      Order: () => B.buildOrders(ctx),
      OrderItem: () => B.buildOrderItems(ctx),
      Issue__c: () => B.buildIssues(),
      Knowledge__kav: () => B.buildKnowledge(ctx),
      Case: () => {
        ctx.cases = planCases(ctx.root, ctx.latent, ctx.caseSeeds, ctx.accounts);
        return B.buildCases(ctx);
      },
      CaseHistory__c: () => B.buildCaseHistory(ctx),
      EmailMessage: () => B.buildEmails(ctx),
      LiveChatTranscript: () => B.buildChats(ctx),
    };
    const counts: Record<string, number> = {};
    for (const o of OBJECTS) {
      const build = builders[o.name];
      if (!build) throw new Error(`no builder for ${o.name}`);
      // trusted: builders produce stored values (ISO strings, numbers, booleans); tests check their shapes.
      const rows = build();
      counts[o.name] = store.insertMany(o.name, withProgress(o.name, rows, opts.onProgress ? knownTotal(o.name, ctx) : 0, opts.onProgress), { trusted: true });
    }
    store.createIndexes();
    const hash = store.contentHash();
    store.setMeta('seed', String(opts.seed));
    store.setMeta('scale', String(opts.scale));
    store.setMeta('generatorVersion', GENERATOR_VERSION);
    store.setMeta('referenceNow', REFERENCE_NOW);
    store.setMeta('hash', hash);
    store.setMeta('counts', JSON.stringify(counts));
    store.close();
    store = undefined;
    if (opts.force) for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${out}${suffix}`, { force: true });
    renameSync(tmp, out);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { counts, seconds, hash };
  } catch (err) {
    try {
      store?.close();
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw err;
  }
}

export { Rng } from './rng.js';
export { caseText } from './text.js';
export { orgKnowledge } from './knowledge.js';
export { recoverTruth } from './truth.js';
