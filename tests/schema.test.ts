import { describe, expect, it } from 'vitest';
import { API_USER_ID, checksumSuffix, idCounter, isValidId, makeId, normalizeId, ORG_ID, OBJECTS, schema, to15, to18 } from '../schema/index.js';

describe('ids', () => {
  it('computes the case-safe suffix like Salesforce', () => {
    // Known pairs from Salesforce docs and CRMArena data.
    expect(to18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(to18('500Ws000007qifM')).toBe('500Ws000007qifMIAQ');
    expect(checksumSuffix('000000000000000')).toBe('AAA');
  });
  it('converts and validates', () => {
    expect(to15('500Ws000007qifMIAQ')).toBe('500Ws000007qifM');
    expect(isValidId('500Ws000007qifMIAQ')).toBe(true);
    expect(isValidId('500Ws000007qifMIAA')).toBe(false);
    expect(isValidId('abc')).toBe(false);
    expect(normalizeId('500Ws000007qifM')).toBe('500Ws000007qifMIAQ');
    expect(normalizeId('500Ws000007qifMiaq')).toBe('500Ws000007qifMIAQ');
    expect(normalizeId('xyz')).toBeNull();
  });
  it('makes deterministic ids with the object prefix', () => {
    // The spec's conventional 00D000000000001AAA has a wrong suffix (D is upper case); ours is valid.
    expect(ORG_ID).toBe('00D000000000001EAA');
    expect(API_USER_ID).toBe('005000000000001AAA');
    expect(makeId('500', 62)).toBe('500000000000010AAA');
    expect(isValidId(makeId('a1M', 123456))).toBe(true);
  });
  it('idCounter inverts makeId (the record service finds the next free Id with it)', () => {
    for (const n of [0, 1, 61, 62, 3843, 123456, 62 ** 6 + 7, Number.MAX_SAFE_INTEGER]) expect(idCounter(makeId('500', n))).toBe(n);
    expect(idCounter('500Ws000007qifMIAQ')).toBeGreaterThan(0);
    expect(() => idCounter('500-bad-id-000000')).toThrow('not an id');
  });
});

describe('schema registry', () => {
  it('has the 16 objects plus Organization with unique prefixes', () => {
    expect(OBJECTS).toHaveLength(17);
    expect(new Set(OBJECTS.map((o) => o.keyPrefix)).size).toBe(17);
  });
  it('looks objects and fields up case-insensitively', () => {
    expect(schema.object('case')?.def.name).toBe('Case');
    expect(schema.field('CASE', 'ownerid')?.name).toBe('OwnerId');
    expect(schema.object('knowledge__KAV')?.def.name).toBe('Knowledge__kav');
  });
  it('follows Salesforce relationship naming', () => {
    expect(schema.object('Case')!.parentsByLower.get('issueid__r')?.name).toBe('IssueId__c');
    expect(schema.object('Account')!.childrenByLower.get('contacts')?.childSObject).toBe('Contact');
    expect(schema.object('Account')!.childrenByLower.get('cases')?.field).toBe('AccountId');
    expect(schema.object('Account')!.childrenByLower.get('orders')?.childSObject).toBe('Order');
    expect(schema.object('Case')!.childrenByLower.get('emailmessages')?.field).toBe('ParentId');
    expect(schema.object('Case')!.childrenByLower.get('livechattranscripts')?.field).toBe('CaseId');
    expect(schema.object('Case')!.childrenByLower.get('casehistories__r')?.field).toBe('CaseId__c');
  });
  it('makes long text unfilterable, unsortable, ungroupable', () => {
    for (const o of OBJECTS)
      for (const f of o.fields)
        if (f.longText) expect([o.name, f.name, f.filterable, f.sortable, f.groupable]).toEqual([o.name, f.name, false, false, false]);
    expect(schema.field('Case', 'Description')?.filterable).toBe(false);
  });
  it('gives every field a description and every object Id first', () => {
    for (const o of OBJECTS) {
      expect(o.fields[0]?.name).toBe('Id');
      for (const f of o.fields) expect(f.description.length, `${o.name}.${f.name}`).toBeGreaterThan(5);
      expect(new Set(o.fields.map((f) => f.name.toLowerCase())).size).toBe(o.fields.length);
    }
  });
});
