// The FTS index: tokenizer, stemmer, HTML, TEMP-only tables, and sync with DML through the Store.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeId } from '../../schema/index.js';
import { SearchService } from '../../server/org/search.js';
import { htmlToText, stem, tokenize } from '../../server/store/index.js';
import { Store } from '../../server/store/index.js';
import { buildSoslOrg } from './fixture-org.js';
import { CTX, depsFor, ids } from './helpers.js';

describe('tokenizer', () => {
  it('splits on whitespace, punctuation and letter/digit transitions; lower-cases; strips diacritics', () => {
    expect(tokenize('Web2Case AeroFlex-2000, USB-C! Café')).toEqual(['web', '2', 'case', 'aeroflex', '2000', 'usb', 'c', 'cafe']);
    expect(tokenize("Women's  jsmith@web2case.example")).toEqual(['women', 's', 'jsmith', 'web', '2', 'case', 'example']);
  });
  it('stems plurals, -ed, -ing (Porter step 1)', () => {
    expect(['shoes', 'running', 'runs', 'returned', 'policies', 'leggings', 'caresses', 'ponies', 'agreed', 'hopping', 'filing', 'cats'].map(stem)).toEqual([
      'shoe', 'run', 'run', 'return', 'polici', 'leg', 'caress', 'poni', 'agree', 'hop', 'file', 'cat',
    ]);
    expect(stem('2000')).toBe('2000');
  });
  it('strips tags and decodes entities in rich text', () => {
    expect(htmlToText('<p>Can&#39;t &amp; won&#x27;t</p><ul><li>a&nbsp;b</li></ul>')).toBe(" Can't & won't   a b  ");
  });
});

describe('index lifecycle', () => {
  it('lives in TEMP: the org file gets no FTS tables or triggers', () => {
    const path = buildSoslOrg();
    const store = Store.open(path);
    const s = new SearchService(depsFor(store));
    expect(ids(s.search('FIND {acme}', CTX)).length).toBeGreaterThan(0);
    store.close();
    const again = Store.open(path, { readonly: true });
    const objs = again.all(`SELECT name FROM sqlite_master WHERE name LIKE '%fts%'`);
    expect(objs).toEqual([]);
    again.close();
    expect(existsSync(path)).toBe(true);
  });

  it('works on a read-only store', () => {
    const store = Store.open(buildSoslOrg(), { readonly: true });
    const s = new SearchService(depsFor(store));
    expect(ids(s.search('FIND {leggings} RETURNING Product2', CTX)).length).toBe(2);
  });

  it('stays in sync with INSERT, UPDATE, soft delete, undelete and DELETE through the Store', () => {
    const store = Store.open(buildSoslOrg());
    const s = new SearchService(depsFor(store));
    const find = (t: string) => ids(s.search(`FIND {${t}} RETURNING Product2`, CTX));
    expect(find('zebra')).toEqual([]); // index built before the writes
    const id = makeId('01t', 500);
    const T = '2024-06-01T00:00:00.000Z';
    store.insertMany('Product2', [{ Id: id, Name: 'Zebra Stripe Socks', Description: 'Crew socks with zebra stripes.', Family: 'Apparel', IsActive: true, External_ID__c: 'Apparel_500', CreatedDate: T, LastModifiedDate: T, SystemModstamp: T }]);
    expect(find('zebra')).toEqual([id]);
    expect(find('socks')).toEqual([id]);
    store.run(`UPDATE "Product2" SET "Name" = 'Tiger Stripe Socks', "Description" = 'Crew socks.' WHERE "Id" = ?`, [id]);
    expect(find('zebra')).toEqual([]);
    expect(find('tiger')).toEqual([id]);
    store.run(`UPDATE "Product2" SET "IsActive" = 0 WHERE "Id" = ?`, [id]); // non-text column: index untouched
    expect(find('tiger')).toEqual([id]);
    store.run(`UPDATE "Product2" SET "IsDeleted" = 1 WHERE "Id" = ?`, [id]);
    expect(find('tiger')).toEqual([]);
    store.run(`UPDATE "Product2" SET "IsDeleted" = 0 WHERE "Id" = ?`, [id]);
    expect(find('tiger')).toEqual([id]);
    store.run(`DELETE FROM "Product2" WHERE "Id" = ?`, [id]);
    expect(find('tiger')).toEqual([]);
    expect(find('stripe')).toEqual([]);
    // Knowledge rich text: HTML stripped on update too
    store.run(`UPDATE "Knowledge__kav" SET "FAQ_Answer__c" = '<p>Gift&nbsp;cards never&#39;expire</p>' WHERE "Id" = ?`, [makeId('ka0', 6)]);
    expect(ids(s.search('FIND {"gift cards"} RETURNING Knowledge__kav', CTX))).toEqual([makeId('ka0', 6)]);
    expect(ids(s.search('FIND {nbsp} RETURNING Knowledge__kav', CTX))).toEqual([]);
  });

  it('a rolled-back write leaves the index as it was', () => {
    const store = Store.open(buildSoslOrg());
    const s = new SearchService(depsFor(store));
    expect(ids(s.search('FIND {leggings} RETURNING Product2', CTX)).length).toBe(2);
    const T = '2024-06-01T00:00:00.000Z';
    expect(() =>
      store.transaction(() => {
        store.insertMany('Product2', [{ Id: makeId('01t', 501), Name: 'Rollback Leggings', Family: 'Apparel', IsActive: true, External_ID__c: 'Apparel_501', CreatedDate: T, LastModifiedDate: T, SystemModstamp: T }]);
        store.run(`UPDATE "Product2" SET "Name" = 'Renamed' WHERE "Id" = ?`, [makeId('01t', 5)]);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(ids(s.search('FIND {leggings} RETURNING Product2', CTX)).sort()).toEqual([makeId('01t', 5), makeId('01t', 6)]);
    expect(ids(s.search('FIND {rollback OR renamed} RETURNING Product2', CTX))).toEqual([]);
  });

  it('two services on one store share one index', () => {
    const store = Store.open(buildSoslOrg());
    const a = new SearchService(depsFor(store));
    const b = new SearchService(depsFor(store));
    expect(ids(a.search('FIND {acme}', CTX))).toEqual(ids(b.search('FIND {acme}', CTX)));
  });
});
