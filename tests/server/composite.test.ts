// sObject Collections and POST /composite (compat case 40).
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../../schema/index.js';
import { IDS, setup, V } from '../helpers/records-org.js';

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});
afterEach(() => ctx.cleanup());

const api = () => request(ctx.app);
const row = (table: string, id: string) => ctx.store.get(`SELECT * FROM "${table}" WHERE "Id" = ?`, [id]);
const REQUIRED_NAME = { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] };
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};
const HALTED = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];

describe('POST /composite/sobjects (create)', () => {
  it('compat case 40: results aligned with input; errors use statusCode', async () => {
    const r = await api()
      .post(`${V}/composite/sobjects`)
      .send({ allOrNone: false, records: [{ attributes: { type: 'Account' }, Name: 'A' }, { attributes: { type: 'Account' } }] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { id: makeId('001', 4), success: true, errors: [] },
      { success: false, errors: [REQUIRED_NAME] },
    ]);
    expect(row('Account', makeId('001', 4))!.Name).toBe('A');
  });

  it('allOrNone: one failure rolls everything back; the database is unchanged', async () => {
    const before = ctx.store.contentHash();
    const r = await api()
      .post(`${V}/composite/sobjects`)
      .send({
        allOrNone: true,
        records: [
          { attributes: { type: 'Account' }, Name: 'A' },
          { attributes: { type: 'Contact' }, LastName: 'C' },
          { attributes: { type: 'Account' } },
        ],
      });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [ROLLED_BACK] },
      { success: false, errors: [REQUIRED_NAME] },
    ]);
    expect(ctx.store.contentHash()).toBe(before);
  });

  it('mixed types succeed; more than 200 records is refused', async () => {
    const r = await api()
      .post(`${V}/composite/sobjects`)
      .send({ records: [{ attributes: { type: 'Account' }, Name: 'A' }, { attributes: { type: 'Contact' }, LastName: 'C' }] });
    expect(r.body.map((x: { success: boolean }) => x.success)).toEqual([true, true]);
    const many = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `N${i}` }));
    const big = await api().post(`${V}/composite/sobjects`).send({ records: many });
    expect(big.status).toBe(400);
    expect(big.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
  });
});

describe('PATCH /composite/sobjects (update)', () => {
  it('records carry id; failures report the id', async () => {
    const r = await api()
      .patch(`${V}/composite/sobjects`)
      .send({
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, id: IDS.acc1, Name: 'Ann A.' },
          { attributes: { type: 'Account' }, id: IDS.acc2, Name: null },
        ],
      });
    expect(r.body).toEqual([
      { id: IDS.acc1, success: true, errors: [] },
      { id: IDS.acc2, success: false, errors: [REQUIRED_NAME] },
    ]);
    expect(row('Account', IDS.acc1)!.Name).toBe('Ann A.');
  });

  it('allOrNone rollback keeps the database unchanged', async () => {
    const before = ctx.store.contentHash();
    const r = await api()
      .patch(`${V}/composite/sobjects`)
      .send({
        allOrNone: true,
        records: [
          { attributes: { type: 'Account' }, id: IDS.acc1, Name: 'Changed' },
          { attributes: { type: 'Case' }, id: IDS.case2, Status: 'Closed', Foo: 1 },
        ],
      });
    expect(r.body).toEqual([
      { id: IDS.acc1, success: false, errors: [ROLLED_BACK] },
      { id: IDS.case2, success: false, errors: [{ statusCode: 'INVALID_FIELD', message: "No such column 'Foo' on sobject of type Case", fields: [] }] },
    ]);
    expect(ctx.store.contentHash()).toBe(before);
  });
});

