// Expands the catalogue fixtures into exactly PRODUCT_COUNT products, 12 categories and 45 price
// books. Fixed for every scale (the catalogue does not grow with --scale); only the seed varies
// prices and descriptions.
import { CATEGORIES, PRODUCT_COUNT, PRODUCT_FAMILIES, VARIANT_SUFFIXES } from '../fixtures/index.js';
import type { ProductFamilyFixture } from '../fixtures/index.js';
import type { Rng } from './rng.js';
import { dayNumber } from './time.js';

export interface CatalogueProduct {
  readonly index: number; // 0-based; Id = makeId(keyPrefix('Product2'), index + 1)
  readonly family: ProductFamilyFixture;
  readonly familyIndex: number;
  readonly name: string;
  readonly code: string;
  readonly externalId: string;
  readonly description: string;
  readonly listPrice: number;
  /** Indexes into CATEGORIES. */
  readonly categories: readonly number[];
}

export interface CataloguePricebook {
  readonly index: number; // 0-based; Id = makeId(keyPrefix('Pricebook2'), index + 1)
  readonly name: string;
  readonly description: string;
  readonly isActive: boolean;
  readonly isStandard: boolean;
  /** Validity as day numbers [from, to] inclusive; null = always. */
  readonly fromDay: number | null;
  readonly toDay: number | null;
  /** Price multiplier applied to list prices; 0 = the book has no entries. */
  readonly discount: number;
}

const DESCRIPTION_OPENERS = [
  'Built for',
  'Designed for',
  'Made for',
  'A dependable choice for',
  'Engineered for',
  'Our go-to pick for',
];
const USES: Record<ProductFamilyFixture['family'], readonly string[]> = {
  Footwear: ['daily training runs', 'long days on your feet', 'race day and tempo sessions', 'rough and rocky terrain', 'wet trails and river crossings', 'gym sessions and court play'],
  Apparel: ['cold morning runs', 'studio and gym workouts', 'hikes in changing weather', 'layering on the trail', 'high-intensity training', 'everyday active wear'],
  Equipment: ['home workouts', 'weekend camping trips', 'multi-day backpacking', 'strength and conditioning', 'recovery and mobility work', 'studio classes'],
  Accessories: ['commutes and gym days', 'long runs and races', 'day hikes', 'travel and weekend trips', 'hydration on the go', 'everyday training'],
};
const FEATURES = [
  'a lightweight, breathable build',
  'reinforced stitching at stress points',
  'a durable, easy-care finish',
  'recycled materials throughout',
  'a secure, adjustable fit',
  'water-resistant construction',
  'a cushioned, supportive feel',
  'reflective details for low light',
];

