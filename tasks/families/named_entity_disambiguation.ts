// NED — named entity disambiguation (service agent): "the <paraphrase> I bought N units ago".
// Ground truth (CRMArena's get_purchase_history pipeline): purchase date = today − N units exactly;
// candidates = products whose Name contains the key noun of the paraphrased product family; the
// answer is the candidate the contact's account bought on an Activated order that day, else None.
import type { Rng } from '../../generator/index.js';
import { stem, tokenize, type Store } from '../../server/store/index.js';
import { PRODUCT_FAMILIES } from '../../fixtures/index.js';
import type { ProductFamilyFixture } from '../../fixtures/index.js';
import { addDays, addUnits, numberWord, parseYmd, ymd, type Unit } from '../time.js';
import type { Draft } from '../types.js';
import { DOMAIN_DETAILS, drawLoop, fill, NO_ANSWER, noneQuota, todayLine, type Family, type FamilyContext } from './common.js';

export const NED_POLICY = [
  '# Purchase lookup',
  "- The customer refers to a product by a description (not its exact name). The matching products are those whose name contains the key noun of that description (e.g. \"trail runners\" → products named \"… Trail Running Shoe\").",
  "- The purchase date is exactly today's date minus the stated number of days, weeks (a fortnight = 2 weeks) or months.",
  "- The answer is the matching product bought by the contact's account on an order with Status 'Activated' whose EffectiveDate is the purchase date. If there is none, the answer is None.",
].join('\n');

export const TEMPLATES = [
  'Can you show me the {para} I bought {ago}? Return only the Id of the product from the contact\'s relevant past transaction.',
  "I'm looking for the {para} I purchased {ago}. Return only the Id of the product from the contact's relevant past transaction.",
  "Show me the {para} that I ordered {ago}. Return only the Id of the product from the contact's relevant past transaction.",
  "I ordered {para} {ago} and need the product details. Which product was it? Return only the Id of the product from the contact's relevant past transaction.",
  "Could you pull up the {para} I got from you {ago}? Return only the Id of the product from the contact's relevant past transaction.",
  "Please find the {para} I ordered {ago}. Return only the Id of the product from the contact's relevant past transaction.",
  "I have a question about the {para} I purchased {ago}; which product is it exactly? Return only the Id of the product from the contact's relevant past transaction.",
  "Can you display the {para} I purchased {ago}? Return only the Id of the product from the contact's relevant past transaction.",
  "Which product are the {para} I bought {ago}? Return only the Id of the product from the contact's relevant past transaction.",
];

/** Products whose Name contains the noun (case-insensitive, as SQL LIKE). */
export function candidateProducts(store: Store, noun: string): string[] {
  return (store.all(`SELECT "Id" AS id FROM "Product2" WHERE "Name" LIKE ? ORDER BY "Id"`, [`%${noun}%`]) as { id: string }[]).map((r) => r.id);
}

/** Distinct candidate products the account bought on Activated orders effective on `date`. */
export function purchasedOn(store: Store, accountId: string, date: string, candidates: readonly string[]): string[] {
  const set = new Set(candidates);
  const rows = store.all(
    `SELECT DISTINCT oi."Product2Id" AS pid FROM "OrderItem" oi JOIN "Order" o ON o."Id" = oi."OrderId"
     WHERE o."AccountId" = ? AND o."EffectiveDate" = ? AND o."Status" = 'Activated' ORDER BY oi."Product2Id"`,
    [accountId, date],
  ) as { pid: string }[];
  return rows.map((r) => r.pid).filter((p) => set.has(p));
}

/**
 * Products bought that day that are not candidates but that a keyword search for the noun would
 * still find (all its stemmed words in the name, description, product code or external id). An
 * agent following CRMArena's search_products → get_purchase_history chain would see them too, so
 * such draws are ambiguous and rejected.
 */
export function searchLookalikes(store: Store, accountId: string, date: string, noun: string, candidates: readonly string[]): string[] {
  const set = new Set(candidates);
  const words = tokenize(noun).map(stem);
  const rows = store.all(
    `SELECT DISTINCT p."Id" AS id, p."Name" AS name, p."Description" AS d, p."ProductCode" AS code, p."External_ID__c" AS ext
     FROM "OrderItem" oi JOIN "Order" o ON o."Id" = oi."OrderId" JOIN "Product2" p ON p."Id" = oi."Product2Id"
     WHERE o."AccountId" = ? AND o."EffectiveDate" = ? AND o."Status" = 'Activated' ORDER BY p."Id"`,
    [accountId, date],
  ) as { id: string; name: string; d: string | null; code: string | null; ext: string | null }[];
  return rows
    .filter((r) => !set.has(r.id))
    .filter((r) => {
      const toks = new Set(tokenize(`${r.name} ${r.d ?? ''} ${r.code ?? ''} ${r.ext ?? ''}`).map(stem));
      return words.every((w) => toks.has(w));
    })
    .map((r) => r.id);
}

/** Acceptance rate of draws where no look-alike was bought after the purchase (up to today). */
export const NO_LATER_LOOKALIKE_KEEP = 0.08;