describe('PATCH /composite/sobjects/T/ExtField (upsert)', () => {
  it('creates and updates with created flags', async () => {
    const r = await api()
      .patch(`${V}/composite/sobjects/Product2/External_ID__c`)
      .send({
        allOrNone: false,
        records: [
          { attributes: { type: 'Product2' }, External_ID__c: 'Footwear-1', Name: 'Trail Runner 3' },
          { attributes: { type: 'Product2' }, External_ID__c: 'New-1', Name: 'Headlamp' },
        ],
      });
    expect(r.body).toEqual([
      { id: IDS.prod1, success: true, errors: [], created: false },
      { id: makeId('01t', 4), success: true, errors: [], created: true },
    ]);
    expect(row('Product2', IDS.prod1)!.Name).toBe('Trail Runner 3');
    expect(row('Product2', makeId('01t', 4))).toMatchObject({ Name: 'Headlamp', External_ID__c: 'New-1' });
  });
});

describe('DELETE /composite/sobjects', () => {
  it('deletes by ids; per-id failures', async () => {
    const r = await api().delete(`${V}/composite/sobjects?ids=${IDS.con1},${IDS.con2},abc`);
    expect(r.body).toEqual([
      { id: IDS.con1, success: true, errors: [] },
      { id: IDS.con2, success: true, errors: [] },
      { id: 'abc', success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id abc', fields: [] }] },
    ]);
    expect(row('Contact', IDS.con1)!.IsDeleted).toBe(1);
    const again = await api().delete(`${V}/composite/sobjects?ids=${IDS.con1}`);
    expect(again.body).toEqual([{ id: IDS.con1, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] }]);
  });

  it('allOrNone=true rolls back', async () => {
    const before = ctx.store.contentHash();
    const r = await api().delete(`${V}/composite/sobjects?ids=${IDS.con1},${makeId('003', 99)}&allOrNone=true`);
    expect(r.body).toEqual([
      { id: IDS.con1, success: false, errors: [ROLLED_BACK] },
      { id: makeId('003', 99), success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] },
    ]);
    expect(ctx.store.contentHash()).toBe(before);
  });
});

describe('POST /composite/sobjects/T (retrieve)', () => {
  it('records aligned with ids, null for missing', async () => {
    const r = await api()
      .post(`${V}/composite/sobjects/Account`)
      .send({ ids: [IDS.acc1, makeId('001', 99), IDS.acc2], fields: ['Name', 'ShippingState'] });
    expect(r.body).toEqual([
      { attributes: { type: 'Account', url: `${V}/sobjects/Account/${IDS.acc1}` }, Name: 'Ann Archer', ShippingState: 'CA', Id: IDS.acc1 },
      null,
      { attributes: { type: 'Account', url: `${V}/sobjects/Account/${IDS.acc2}` }, Name: 'Bob Baker', ShippingState: 'NY', Id: IDS.acc2 },
    ]);
  });
});