function abbreviation(key: string): string {
  return key
    .split('_')
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function expandProducts(rng: Rng): CatalogueProduct[] {
  const r = rng.fork('catalogue', 'products');
  const categoryIndex = new Map(CATEGORIES.map((c, i) => [c.name, i]));
  const families = PRODUCT_FAMILIES.length;
  const base = Math.floor(PRODUCT_COUNT / families);
  const extra = PRODUCT_COUNT % families;
  const out: CatalogueProduct[] = [];
  PRODUCT_FAMILIES.forEach((family, f) => {
    const count = base + (f < extra ? 1 : 0);
    const cats = family.categories.map((c) => {
      const i = categoryIndex.get(c);
      if (i === undefined) throw new Error(`family ${family.key}: unknown category ${c}`);
      return i;
    });
    for (let j = 0; j < count; j++) {
      const index = out.length;
      const round = Math.floor(j / family.names.length);
      const suffix = VARIANT_SUFFIXES[round];
      if (suffix === undefined) throw new Error(`family ${family.key} needs more names or suffixes`);
      const name = `${family.names[j % family.names.length]}${suffix}`;
      const [lo, hi] = family.priceRange;
      const listPrice = Math.floor(r.uniform(lo, hi)) + 0.99;
      const description = `${name}: ${r.pick(DESCRIPTION_OPENERS)} ${r.pick(USES[family.family])}, with ${r.pick(FEATURES)} and ${r.pick(FEATURES)}.`.replace(
        /with (.+) and \1/,
        'with $1',
      );
      out.push({
        index,
        family,
        familyIndex: f,
        name,
        code: `${abbreviation(family.key)}-${String(index + 1).padStart(4, '0')}`,
        externalId: `${family.categories.join(', ')}_${index + 1}`,
        description,
        listPrice,
        categories: cats,
      });
    }
  });
  const names = new Set(out.map((p) => p.name));
  if (names.size !== out.length) throw new Error('product names are not unique');
  return out;
}

const SEASONAL: readonly { name: string; from: [number, number]; to: [number, number]; desc: string }[] = [
  { name: 'Winter Clearance', from: [1, 2], to: [1, 31], desc: 'Post-holiday clearance prices on winter lines.' },
  { name: "Valentine's Day Deals", from: [2, 7], to: [2, 20], desc: 'Gift deals around Valentine\u2019s Day.' },
  { name: 'Spring Training Sale', from: [3, 8], to: [3, 25], desc: 'Spring training and running season promotion.' },
  { name: 'Memorial Day Sale', from: [5, 20], to: [6, 2], desc: 'Memorial Day weekend promotion.' },
  { name: 'Summer Outdoor Sale', from: [6, 15], to: [7, 15], desc: 'Summer camping and hiking promotion.' },
  { name: 'Back to School', from: [8, 5], to: [8, 25], desc: 'Back-to-school and fall sports promotion.' },
  { name: 'Black Friday', from: [11, 20], to: [12, 2], desc: 'Black Friday and Cyber Monday prices.' },
  { name: 'Holiday Gift Guide', from: [12, 5], to: [12, 31], desc: 'Holiday gift season prices.' },
];

/** 45 price books: the standard book, 40 seasonal books (8 a year, 2020–2024), 3 standing books, 1 inactive legacy book. */
export function expandPricebooks(rng: Rng): CataloguePricebook[] {
  const r = rng.fork('catalogue', 'pricebooks');
  const out: CataloguePricebook[] = [];
  const push = (p: Omit<CataloguePricebook, 'index'>) => out.push({ index: out.length, ...p });
  push({ name: 'Standard Price Book', description: 'List prices for every product.', isActive: true, isStandard: true, fromDay: null, toDay: null, discount: 1 });
  for (let y = 2020; y <= 2024; y++) {
    for (const s of SEASONAL) {
      push({
        name: `${s.name} ${y}`,
        description: s.desc,
        isActive: true,
        isStandard: false,
        fromDay: dayNumber(y, s.from[0], s.from[1]),
        toDay: dayNumber(y, s.to[0], s.to[1]),
        discount: Math.round(r.uniform(0.7, 0.92) * 100) / 100,
      });
    }
  }
  push({ name: 'Summit Rewards Member Prices', description: 'Standing prices for loyalty members.', isActive: true, isStandard: false, fromDay: null, toDay: null, discount: 0.9 });
  push({ name: 'Outlet Price Book', description: 'Outlet prices for past-season products.', isActive: true, isStandard: false, fromDay: null, toDay: null, discount: 0.75 });
  push({ name: 'Employee Price Book', description: 'Employee purchase program prices.', isActive: true, isStandard: false, fromDay: null, toDay: null, discount: 0.6 });
  push({ name: 'Legacy Wholesale Price Book', description: 'Retired wholesale price book (inactive, no entries).', isActive: false, isStandard: false, fromDay: null, toDay: null, discount: 0 });
  return out;
}

/** Cheap deterministic 32-bit mix of integers (price jitter without consuming a stream). */
export function mix32(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(c + 0x165667b1, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Unit price of a product in a price book (what PricebookEntry and OrderItem both carry). */
export function entryPrice(seedHash: number, pb: CataloguePricebook, p: CatalogueProduct): number {
  if (pb.isStandard) return p.listPrice;
  const jitter = 1 + ((mix32(seedHash, pb.index, p.index) % 601) - 300) / 10_000; // ±3%
  return Math.round(p.listPrice * pb.discount * jitter * 100) / 100;
}
