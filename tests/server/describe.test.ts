// Describe metadata shapes (compat case 39): describeGlobal, basic info, full describe.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeField, describeSObject, schema } from '../../schema/index.js';
import { setup, V } from '../helpers/records-org.js';

let ctx: ReturnType<typeof setup>;
beforeAll(() => {
  ctx = setup();
});
afterAll(() => ctx.cleanup());
const api = () => request(ctx.app);

const GLOBAL_KEYS = [
  'activateable', 'createable', 'custom', 'customSetting', 'deepCloneable', 'deletable', 'deprecatedAndHidden', 'feedEnabled',
  'hasSubtypes', 'isInterface', 'isSubtype', 'keyPrefix', 'label', 'labelPlural', 'layoutable', 'mergeable', 'mruEnabled', 'name',
  'queryable', 'replicateable', 'retrieveable', 'searchable', 'triggerable', 'undeletable', 'updateable', 'urls',
];

// jsforce src/types/common.ts `Field` (3.10.x), plus polymorphicForeignKey and the newer keys real orgs print.
const JSFORCE_FIELD_KEYS = [
  'aggregatable', 'autoNumber', 'byteLength', 'calculated', 'calculatedFormula', 'cascadeDelete', 'caseSensitive', 'compoundFieldName',
  'controllerName', 'createable', 'custom', 'defaultValue', 'defaultValueFormula', 'defaultedOnCreate', 'dependentPicklist',
  'deprecatedAndHidden', 'digits', 'displayLocationInDecimal', 'encrypted', 'externalId', 'extraTypeInfo', 'filterable',
  'filteredLookupInfo', 'groupable', 'highScaleNumber', 'htmlFormatted', 'idLookup', 'inlineHelpText', 'label', 'length', 'mask',
  'maskType', 'name', 'nameField', 'namePointing', 'nillable', 'permissionable', 'picklistValues', 'precision', 'queryByDistance',
  'referenceTargetField', 'referenceTo', 'relationshipName', 'relationshipOrder', 'restrictedDelete', 'restrictedPicklist', 'scale',
  'soapType', 'sortable', 'type', 'unique', 'updateable', 'writeRequiresMasterRead',
];