describe('POST /composite', () => {
  it('runs sub-requests in order with @{ref.id} references', async () => {
    const r = await api()
      .post(`${V}/composite`)
      .send({
        allOrNone: false,
        compositeRequest: [
          { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'acc', body: { Name: 'Composite Co' } },
          { method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'con', body: { LastName: 'Ref', AccountId: '@{acc.id}' } },
          { method: 'GET', url: `${V}/sobjects/Contact/@{con.id}?fields=AccountId,Name`, referenceId: 'get' },
          { method: 'PATCH', url: `${V}/sobjects/Account/@{acc.id}`, referenceId: 'upd', body: { ShippingState: 'OR' } },
        ],
      });
    expect(r.status).toBe(200);
    const acc = makeId('001', 4);
    const con = makeId('003', 3);
    expect(r.body).toEqual({
      compositeResponse: [
        { body: { id: acc, success: true, errors: [] }, httpHeaders: { Location: `${V}/sobjects/Account/${acc}` }, httpStatusCode: 201, referenceId: 'acc' },
        { body: { id: con, success: true, errors: [] }, httpHeaders: { Location: `${V}/sobjects/Contact/${con}` }, httpStatusCode: 201, referenceId: 'con' },
        {
          body: { attributes: { type: 'Contact', url: `${V}/sobjects/Contact/${con}` }, AccountId: acc, Name: 'Ref', Id: con },
          httpHeaders: {},
          httpStatusCode: 200,
          referenceId: 'get',
        },
        { body: null, httpHeaders: {}, httpStatusCode: 204, referenceId: 'upd' },
      ],
    });
    expect(Object.keys(r.body.compositeResponse[0])).toEqual(['body', 'httpHeaders', 'httpStatusCode', 'referenceId']);
    expect(row('Account', acc)!.ShippingState).toBe('OR');
  });

  it('allOrNone: a failure rolls back earlier sub-requests and halts later ones', async () => {
    const before = ctx.store.contentHash();
    const r = await api()
      .post(`${V}/composite`)
      .send({
        allOrNone: true,
        compositeRequest: [
          { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'a', body: { Name: 'Rolled back' } },
          { method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'b', body: { AccountId: '@{a.id}' } },
          { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'c', body: { Name: 'Never' } },
        ],
      });
    expect(r.status).toBe(200);
    expect(r.body.compositeResponse).toEqual([
      { body: HALTED, httpHeaders: {}, httpStatusCode: 400, referenceId: 'a' },
      {
        body: [{ message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] }],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: 'b',
      },
      { body: HALTED, httpHeaders: {}, httpStatusCode: 400, referenceId: 'c' },
    ]);
    expect(ctx.store.contentHash()).toBe(before);
  });

  it('without allOrNone later independent sub-requests still run; references to a failed one are refused', async () => {
    const r = await api()
      .post(`${V}/composite`)
      .send({
        compositeRequest: [
          { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'bad', body: {} },
          { method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'dep', body: { LastName: 'X', AccountId: '@{bad.id}' } },
          { method: 'GET', url: `${V}/sobjects/Account/${IDS.acc1}?fields=Name`, referenceId: 'ok' },
          { method: 'GET', url: `${V}/sobjects/Account/xyz`, referenceId: 'nf' },
        ],
      });
    const [bad, dep, ok, nf] = r.body.compositeResponse;
    expect(bad.httpStatusCode).toBe(400);
    expect(dep.httpStatusCode).toBe(400);
    expect(dep.body[0].errorCode).toBe('PROCESSING_HALTED');
    expect(dep.body[0].message).toMatch(/^Invalid reference specified\. No value for bad\.id found in bad\./);
    expect(ok).toMatchObject({ httpStatusCode: 200, body: { Name: 'Ann Archer' } });
    expect(nf).toEqual({
      body: [{ errorCode: 'NOT_FOUND', message: 'Provided external ID field does not exist or is not accessible: xyz' }],
      httpHeaders: {},
      httpStatusCode: 404,
      referenceId: 'nf',
    });
    expect(ctx.store.count('Contact')).toBe(2);
  });

  it('array references (@{ref.records[0].Id}) and typed substitution; collections as sub-requests', async () => {
    const r = await api()
      .post(`${V}/composite`)
      .send({
        compositeRequest: [
          {
            method: 'POST',
            url: `${V}/composite/sobjects/Account`,
            referenceId: 'accs',
            body: { ids: [IDS.acc2], fields: ['Name'] },
          },
          { method: 'PATCH', url: `${V}/sobjects/Account/@{accs[0].Id}`, referenceId: 'p', body: { ShippingCity: '@{accs[0].Name}' } },
        ],
      });
    expect(r.body.compositeResponse.map((x: { httpStatusCode: number }) => x.httpStatusCode)).toEqual([200, 204]);
    expect(row('Account', IDS.acc2)!.ShippingCity).toBe('Bob Baker');
  });

  it('malformed body → 400', async () => {
    const r = await api().post(`${V}/composite`).send({ compositeRequest: [{ method: 'GET' }] });
    expect(r.status).toBe(400);
    expect(r.body[0].errorCode).toBe('JSON_PARSER_ERROR');
  });
});

