// Salesforce record Ids: 15-character case-sensitive form and the 18-character case-safe form
// whose last three characters encode which of the first 15 are upper case.
// https://help.salesforce.com/s/articleView?id=000385585 (15 vs 18 character Ids)

export const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;

/** The three-character case-safe suffix for a 15-character Id. */
export function checksumSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX_ALPHABET[bits];
  }
  return out;
}

/** 15 → 18 characters. Throws on anything that is not 15 alphanumerics. */
export function to18(id15: string): string {
  if (!ID_15.test(id15)) throw new Error(`not a 15-character id: ${id15}`);
  return id15 + checksumSuffix(id15);
}

/** 18 → 15 characters (the case-sensitive stem). */
export function to15(id: string): string {
  return id.slice(0, 15);
}

/** True for a well-formed 15-char Id or an 18-char Id whose suffix matches its stem. */
export function isValidId(id: string): boolean {
  if (ID_15.test(id)) return true;
  if (!ID_18.test(id)) return false;
  return checksumSuffix(id.slice(0, 15)) === id.slice(15);
}

/** Normalises a valid 15- or 18-char Id to 18 chars; returns null for anything else. */
export function normalizeId(id: string): string | null {
  if (ID_15.test(id)) return to18(id);
  if (ID_18.test(id) && checksumSuffix(id.slice(0, 15)) === id.slice(15)) return id;
  // Salesforce also accepts an 18-char id whose suffix is wrong-cased; compare case-insensitively.
  if (ID_18.test(id) && checksumSuffix(id.slice(0, 15)) === id.slice(15).toUpperCase()) return id.slice(0, 15) + id.slice(15).toUpperCase();
  return null;
}

/**
 * Builds the n-th Id (n ≥ 1) for a key prefix: prefix + 12 base-62 digits + checksum, e.g.
 * makeId('005', 1) = '005000000000001AAA'. Deterministic, so a seed fixes every Id.
 */
export function makeId(keyPrefix: string, n: number): string {
  if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix)) throw new Error(`bad key prefix: ${keyPrefix}`);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad id counter: ${n}`);
  let digits = '';
  let v = n;
  do {
    digits = BASE62[v % 62] + digits;
    v = Math.floor(v / 62);
  } while (v > 0);
  if (digits.length > 12) throw new Error(`id counter overflow: ${n}`);
  return to18(keyPrefix + digits.padStart(12, '0'));
}

/** The counter n of an Id made by makeId (its 12 base-62 digits): the inverse that finds the next free Id. */
export function idCounter(id: string): number {
  let n = 0;
  for (const ch of id.slice(3, 15)) {
    const d = BASE62.indexOf(ch);
    if (d < 0) throw new Error(`not an id: ${id}`);
    n = n * 62 + d;
  }
  return n;
}

/** The org and the API user every client is logged in as (fixed ids, so tests and docs can name them). */
export const ORG_ID = makeId('00D', 1); // 00D000000000001EAA
export const API_USER_ID = makeId('005', 1); // 005000000000001AAA
