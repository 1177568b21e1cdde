// A small hand-built org file and a test app that mounts the sobjects / composite routers, shared by
// the records, describe and composite suites (a small org makes exact DML assertions easy to read).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { API_USER_ID, ORG_ID, makeId } from '../../schema/index.js';
import type { OrgDeps } from '../../server/org/deps.js';
import { Store } from '../../server/store/index.js';
import { errorMiddleware, notFoundHandler } from '../../server/http/errors.js';
import { jsonBody } from '../../server/http/middleware/body.js';
import { expressResources } from '../../server/http/table.js';
import { Episode } from '../../server/sessions/index.js';

export const NOW = new Date('2025-01-01T00:00:00.000Z');
export const V = '/services/data/v59.0';

const audit = (d: string) => ({
  CreatedDate: d,
  CreatedById: API_USER_ID,
  LastModifiedDate: d,
  LastModifiedById: API_USER_ID,
  SystemModstamp: d,
});
const T0 = '2024-01-02T03:04:05.000Z';

export const IDS = {
  user: API_USER_ID,
  agent: makeId('005', 2),
  acc1: makeId('001', 1),
  acc2: makeId('001', 2),
  acc3: makeId('001', 3),
  con1: makeId('003', 1),
  con2: makeId('003', 2),
  prod1: makeId('01t', 1),
  prod2: makeId('01t', 2),
  prod3: makeId('01t', 3),
  pb: makeId('01s', 1),
  pbe1: makeId('01u', 1),
  pbe2: makeId('01u', 2),
  order: makeId('801', 1),
  oi1: makeId('802', 1),
  oi2: makeId('802', 2),
  issue: makeId('a1M', 1),
  case1: makeId('500', 1),
  case2: makeId('500', 2),
} as const;