function agoPhrase(n: number, unit: Unit, fortnight: boolean, rng: Rng): string {
  if (fortnight) return 'a fortnight ago';
  if (n === 1) return rng.pick([`a ${unit} ago`, `one ${unit} ago`]);
  return rng.chance(0.5) ? `${n} ${unit}s ago` : `${numberWord(n)} ${unit}s ago`;
}

interface Purchase {
  readonly contact: string;
  readonly account: string;
  readonly date: string;
  readonly product: string;
  readonly name: string;
}

export const namedEntityDisambiguation: Family = {
  task: 'named_entity_disambiguation',
  draw(ctx: FamilyContext): Draft[] {
    const { store } = ctx;
    const purchases = store.all(
      `SELECT ct."Id" AS contact, o."AccountId" AS account, o."EffectiveDate" AS date, oi."Product2Id" AS product, p."Name" AS name
       FROM "OrderItem" oi JOIN "Order" o ON o."Id" = oi."OrderId" JOIN "Product2" p ON p."Id" = oi."Product2Id"
       JOIN "Contact" ct ON ct."AccountId" = o."AccountId" WHERE o."Status" = 'Activated' ORDER BY oi."Id", ct."Id"`,
    ) as unknown as Purchase[];
    if (purchases.length === 0) throw new Error('no activated purchases');
    const candidatesByNoun = new Map<string, string[]>();
    const candidates = (noun: string) => {
      let c = candidatesByNoun.get(noun);
      if (!c) candidatesByNoun.set(noun, (c = candidateProducts(store, noun)));
      return c;
    };
    const famsFor = (name: string) => PRODUCT_FAMILIES.filter((f) => name.toLowerCase().includes(f.noun.toLowerCase()));
    // The dates on which each account bought a product of each family noun. Instances are drawn only
    // where the account bought look-alikes (≥ 2 purchase dates for the noun), so only the purchase
    // date resolves the reference — for None instances too (a date on which none of them was bought).
    const datesOf = new Map<string, Set<string>>();
    for (const x of purchases) {
      for (const f of famsFor(x.name)) {
        const k = `${x.account}|${f.noun}`;
        let d = datesOf.get(k);
        if (!d) datesOf.set(k, (d = new Set()));
        d.add(x.date);
      }
    }
    const lookalikeFams = (x: Purchase) => famsFor(x.name).filter((f) => (datesOf.get(`${x.account}|${f.noun}`)?.size ?? 0) >= 2);
    const eligible = purchases.filter((x) => lookalikeFams(x).length > 0);
    if (eligible.length === 0) throw new Error('no account bought look-alike products on different dates');
    return drawLoop(ctx.rng, ctx.count, noneQuota(ctx.count, 'named_entity_disambiguation'), (wantNone: boolean, rng: Rng) => {
      const pur = rng.pick(eligible);
      const fam: ProductFamilyFixture = rng.pick(lookalikeFams(pur));
      let date = pur.date;
      if (wantNone) {
        date = ymd(addDays(parseYmd(date), rng.pick([-1, 1]) * rng.int(1, 60)));
        if (datesOf.get(`${pur.account}|${fam.noun}`)!.has(date)) return undefined;
      }
      // Draw the distance; "today" = purchase date + N units, and today − N units must give it back.
      const k = rng.float();
      const fortnight = k < 0.06;
      const unit: Unit = fortnight ? 'week' : k < 0.3 ? 'day' : k < 0.55 ? 'week' : 'month';
      const n = fortnight ? 2 : unit === 'day' ? rng.int(1, 45) : unit === 'week' ? rng.int(1, 10) : rng.int(1, 12);
      const today = addUnits(parseYmd(date), n, unit);
      if (ymd(addUnits(today, -n, unit)) !== date) return undefined;
      // Most draws have a look-alike bought between the purchase and today, so "the latest one"
      // is not the answer; draws without one are kept at a lower rate.
      const todayYmd = ymd(today);
      const between = [...datesOf.get(`${pur.account}|${fam.noun}`)!].filter((d) => d > date && d <= todayYmd).length;
      if (between === 0 && !rng.chance(NO_LATER_LOOKALIKE_KEEP)) return undefined;
      const bought = purchasedOn(store, pur.account, date, candidates(fam.noun));
      if (bought.length > 1) return undefined; // two look-alikes bought that day: ambiguous
      if (searchLookalikes(store, pur.account, date, fam.noun, candidates(fam.noun)).length > 0) return undefined;
      const para = rng.pick(fam.paraphrases);
      const query = fill(rng.pick(TEMPLATES), { para, ago: agoPhrase(n, unit, fortnight, rng) });
      return {
        query,
        metadata: { required: `${NED_POLICY}\n\n- Contact Id interacting: ${pur.contact}\n- ${todayLine(today)}`, optional: DOMAIN_DETAILS },
        answer: [bought[0] ?? NO_ANSWER],
        params: { contactId: pur.contact, accountId: pur.account, purchaseDate: date, today: ymd(today), n, unit, noun: fam.noun, productId: bought[0] ?? null },
      };
    });
  },
};