describe('POST /composite/tree/T', () => {
  it('creates parents with nested children in one transaction', async () => {
    const r = await api()
      .post(`${V}/composite/tree/Account`)
      .send({
        records: [
          {
            attributes: { type: 'Account', referenceId: 'acc' },
            Name: 'Tree Co',
            Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'c1' }, LastName: 'Leaf' }] },
          },
        ],
      });
    expect(r.status).toBe(201);
    const acc = makeId('001', 4);
    const con = makeId('003', 3);
    expect(r.body).toEqual({ hasErrors: false, results: [{ referenceId: 'acc', id: acc }, { referenceId: 'c1', id: con }] });
    expect(row('Contact', con)).toMatchObject({ LastName: 'Leaf', AccountId: acc });
  });

  it('a failing child rolls back the whole tree', async () => {
    const before = ctx.store.contentHash();
    const r = await api()
      .post(`${V}/composite/tree/Account`)
      .send({
        records: [
          {
            attributes: { type: 'Account', referenceId: 'acc' },
            Name: 'Tree Co',
            Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'bad' }, FirstName: 'No last name' }] },
          },
        ],
      });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      hasErrors: true,
      results: [{ referenceId: 'bad', errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] }],
    });
    expect(ctx.store.contentHash()).toBe(before);
  });
});

describe('POST /composite/batch', () => {
  it('independent sub-requests with relative urls; haltOnError', async () => {
    const r = await api()
      .post(`${V}/composite/batch`)
      .send({
        haltOnError: true,
        batchRequests: [
          { method: 'GET', url: `v59.0/sobjects/Account/${IDS.acc1}?fields=Name` },
          { method: 'PATCH', url: `v59.0/sobjects/Account/${IDS.acc1}`, richInput: { Name: 'Batch' } },
          { method: 'GET', url: 'v59.0/sobjects/Account/xyz' },
          { method: 'GET', url: `v59.0/sobjects/Account/${IDS.acc1}` },
        ],
      });
    expect(r.status).toBe(200);
    expect(r.body.hasErrors).toBe(true);
    expect(r.body.results.map((x: { statusCode: number }) => x.statusCode)).toEqual([200, 204, 404, 412]);
    expect(r.body.results[0].result.Name).toBe('Ann Archer');
    expect(r.body.results[1].result).toBeNull();
    expect(r.body.results[3].result).toEqual([{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }]);
    expect(row('Account', IDS.acc1)!.Name).toBe('Batch');
  });
});

describe('composite request limits', () => {
  it('more than 25 sub-requests or a duplicate referenceId is refused', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ method: 'GET', url: `${V}/sobjects/Account/${IDS.acc1}`, referenceId: `r${i}` }));
    const r = await api().post(`${V}/composite`).send({ compositeRequest: many });
    expect(r.status).toBe(400);
    const dup = await api()
      .post(`${V}/composite`)
      .send({
        compositeRequest: [
          { method: 'GET', url: `${V}/sobjects/Account/${IDS.acc1}`, referenceId: 'x' },
          { method: 'GET', url: `${V}/sobjects/Account/${IDS.acc2}`, referenceId: 'x' },
        ],
      });
    expect(dup.status).toBe(400);
    expect(dup.body[0].message).toBe('Duplicate ReferenceId provided in the request: x');
  });

  it('unknown sub-request URLs answer 404 inside the composite response', async () => {
    const r = await api()
      .post(`${V}/composite`)
      .send({ compositeRequest: [{ method: 'GET', url: `${V}/nowhere`, referenceId: 'n' }] });
    expect(r.status).toBe(200);
    expect(r.body.compositeResponse[0]).toEqual({
      body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      httpHeaders: {},
      httpStatusCode: 404,
      referenceId: 'n',
    });
  });
});

describe('GET /composite', () => {
  it('lists the composite resources', async () => {
    const r = await api().get(`${V}/composite`);
    expect(r.body).toEqual({ tree: `${V}/composite/tree`, batch: `${V}/composite/batch`, sobjects: `${V}/composite/sobjects`, graph: `${V}/composite/graph` });
  });
});