/** Builds the small org in a fresh temp file. */
export function buildOrg(): { store: Store; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lf-records-'));
  const path = join(dir, 'org.sqlite');
  const store = Store.create(path);
  store.insertMany('Organization', [{ Id: ORG_ID, Name: 'Localforce Sports', IsSandbox: false, OrganizationType: 'Enterprise Edition', InstanceName: 'LF1', TimeZoneSidKey: 'GMT', ...audit(T0) }]);
  const user = (Id: string, FirstName: string, LastName: string, Username: string) => ({
    Id, FirstName, LastName, Name: `${FirstName} ${LastName}`, Email: Username, Username, Alias: LastName.slice(0, 8),
    IsActive: true, ProfileId: '00e000000000001AAA', LanguageLocaleKey: 'en_US', EmailEncodingKey: 'UTF-8', TimeZoneSidKey: 'GMT', LocaleSidKey: 'en_US', ...audit(T0),
  });
  store.insertMany('User', [user(IDS.user, 'API', 'User', 'api@localforce.test'), user(IDS.agent, 'Ada', 'Agent', 'ada@localforce.test')]);
  store.insertMany('Account', [
    { Id: IDS.acc1, Name: 'Ann Archer', FirstName: 'Ann', LastName: 'Archer', ShippingState: 'CA', OwnerId: IDS.agent, ...audit(T0) },
    { Id: IDS.acc2, Name: 'Bob Baker', FirstName: 'Bob', LastName: 'Baker', ShippingState: 'NY', OwnerId: IDS.agent, ...audit(T0) },
    { Id: IDS.acc3, Name: 'Cid Cole', FirstName: 'Cid', LastName: 'Cole', ShippingState: 'TX', OwnerId: IDS.agent, ...audit(T0) },
  ]);
  store.insertMany('Contact', [
    { Id: IDS.con1, FirstName: 'Ann', LastName: 'Archer', Name: 'Ann Archer', Email: 'ann@example.com', AccountId: IDS.acc1, OwnerId: IDS.agent, ...audit(T0) },
    { Id: IDS.con2, FirstName: 'Bob', LastName: 'Baker', Name: 'Bob Baker', AccountId: IDS.acc2, OwnerId: IDS.agent, ...audit(T0) },
  ]);
  store.insertMany('Product2', [
    { Id: IDS.prod1, Name: 'Trail Runner 2', ProductCode: 'TR-2', Family: 'Footwear', IsActive: true, External_ID__c: 'Footwear-1', ...audit(T0) },
    { Id: IDS.prod2, Name: 'Rain Shell', ProductCode: 'RS-1', Family: 'Apparel', IsActive: true, External_ID__c: 'Apparel-1', ...audit(T0) },
    { Id: IDS.prod3, Name: 'Rain Shell Pro', ProductCode: 'RS-2', Family: 'Apparel', IsActive: true, External_ID__c: 'Apparel-2', ...audit(T0) },
  ]);
  store.insertMany('Pricebook2', [{ Id: IDS.pb, Name: 'Standard Price Book', IsActive: true, IsStandard: true, ...audit(T0) }]);
  store.insertMany('PricebookEntry', [
    { Id: IDS.pbe1, Name: 'Trail Runner 2', ProductCode: 'TR-2', Pricebook2Id: IDS.pb, Product2Id: IDS.prod1, UnitPrice: 120, IsActive: true, ...audit(T0) },
    { Id: IDS.pbe2, Name: 'Rain Shell', ProductCode: 'RS-1', Pricebook2Id: IDS.pb, Product2Id: IDS.prod2, UnitPrice: 80, IsActive: true, ...audit(T0) },
  ]);
  store.insertMany('Order', [
    { Id: IDS.order, AccountId: IDS.acc1, Pricebook2Id: IDS.pb, Status: 'Activated', EffectiveDate: '2024-01-02', OrderNumber: '00000100', TotalAmount: 280, OwnerId: IDS.agent, ...audit(T0) },
  ]);
  store.insertMany('OrderItem', [
    { Id: IDS.oi1, OrderId: IDS.order, Product2Id: IDS.prod1, PricebookEntryId: IDS.pbe1, Quantity: 1, UnitPrice: 120, TotalPrice: 120, OrderItemNumber: '0000000001', ...audit(T0) },
    { Id: IDS.oi2, OrderId: IDS.order, Product2Id: IDS.prod2, PricebookEntryId: IDS.pbe2, Quantity: 2, UnitPrice: 80, TotalPrice: 160, OrderItemNumber: '0000000002', ...audit(T0) },
  ]);
  store.insertMany('Issue__c', [{ Id: IDS.issue, Name: 'Product Defect', Description__c: 'The product broke.', ...audit(T0) }]);
  store.insertMany('Case', [
    { Id: IDS.case1, CaseNumber: '00001000', Subject: 'Sole came off', Status: 'Closed', IsClosed: true, ClosedDate: '2024-01-05T00:00:00.000Z', Priority: 'High', Origin: 'Email', ContactId: IDS.con1, AccountId: IDS.acc1, OwnerId: IDS.agent, OrderItemId__c: IDS.oi1, IssueId__c: IDS.issue, ...audit(T0) },
    { Id: IDS.case2, CaseNumber: '00001001', Subject: 'Zip broken', Status: 'New', IsClosed: false, Priority: 'Medium', Origin: 'Web', ContactId: IDS.con2, AccountId: IDS.acc2, OwnerId: IDS.agent, ...audit(T0) },
  ]);
  const cleanup = () => {
    try {
      store.close();
    } catch {
      /* already closed */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, path, cleanup };
}

export function depsFor(store: Store): OrgDeps {
  return { store, now: () => NOW, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID };
}

/** The resource table on a minimal app (version check + JSON body + the shared error middleware). */
export function testApp(deps: OrgDeps): Express {
  const app = express();
  app.set('query parser', 'simple');
  const versioned = express.Router({ mergeParams: true });
  versioned.use((req, res, next) => {
    const m = /^v(\d{2}\.0)$/.exec(String(req.params.version));
    if (!m) {
      next(new (class extends Error {})('bad version'));
      return;
    }
    res.locals.apiVersion = m[1];
    next();
  });
  versioned.use(jsonBody('50mb'));
  // The table takes its services from the request's episode: one episode over this store.
  const episode = new Episode({ id: 'test', token: 'test', label: null, timeZone: deps.timeZone, orgId: deps.orgId, userId: deps.userId, now: deps.now, wall: () => 0, instanceUrl: '' }, deps.store);
  versioned.use((_req, res, next) => {
    res.locals.services = episode.services();
    next();
  });
  versioned.use(expressResources());
  app.use('/services/data/:version', versioned);
  app.use(notFoundHandler);
  app.use(errorMiddleware(() => undefined));
  return app;
}

/** One org + app per suite. */
export function setup() {
  const org = buildOrg();
  const deps = depsFor(org.store);
  return { ...org, deps, app: testApp(deps) };
}