describe('GET sobjects (describeGlobal)', () => {
  it('envelope and entry keys in order, urls carry the version', async () => {
    const r = await api().get(`${V}/sobjects`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['encoding', 'maxBatchSize', 'sobjects']);
    expect(r.body.encoding).toBe('UTF-8');
    expect(r.body.maxBatchSize).toBe(200);
    expect(r.body.sobjects).toHaveLength(schema.objects.length);
    const account = r.body.sobjects.find((s: { name: string }) => s.name === 'Account');
    expect(Object.keys(account)).toEqual(GLOBAL_KEYS);
    expect(account).toMatchObject({ keyPrefix: '001', label: 'Account', labelPlural: 'Accounts', createable: true, queryable: true, custom: false });
    expect(account.urls).toMatchObject({
      sobject: `${V}/sobjects/Account`,
      describe: `${V}/sobjects/Account/describe`,
      rowTemplate: `${V}/sobjects/Account/{ID}`,
    });
    const issue = r.body.sobjects.find((s: { name: string }) => s.name === 'Issue__c');
    expect(issue.custom).toBe(true);
    const org = r.body.sobjects.find((s: { name: string }) => s.name === 'Organization');
    expect(org).toMatchObject({ createable: false, updateable: false, deletable: false });
    const v45 = await api().get('/services/data/v45.0/sobjects/');
    expect(v45.body.sobjects[0].urls.sobject).toMatch(/^\/services\/data\/v45\.0\/sobjects\//);
  });

  it('only GET is allowed', async () => {
    const r = await api().post(`${V}/sobjects`).send({});
    expect(r.status).toBe(405);
  });
});

describe('GET sobjects/T (basic info)', () => {
  it('objectDescribe + recentItems; case-insensitive name; unknown → 404', async () => {
    const r = await api().get(`${V}/sobjects/case/`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['objectDescribe', 'recentItems']);
    expect(Object.keys(r.body.objectDescribe)).toEqual(GLOBAL_KEYS);
    expect(r.body.objectDescribe.name).toBe('Case');
    expect(r.body.recentItems).toEqual([]);
    const u = await api().get(`${V}/sobjects/Foo`);
    expect(u.status).toBe(404);
    expect(u.text).toBe('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]');
    const d = await api().get(`${V}/sobjects/Foo/describe`);
    expect(d.status).toBe(404);
  });
});

describe('GET sobjects/T/describe', () => {
  it('compat case 39: name, top-level keys in Salesforce order, Id field typed id', async () => {
    const r = await api().get(`${V}/sobjects/Account/describe`);
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('Account');
    const keys = Object.keys(r.body);
    for (const k of [...GLOBAL_KEYS, 'actionOverrides', 'childRelationships', 'compactLayoutable', 'fields', 'listviewable', 'lookupLayoutable',
      'namedLayoutInfos', 'networkScopeFieldName', 'recordTypeInfos', 'searchLayoutable', 'supportedScopes']) {
      expect(keys).toContain(k);
    }
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const id = r.body.fields[0];
    expect(id).toMatchObject({ name: 'Id', type: 'id', soapType: 'tns:ID', length: 18, byteLength: 18, nillable: false, createable: false, idLookup: true });
    expect(r.body.recordTypeInfos).toEqual([
      {
        available: true,
        defaultRecordTypeMapping: true,
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: { layout: `${V}/sobjects/Account/describe/layouts/012000000000000AAA` },
      },
    ]);
    expect(r.body.supportedScopes).toEqual([
      { label: 'All accounts', name: 'everything' },
      { label: 'My accounts', name: 'mine' },
    ]);
  });

  it('every field carries the full jsforce Field key set', async () => {
    const r = await api().get(`${V}/sobjects/Case/describe`);
    for (const f of r.body.fields) {
      for (const k of JSFORCE_FIELD_KEYS) expect(Object.keys(f), `${f.name}.${k}`).toContain(k);
      expect(Object.keys(f)).toContain('polymorphicForeignKey');
    }
    expect(r.body.fields.map((f: { name: string }) => f.name)).toEqual(schema.object('Case')!.def.fields.map((f) => f.name));
  });

  it('lookups carry referenceTo / relationshipName; soap types; picklists; long text not filterable', async () => {
    const r = await api().get(`${V}/sobjects/Case/describe`);
    const f = (n: string) => r.body.fields.find((x: { name: string }) => x.name === n);
    expect(f('AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account', soapType: 'tns:ID', length: 18 });
    expect(f('IssueId__c')).toMatchObject({ referenceTo: ['Issue__c'], relationshipName: 'IssueId__r', custom: true });
    expect(f('Subject')).toMatchObject({ type: 'string', soapType: 'xsd:string', length: 255, byteLength: 765, referenceTo: [], relationshipName: null, picklistValues: [] });
    expect(f('Description')).toMatchObject({ type: 'textarea', filterable: false, sortable: false, groupable: false });
    expect(f('ClosedDate')).toMatchObject({ type: 'datetime', soapType: 'xsd:dateTime', length: 0, byteLength: 0 });
    expect(f('IsClosed')).toMatchObject({ type: 'boolean', soapType: 'xsd:boolean', nillable: false, defaultValue: false });
    expect(f('CaseNumber')).toMatchObject({ autoNumber: true, nameField: true, createable: false });
    expect(f('Status').picklistValues[0]).toEqual({ active: true, defaultValue: true, label: 'New', validFor: null, value: 'New' });
    expect(f('Status').picklistValues[1]).toEqual({ active: true, defaultValue: false, label: 'Working', validFor: null, value: 'Working' });
    expect(f('Subject').inlineHelpText).toBe('The subject of the case.');
    const oi = await api().get(`${V}/sobjects/OrderItem/describe`);
    const q = oi.body.fields.find((x: { name: string }) => x.name === 'Quantity');
    expect(q).toMatchObject({ type: 'double', soapType: 'xsd:double', precision: 18, scale: 0, digits: 0 });
    const price = oi.body.fields.find((x: { name: string }) => x.name === 'UnitPrice');
    expect(price).toMatchObject({ type: 'currency', soapType: 'xsd:double', scale: 2 });
    const kav = await api().get(`${V}/sobjects/Knowledge__kav/describe`);
    const vn = kav.body.fields.find((x: { name: string }) => x.name === 'VersionNumber');
    expect(vn).toMatchObject({ type: 'int', soapType: 'xsd:int', digits: 9, precision: 0 });
  });

  it('childRelationships of Account include Contacts, Cases and Orders with every key', async () => {
    const r = await api().get(`${V}/sobjects/Account/describe`);
    const names = r.body.childRelationships.map((c: { relationshipName: string }) => c.relationshipName);
    expect(names).toEqual(expect.arrayContaining(['Contacts', 'Cases', 'Orders']));
    const contacts = r.body.childRelationships.find((c: { relationshipName: string }) => c.relationshipName === 'Contacts');
    expect(contacts).toEqual({
      cascadeDelete: false,
      childSObject: 'Contact',
      deprecatedAndHidden: false,
      field: 'AccountId',
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: 'Contacts',
      restrictedDelete: false,
    });
    const order = await api().get(`${V}/sobjects/Order/describe`);
    expect(order.body.childRelationships).toContainEqual(expect.objectContaining({ childSObject: 'OrderItem', relationshipName: 'OrderItems', cascadeDelete: true }));
  });

  it('builders are pure and deterministic', () => {
    const a = JSON.stringify(describeSObject(schema.object('Contact')!, '59.0'));
    const b = JSON.stringify(describeSObject(schema.object('Contact')!, '59.0'));
    expect(a).toBe(b);
    expect(Object.keys(describeField(schema.field('Contact', 'Email')!))).toEqual(
      [...Object.keys(describeField(schema.field('Contact', 'Email')!))].sort((x, y) => (x < y ? -1 : 1)),
    );
  });
});
