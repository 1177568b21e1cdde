// Fuzz: 1,500 seeded mutations of valid SOSL queries; search() must return a searchRecords envelope or
// throw a SalesforceError — never anything else (a crash would be a 500 on the wire).
import { describe, expect, it } from 'vitest';
import { SalesforceError } from '../../server/soql/errors.js';
import { CTX, openSoslOrg } from './helpers.js';
import { rng } from '../helpers/prng.js';

const { service } = openSoslOrg();

const SEEDS = [
  "FIND {trail running shoes} IN ALL FIELDS RETURNING Product2(Id, Name, Description)",
  "FIND {return policy} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c WHERE PublishStatus='Online' AND Language='en_US')",
  'FIND {"trail running" OR (jo?n AND NOT smith*)} IN NAME FIELDS RETURNING Account(Name ORDER BY Name DESC NULLS LAST LIMIT 3 OFFSET 1), Contact LIMIT 10',
  'FIND {acme\\-corp \\* web2case} IN EMAIL FIELDS RETURNING Contact(Email WHERE CreatedDate = LAST_N_DAYS:30) WITH SECURITY_ENFORCED UPDATE TRACKING',
  'FIND {415-555-1212} IN PHONE FIELDS RETURNING Account(Phone, Owner.Name), User(Name)',
];
const PIECES = ['{', '}', '(', ')', '"', "'", '\\', '*', '?', ',', ' AND ', ' OR ', ' AND NOT ', 'RETURNING', 'WHERE', 'ORDER BY', 'LIMIT', 'OFFSET', 'WITH', 'IN', 'FIELDS', '=', "'x'", '2001', '-1', 'Foo', 'Account', 'Knowledge__kav', 'a', '\n', 'é', '\u0000', '%', 'NULL', 'TRUE', '2024-01-01', 'LAST_N_DAYS:3', 'Id', 'Name.Foo', 'toLabel(Name)', 'FIND'];

function mutate(s: string, r: () => number): string {
  let out = s;
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (out.length + 1));
    const op = Math.floor(r() * 4);
    if (op === 0) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 5)); // delete
    else if (op === 1) out = out.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)]! + out.slice(at); // insert
    else if (op === 2) out = out.slice(0, at) + (r() < 0.5 ? out.slice(at).toUpperCase() : out.slice(at).toLowerCase()); // case
    else out = out.slice(0, at); // truncate
  }
  return out;
}

describe('fuzz', () => {
  it('1,500 seeded mutations only ever throw SalesforceError', () => {
    const r = rng(20241124);
    const stats = { ok: 0, errors: new Map<string, number>() };
    const bad: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const q = mutate(SEEDS[i % SEEDS.length]!, r);
      try {
        const res = service.search(q, CTX);
        expect(Array.isArray(res.searchRecords)).toBe(true);
        stats.ok++;
      } catch (e) {
        if (e instanceof SalesforceError) stats.errors.set(e.errorCode, (stats.errors.get(e.errorCode) ?? 0) + 1);
        else bad.push(`${JSON.stringify(q)} → ${String(e)}`);
      }
    }
    console.log(`fuzz: ${stats.ok} ok; errors ${JSON.stringify([...stats.errors])}`);
    expect(bad).toEqual([]);
    expect(stats.ok).toBeGreaterThan(100);
    expect(stats.errors.size).toBeGreaterThan(2);
  });

  it('1,000 random search expressions inside the braces only ever throw SalesforceError', () => {
    const r = rng(7);
    const ATOMS = ['shoe', 'trail', 'run*', 'r?n', '*', '?', '"trail running"', '"', '(', ')', 'AND', 'OR', 'NOT', 'AND NOT', 'and', '\\', '\\*', '\\}', "\\'", '-', '+', '!', ':', '^', '~', '[', ']', '&', '|', 'é', '日本', '42', 'x5', '\t', 'web2case', '.', '@'];
    const bad: string[] = [];
    let ok = 0;
    for (let i = 0; i < 1000; i++) {
      const n = 1 + Math.floor(r() * 8);
      const terms = Array.from({ length: n }, () => ATOMS[Math.floor(r() * ATOMS.length)]!).join(r() < 0.7 ? ' ' : '');
      const q = `FIND {${terms}} IN ${['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'][i % 5]} FIELDS RETURNING Product2(Name), Knowledge__kav, Account(Name, Phone)`;
      try {
        service.search(q, CTX);
        ok++;
      } catch (e) {
        if (!(e instanceof SalesforceError)) bad.push(`${JSON.stringify(q)} → ${String(e)}`);
      }
    }
    expect(bad).toEqual([]);
    // about a quarter succeed: reserved characters (& | ! [ ] ^ ~) and broken phrases are rejected
    expect(ok).toBeGreaterThan(150);
  });
});

