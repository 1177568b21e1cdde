// Record CRUD, upsert and Salesforce's DML validation errors over the sobjects router (compat cases 33–38).
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../../schema/index.js';
import { buildOrg, IDS, NOW, setup, V } from '../helpers/records-org.js';

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});
afterEach(() => ctx.cleanup());

const api = () => request(ctx.app);
const row = (table: string, id: string) => ctx.store.get(`SELECT * FROM "${table}" WHERE "Id" = ?`, [id]);
const NOW_WIRE = '2025-01-01T00:00:00.000+0000';
const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];

describe('create (POST sobjects/T)', () => {
  it('compat case 33: 201 with id, success, errors; audit fields and owner from the injected clock and user', async () => {
    const r = await api().post(`${V}/sobjects/Account/`).send({ Name: 'X' });
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(r.text).toBe(`{"id":"${makeId('001', 4)}","success":true,"errors":[]}`);
    expect(r.headers.location).toBe(`${V}/sobjects/Account/${makeId('001', 4)}`);
    const stored = row('Account', makeId('001', 4))!;
    expect(stored).toMatchObject({
      Name: 'X',
      IsDeleted: 0,
      OwnerId: IDS.user,
      CreatedById: IDS.user,
      LastModifiedById: IDS.user,
      CreatedDate: NOW.toISOString(),
      LastModifiedDate: NOW.toISOString(),
      SystemModstamp: NOW.toISOString(),
    });
  });

  it('object and field names are case-insensitive; stored under canonical names', async () => {
    const r = await api().post(`${V}/sobjects/account`).send({ name: 'lower', shippingstate: 'WA' });
    expect(r.status).toBe(201);
    expect(row('Account', r.body.id)).toMatchObject({ Name: 'lower', ShippingState: 'WA' });
  });

  it('ids continue above the highest existing counter, deterministically', async () => {
    const a = await api().post(`${V}/sobjects/Contact`).send({ LastName: 'A' });
    const b = await api().post(`${V}/sobjects/Contact`).send({ LastName: 'B' });
    expect([a.body.id, b.body.id]).toEqual([makeId('003', 3), makeId('003', 4)]);
  });

  it('compat case 34: REQUIRED_FIELD_MISSING', async () => {
    const r = await api().post(`${V}/sobjects/Account`).send({});
    expect(r.status).toBe(400);
    expect(r.text).toBe('[{"message":"Required fields are missing: [Name]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Name"]}]');
  });

  it('lists every missing required field in schema order', async () => {
    const r = await api().post(`${V}/sobjects/OrderItem`).send({ OrderId: IDS.order });
    expect(r.body).toEqual([
      {
        message: 'Required fields are missing: [PricebookEntryId, Quantity, UnitPrice]',
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: ['PricebookEntryId', 'Quantity', 'UnitPrice'],
      },
    ]);
  });

  it('an explicit null on a defaulted required field is missing too', async () => {
    const r = await api().post(`${V}/sobjects/Case`).send({ Subject: 's', Status: null });
    expect(r.body).toEqual([{ message: 'Required fields are missing: [Status]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Status'] }]);
  });

  it('compat case 35: unknown field → INVALID_FIELD', async () => {
    const r = await api().post(`${V}/sobjects/Account`).send({ Name: 'X', Foo: 1 });
    expect(r.status).toBe(400);
    expect(r.text).toBe(`[{"message":"No such column 'Foo' on sobject of type Account","errorCode":"INVALID_FIELD"}]`);
  });

  it('read-only fields → INVALID_FIELD_FOR_INSERT_UPDATE listing them', async () => {
    const r = await api().post(`${V}/sobjects/Account`).send({ Name: 'X', CreatedDate: '2020-01-01T00:00:00Z', isdeleted: false });
    expect(r.status).toBe(400);
    expect(r.body).toEqual([
      {
        message:
          'Unable to create/update fields: CreatedDate, IsDeleted. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        fields: ['CreatedDate', 'IsDeleted'],
      },
    ]);
  });

  it('wrong JSON type → INVALID_TYPE_ON_FIELD_IN_RECORD', async () => {
    const r = await api()
      .post(`${V}/sobjects/OrderItem`)
      .send({ OrderId: IDS.order, PricebookEntryId: IDS.pbe1, Quantity: 'abc', UnitPrice: 10 });
    expect(r.status).toBe(400);
    expect(r.body).toEqual([{ message: 'Quantity: value not of required type: abc', errorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', fields: ['Quantity'] }]);
    const b = await api().post(`${V}/sobjects/Product2`).send({ Name: 'P', IsActive: 'yes' });
    expect(b.body[0].errorCode).toBe('INVALID_TYPE_ON_FIELD_IN_RECORD');
    const d = await api().post(`${V}/sobjects/Order`).send({ AccountId: IDS.acc1, EffectiveDate: '2024-02-30' });
    expect(d.body).toEqual([{ message: 'Effective Date: value not of required type: 2024-02-30', errorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', fields: ['EffectiveDate'] }]);
  });

  it('numbers beyond the field precision → NUMBER_OUTSIDE_VALID_RANGE', async () => {
    const r = await api()
      .post(`${V}/sobjects/OrderItem`)
      .send({ OrderId: IDS.order, PricebookEntryId: IDS.pbe1, Quantity: 1, UnitPrice: 1e17 });
    expect(r.body).toEqual([
      { message: 'Unit Price: value outside of valid range on numeric field: 100000000000000000', errorCode: 'NUMBER_OUTSIDE_VALID_RANGE', fields: ['UnitPrice'] },
    ]);
  });

  it('malformed reference id → MALFORMED_ID', async () => {
    const r = await api().post(`${V}/sobjects/Contact`).send({ LastName: 'L', AccountId: 'xyz' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual([{ message: 'Account ID: id value of incorrect type: xyz', errorCode: 'MALFORMED_ID', fields: ['AccountId'] }]);
  });

  it('reference to another object → FIELD_INTEGRITY_EXCEPTION', async () => {
    const r = await api().post(`${V}/sobjects/Contact`).send({ LastName: 'L', AccountId: IDS.con1 });
    expect(r.body).toEqual([{ message: `Account ID: id value of incorrect type: ${IDS.con1}`, errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['AccountId'] }]);
  });

  it('reference to a missing record → INVALID_CROSS_REFERENCE_KEY; 15-char ids are accepted and stored as 18', async () => {
    const missing = makeId('001', 999);
    const r = await api().post(`${V}/sobjects/Contact`).send({ LastName: 'L', AccountId: missing });
    expect(r.body).toEqual([{ message: 'invalid cross reference id', errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['AccountId'] }]);
    const ok = await api().post(`${V}/sobjects/Contact`).send({ LastName: 'L', AccountId: IDS.acc2.slice(0, 15) });
    expect(ok.status).toBe(201);
    expect(row('Contact', ok.body.id)!.AccountId).toBe(IDS.acc2);
  });

  it('restricted picklist → INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', async () => {
    const r = await api().post(`${V}/sobjects/Order`).send({ AccountId: IDS.acc1, EffectiveDate: '2024-05-01', Status: 'Shipped' });
    expect(r.body).toEqual([
      { message: 'Status: bad value for restricted picklist field: Shipped', errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Status'] },
    ]);
  });

  it('too-long text → STRING_TOO_LONG', async () => {
    const name = 'x'.repeat(81);
    const r = await api().post(`${V}/sobjects/Issue__c`).send({ Name: name });
    expect(r.body).toEqual([{ message: `Name: data value too large: ${name} (max length=80)`, errorCode: 'STRING_TOO_LONG', fields: ['Name'] }]);
  });

  it('duplicate external id → DUPLICATE_VALUE', async () => {
    const r = await api().post(`${V}/sobjects/Product2`).send({ Name: 'Dup', External_ID__c: 'footwear-1' });
    expect(r.body).toEqual([
      { message: `duplicate value found: External_ID__c duplicates value on record with id: ${IDS.prod1}`, errorCode: 'DUPLICATE_VALUE', fields: ['External_ID__c'] },
    ]);
  });

  it('datetimes with offsets are stored as UTC; dates, numbers and booleans coerced like Salesforce', async () => {
    const r = await api()
      .post(`${V}/sobjects/Pricebook2`)
      .send({ Name: 'Spring', ValidFrom: '2024-03-01T10:00:00+02:00', ValidTo: '2024-03-31T23:59:59.5Z', IsActive: 'true' });
    expect(r.status).toBe(201);
    expect(row('Pricebook2', r.body.id)).toMatchObject({ ValidFrom: '2024-03-01T08:00:00.000Z', ValidTo: '2024-03-31T23:59:59.500Z', IsActive: 1, IsStandard: 0 });
    const g = await api().get(`${V}/sobjects/Pricebook2/${r.body.id}?fields=ValidFrom,IsActive`);
    expect(g.body).toEqual({
      attributes: { type: 'Pricebook2', url: `${V}/sobjects/Pricebook2/${r.body.id}` },
      ValidFrom: '2024-03-01T08:00:00.000+0000',
      IsActive: true,
      Id: r.body.id,
    });
    const o = await api().post(`${V}/sobjects/Order`).send({ AccountId: IDS.acc1, EffectiveDate: '2024-05-01T12:00:00Z' });
    expect(row('Order', o.body.id)).toMatchObject({ EffectiveDate: '2024-05-01', Status: 'Draft', OrderNumber: '00000101' });
  });

  it('unknown object → 404 NOT_FOUND', async () => {
    const r = await api().post(`${V}/sobjects/Foo`).send({ Name: 'x' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual(NOT_FOUND);
  });

  it('writes to Organization are refused', async () => {
    const r = await api().post(`${V}/sobjects/Organization`).send({ Name: 'x' });
    expect(r.status).toBe(403);
    expect(r.body[0].errorCode).toBe('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY');
  });

  it('a failing write leaves no partial data', async () => {
    const before = ctx.store.contentHash();
    for (const body of [{}, { Name: 'X', Foo: 1 }, { Name: 'X', OwnerId: 'bad' }, { Name: 'x'.repeat(256) }]) {
      const r = await api().post(`${V}/sobjects/Account`).send(body);
      expect(r.status).toBe(400);
    }
    expect(ctx.store.contentHash()).toBe(before);
  });
});

describe('platform-derived values', () => {
  it('Contact Name from first and last name, on create and update', async () => {
    const r = await api().post(`${V}/sobjects/Contact`).send({ FirstName: 'Grace', LastName: 'Hopper' });
    expect(row('Contact', r.body.id)!.Name).toBe('Grace Hopper');
    await api().patch(`${V}/sobjects/Contact/${r.body.id}`).send({ FirstName: null });
    expect(row('Contact', r.body.id)!.Name).toBe('Hopper');
  });

  it('Case: auto number continues the max, Status defaults, IsClosed/ClosedDate follow Status', async () => {
    const r = await api().post(`${V}/sobjects/Case`).send({ Subject: 'Laces frayed', AccountId: IDS.acc3 });
    const id = r.body.id as string;
    expect(row('Case', id)).toMatchObject({ CaseNumber: '00001002', Status: 'New', Priority: 'Medium', IsClosed: 0, ClosedDate: null, OwnerId: IDS.user });
    await api().patch(`${V}/sobjects/Case/${id}`).send({ Status: 'Closed' });
    expect(row('Case', id)).toMatchObject({ IsClosed: 1, ClosedDate: NOW.toISOString() });
    await api().patch(`${V}/sobjects/Case/${id}`).send({ Status: 'Working' });
    expect(row('Case', id)).toMatchObject({ IsClosed: 0, ClosedDate: null });
    const ro = await api().patch(`${V}/sobjects/Case/${id}`).send({ IsClosed: true });
    expect(ro.body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('PricebookEntry copies Name and ProductCode from its product', async () => {
    const r = await api().post(`${V}/sobjects/PricebookEntry`).send({ Pricebook2Id: IDS.pb, Product2Id: IDS.prod3, UnitPrice: 99.999 });
    expect(r.status).toBe(201);
    expect(row('PricebookEntry', r.body.id)).toMatchObject({ Name: 'Rain Shell Pro', ProductCode: 'RS-2', UnitPrice: 100, IsActive: 0 });
  });

  it('OrderItem TotalPrice = Quantity × UnitPrice and the Order total follows', async () => {
    const r = await api().post(`${V}/sobjects/OrderItem`).send({ OrderId: IDS.order, PricebookEntryId: IDS.pbe1, Quantity: 3, UnitPrice: 100 });
    expect(r.status).toBe(201);
    expect(row('OrderItem', r.body.id)).toMatchObject({ TotalPrice: 300, Product2Id: IDS.prod1, OrderItemNumber: '0000000003' });
    expect(row('Order', IDS.order)!.TotalAmount).toBe(580);
    await api().patch(`${V}/sobjects/OrderItem/${r.body.id}`).send({ Quantity: 1 });
    expect(row('OrderItem', r.body.id)!.TotalPrice).toBe(100);
    expect(row('Order', IDS.order)!.TotalAmount).toBe(380);
    await api().delete(`${V}/sobjects/OrderItem/${r.body.id}`);
    expect(row('Order', IDS.order)!.TotalAmount).toBe(280);
  });
});

describe('retrieve (GET sobjects/T/{id})', () => {
  it('attributes then every field in describe order', async () => {
    const r = await api().get(`${V}/sobjects/Account/${IDS.acc1}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual([
      'attributes', 'Id', 'Name', 'FirstName', 'LastName', 'PersonEmail', 'Phone', 'RecordTypeId', 'ShippingStreet', 'ShippingCity',
      'ShippingState', 'ShippingPostalCode', 'ShippingCountry', 'OwnerId', 'IsDeleted', 'CreatedDate', 'CreatedById',
      'LastModifiedDate', 'LastModifiedById', 'SystemModstamp',
    ]);
    expect(r.body).toMatchObject({
      attributes: { type: 'Account', url: `${V}/sobjects/Account/${IDS.acc1}` },
      Id: IDS.acc1,
      Name: 'Ann Archer',
      PersonEmail: null,
      IsDeleted: false,
      CreatedDate: '2024-01-02T03:04:05.000+0000',
    });
  });

  it('?fields= selects fields (case-insensitive) and appends Id; 15-char id accepted', async () => {
    const r = await api().get(`${V}/sobjects/account/${IDS.acc1.slice(0, 15)}?fields=name,shippingstate`);
    expect(r.text).toBe(
      `{"attributes":{"type":"Account","url":"${V}/sobjects/Account/${IDS.acc1}"},"Name":"Ann Archer","ShippingState":"CA","Id":"${IDS.acc1}"}`,
    );
    const bad = await api().get(`${V}/sobjects/Account/${IDS.acc1}?fields=Name,Foo`);
    expect(bad.status).toBe(400);
    expect(bad.body[0].errorCode).toBe('INVALID_FIELD');
    expect(bad.body[0].message).toMatch(/^No such column 'Foo' on entity 'Account'\. If you are attempting to use a custom field/);
  });

  it('unknown well-formed id → 404 NOT_FOUND; compat case 37 non-id → external id message', async () => {
    const r = await api().get(`${V}/sobjects/Account/${makeId('001', 777)}`);
    expect(r.status).toBe(404);
    expect(r.text).toBe('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]');
    const x = await api().get(`${V}/sobjects/Account/xyz`);
    expect(x.status).toBe(404);
    expect(x.text).toBe('[{"errorCode":"NOT_FOUND","message":"Provided external ID field does not exist or is not accessible: xyz"}]');
    const other = await api().get(`${V}/sobjects/Account/${IDS.con1}`);
    expect(other.status).toBe(404);
    const unk = await api().get(`${V}/sobjects/Nope/${IDS.acc1}`);
    expect(unk.body).toEqual(NOT_FOUND);
  });
});

describe('update and delete', () => {
  it('compat case 36: PATCH 204 empty, DELETE 204 empty, then GET 404; the row stays with IsDeleted = 1', async () => {
    const p = await api().patch(`${V}/sobjects/Account/${IDS.acc3}`).send({ Name: 'Y' });
    expect(p.status).toBe(204);
    expect(p.text).toBe('');
    expect(row('Account', IDS.acc3)).toMatchObject({ Name: 'Y', LastModifiedDate: NOW.toISOString(), CreatedDate: '2024-01-02T03:04:05.000Z' });
    const d = await api().delete(`${V}/sobjects/Account/${IDS.acc3}`);
    expect(d.status).toBe(204);
    expect(d.text).toBe('');
    const g = await api().get(`${V}/sobjects/Account/${IDS.acc3}`);
    expect(g.status).toBe(404);
    expect(g.text).toBe('[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]');
    expect(row('Account', IDS.acc3)).toMatchObject({ IsDeleted: 1, Name: 'Y' });
    const again = await api().delete(`${V}/sobjects/Account/${IDS.acc3}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual([{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }]);
    const upd = await api().patch(`${V}/sobjects/Account/${IDS.acc3}`).send({ Name: 'Z' });
    expect(upd.body[0].errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('deleting an order soft-deletes its items (cascade)', async () => {
    await api().delete(`${V}/sobjects/Order/${IDS.order}`).expect(204);
    expect(row('OrderItem', IDS.oi1)!.IsDeleted).toBe(1);
    expect(row('OrderItem', IDS.oi2)!.IsDeleted).toBe(1);
  });

  it('update validation: required field set to null, unknown id, id of another object, non-id', async () => {
    const n = await api().patch(`${V}/sobjects/Account/${IDS.acc1}`).send({ Name: null });
    expect(n.body).toEqual([{ message: 'Required fields are missing: [Name]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }]);
    const u = await api().patch(`${V}/sobjects/Account/${makeId('001', 555)}`).send({ Name: 'x' });
    expect(u.status).toBe(404);
    expect(u.body).toEqual(NOT_FOUND);
    const o = await api().patch(`${V}/sobjects/Account/${IDS.con1}`).send({ Name: 'x' });
    expect(o.status).toBe(400);
    expect(o.body).toEqual([{ message: `Account ID: id value of incorrect type: ${IDS.con1}`, errorCode: 'MALFORMED_ID', fields: ['Id'] }]);
    const x = await api().delete(`${V}/sobjects/Account/xyz`);
    expect(x.status).toBe(404);
    expect(x.body[0].message).toBe('Provided external ID field does not exist or is not accessible: xyz');
    const ro = await api().patch(`${V}/sobjects/PricebookEntry/${IDS.pbe1}`).send({ Product2Id: IDS.prod2 });
    expect(ro.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Product2Id'] });
  });
});

describe('upsert (PATCH sobjects/T/{ExtField}/{value})', () => {
  it('compat case 38: 201 created:true, then 200 created:false', async () => {
    const a = await api().patch(`${V}/sobjects/Product2/External_ID__c/E1`).send({ Name: 'Camp Stove' });
    expect(a.status).toBe(201);
    const id = makeId('01t', 4);
    expect(a.text).toBe(`{"id":"${id}","success":true,"errors":[],"created":true}`);
    expect(row('Product2', id)).toMatchObject({ Name: 'Camp Stove', External_ID__c: 'E1' });
    const b = await api().patch(`${V}/sobjects/Product2/External_ID__c/E1`).send({ Name: 'Camp Stove 2' });
    expect(b.status).toBe(200);
    expect(b.text).toBe(`{"id":"${id}","success":true,"errors":[],"created":false}`);
    expect(row('Product2', id)!.Name).toBe('Camp Stove 2');
  });

  it('before API 46 an update answers 204', async () => {
    const r = await api().patch(`/services/data/v45.0/sobjects/Product2/External_ID__c/Footwear-1`).send({ Family: 'Footwear' });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
  });

  it('several matches → 300 with the record URLs', async () => {
    // External ids are unique for writes; force a duplicate directly in the store.
    ctx.store.run(`UPDATE "Product2" SET "External_ID__c" = 'Apparel-1' WHERE "Id" = ?`, [IDS.prod3]);
    const r = await api().patch(`${V}/sobjects/Product2/External_ID__c/Apparel-1`).send({ Name: 'x' });
    expect(r.status).toBe(300);
    expect(r.body).toEqual([`${V}/sobjects/Product2/${IDS.prod2}`, `${V}/sobjects/Product2/${IDS.prod3}`]);
    const g = await api().get(`${V}/sobjects/Product2/External_ID__c/Apparel-1`);
    expect(g.status).toBe(300);
  });

  it('?updateOnly=true does not insert', async () => {
    const r = await api().patch(`${V}/sobjects/Product2/External_ID__c/NEW-1?updateOnly=true`).send({ Name: 'x' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual(NOT_FOUND);
  });

  it('unknown or non-external field → NOT_FOUND; a conflicting body value is refused', async () => {
    const r = await api().patch(`${V}/sobjects/Product2/Name/x`).send({ Family: 'Apparel' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual([{ errorCode: 'NOT_FOUND', message: 'Provided external ID field does not exist or is not accessible: Name' }]);
    const c = await api().patch(`${V}/sobjects/Product2/External_ID__c/E9`).send({ Name: 'x', External_ID__c: 'E10' });
    expect(c.status).toBe(400);
    expect(c.body[0].errorCode).toBe('INVALID_FIELD');
  });

  it('GET by external id (URL-encoded, case-insensitive) and POST sobjects/T/Id creates', async () => {
    const g = await api().get(`${V}/sobjects/Product2/external_id__c/${encodeURIComponent('footwear-1')}?fields=Name`);
    expect(g.status).toBe(200);
    expect(g.body).toEqual({ attributes: { type: 'Product2', url: `${V}/sobjects/Product2/${IDS.prod1}` }, Name: 'Trail Runner 2', Id: IDS.prod1 });
    const none = await api().get(`${V}/sobjects/Product2/External_ID__c/none`);
    expect(none.status).toBe(404);
    const p = await api().post(`${V}/sobjects/Account/Id`).send({ Name: 'Via Id' });
    expect(p.status).toBe(201);
    expect(p.body).toEqual({ id: makeId('001', 4), success: true, errors: [], created: true });
    const byId = await api().patch(`${V}/sobjects/Account/Id/${IDS.acc2}`).send({ Name: 'Bob B.' });
    expect(byId.status).toBe(200);
    expect(byId.body.created).toBe(false);
    expect(row('Account', IDS.acc2)!.Name).toBe('Bob B.');
  });
});

describe('replication and method override', () => {
  it('GET sobjects/T/updated and /deleted over a window', async () => {
    const c = await api().post(`${V}/sobjects/Account`).send({ Name: 'New one' });
    await api().delete(`${V}/sobjects/Account/${IDS.acc3}`).expect(204);
    const start = encodeURIComponent('2024-12-31T00:00:00+00:00');
    const end = encodeURIComponent('2025-01-02T00:00:00Z');
    const u = await api().get(`${V}/sobjects/Account/updated/?start=${start}&end=${end}`);
    expect(u.status).toBe(200);
    expect(u.body).toEqual({ ids: [c.body.id], latestDateCovered: NOW_WIRE });
    const d = await api().get(`${V}/sobjects/Account/deleted/?start=${start}&end=${end}`);
    expect(d.body).toEqual({
      deletedRecords: [{ id: IDS.acc3, deletedDate: NOW_WIRE }],
      earliestDateAvailable: NOW_WIRE,
      latestDateCovered: NOW_WIRE,
    });
    const missing = await api().get(`${V}/sobjects/Account/updated?end=${end}`);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([{ message: 'Missing parameter: start', errorCode: 'MISSING_ARGUMENT' }]);
  });

  it('POST with ?_HttpMethod=PATCH updates', async () => {
    const r = await api().post(`${V}/sobjects/Account/${IDS.acc2}?_HttpMethod=PATCH`).send({ Name: 'Over Ride' });
    expect(r.status).toBe(204);
    expect(row('Account', IDS.acc2)!.Name).toBe('Over Ride');
  });
});

describe('POST sobjects/T/{ExtField} (value in the body)', () => {
  it('upserts on the body value, creates without one; other fields → 405', async () => {
    const u = await api().post(`${V}/sobjects/Product2/External_ID__c`).send({ External_ID__c: 'Apparel-1', Family: 'Accessories' });
    expect(u.status).toBe(200);
    expect(u.body).toEqual({ id: IDS.prod2, success: true, errors: [], created: false });
    expect(row('Product2', IDS.prod2)!.Family).toBe('Accessories');
    const c = await api().post(`${V}/sobjects/Product2/External_ID__c`).send({ Name: 'No ext' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({ id: makeId('01t', 4), success: true, errors: [], created: true });
    const n = await api().post(`${V}/sobjects/Product2/${IDS.prod1}`).send({ Name: 'x' });
    expect(n.status).toBe(405);
  });
});

describe('person accounts', () => {
  it('Account Name defaults to First + Last; an explicit Name wins', async () => {
    const a = await api().post(`${V}/sobjects/Account`).send({ FirstName: 'Pat', LastName: 'Doe' });
    expect(a.status).toBe(201);
    expect(row('Account', a.body.id)!.Name).toBe('Pat Doe');
    await api().patch(`${V}/sobjects/Account/${a.body.id}`).send({ LastName: 'Roe' }).expect(204);
    expect(row('Account', a.body.id)!.Name).toBe('Pat Roe');
    const b = await api().post(`${V}/sobjects/Account`).send({ Name: 'Shop', LastName: 'Doe' });
    expect(row('Account', b.body.id)!.Name).toBe('Shop');
  });
});

describe('relationship traversal (GET sobjects/T/{id}/{relationship})', () => {
  it('parent relationship returns the parent record; child relationship a query envelope', async () => {
    const p = await api().get(`${V}/sobjects/Contact/${IDS.con1}/Account?fields=Name`);
    expect(p.status).toBe(200);
    expect(p.body).toEqual({ attributes: { type: 'Account', url: `${V}/sobjects/Account/${IDS.acc1}` }, Name: 'Ann Archer', Id: IDS.acc1 });
    const c = await api().get(`${V}/sobjects/Order/${IDS.order}/orderitems?fields=Quantity`);
    expect(c.body).toEqual({
      totalSize: 2,
      done: true,
      records: [
        { attributes: { type: 'OrderItem', url: `${V}/sobjects/OrderItem/${IDS.oi1}` }, Quantity: 1, Id: IDS.oi1 },
        { attributes: { type: 'OrderItem', url: `${V}/sobjects/OrderItem/${IDS.oi2}` }, Quantity: 2, Id: IDS.oi2 },
      ],
    });
    const empty = await api().get(`${V}/sobjects/Account/${IDS.acc3}/Contacts`);
    expect(empty.body).toEqual({ totalSize: 0, done: true, records: [] });
    const nullParent = await api().get(`${V}/sobjects/Case/${IDS.case2}/IssueId__r`);
    expect(nullParent.status).toBe(404);
    const unknown = await api().get(`${V}/sobjects/Account/${IDS.acc1}/Nope`);
    expect(unknown.status).toBe(404);
  });
});

describe('lookups set by the parent external id', () => {
  it('"Product2": {"External_ID__c": …} resolves to the parent id; unknown values are INVALID_FIELD', async () => {
    const r = await api()
      .post(`${V}/sobjects/PricebookEntry`)
      .send({ Pricebook2Id: IDS.pb, Product2: { External_ID__c: 'apparel-2' }, UnitPrice: 50 });
    expect(r.status).toBe(201);
    expect(row('PricebookEntry', r.body.id)).toMatchObject({ Product2Id: IDS.prod3, Name: 'Rain Shell Pro' });
    const bad = await api()
      .post(`${V}/sobjects/PricebookEntry`)
      .send({ Pricebook2Id: IDS.pb, Product2: { External_ID__c: 'nope' }, UnitPrice: 50 });
    expect(bad.body).toEqual([
      { message: 'Foreign key external ID: nope not found for field External_ID__c in entity Product2', errorCode: 'INVALID_FIELD', fields: [] },
    ]);
  });
});

describe('the small records test org', () => {
  it('builds', () => {
    const org = buildOrg();
    try {
      expect(org.store.count('Case')).toBe(2);
      expect(org.store.count('Account')).toBe(3);
    } finally {
      org.cleanup();
    }
  });
});
