// A small hand-built org for SOSL tests: text chosen to exercise tokenization (letter/digit
// transitions, punctuation, HTML in rich text), stemming, scopes (name / email / phone fields),
// look-alike product names and knowledge articles, plus a soft-deleted record.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_USER_ID, makeId, ORG_ID } from '../../schema/index.js';
import { Store } from '../../server/store/index.js';

const T0 = '2024-03-01T10:00:00.000Z';
const audit = { CreatedDate: T0, LastModifiedDate: T0, SystemModstamp: T0, CreatedById: API_USER_ID, LastModifiedById: API_USER_ID };

export const PRODUCTS = [
  ['Summit Trail Runner', 'Lightweight trail running shoe with a grippy outsole for muddy paths.', 'Footwear'],
  ['Ridgeline Trail Running Shoe', 'Cushioned trail running shoes built for long distances on rocky trails.', 'Footwear'],
  ['Canyon Trail Running Jacket', 'Water-resistant jacket for trail runners; packs into its own pocket.', 'Apparel'],
  ['Metro Road Runner', 'Responsive road running shoe for daily training on pavement.', 'Footwear'],
  ["Women's Fitness Leggings", 'High-waisted leggings for yoga, gym and fitness classes.', 'Apparel'],
  ['Compression Leggings Pro', 'Compression leggings that support muscles during running and recovery.', 'Apparel'],
  ['AeroFlex 2000 Yoga Mat', 'Non-slip yoga mat, 6mm thick, with carry strap.', 'Equipment'],
  ['HydroPack 2L Hydration Vest', 'Running vest with a 2-liter water bladder and phone pocket.', 'Accessories'],
  ['Thermal Running Gloves', 'Touchscreen-compatible gloves for winter running.', 'Accessories'],
  ['Basketball Pro Sneaker', 'High-top basketball shoe with ankle support.', 'Footwear'],
  ['Tennis Ace Racket', 'Graphite tennis racket for intermediate players.', 'Equipment'],
  ['Camping Lantern X5', 'LED lantern; 300 lumens; USB-C rechargeable battery.', 'Equipment'],
] as const;

export const ARTICLES = [
  ['Return and Refund Policy', '<p>Items can be returned within <b>30 days</b> of purchase for a full refund.</p><ul><li>Refunds are issued to the original payment method.</li><li>Worn footwear can&#39;t be returned.</li></ul>', 'Online'],
  ['Warranty Coverage', '<p>All footwear has a <i>1-year</i> warranty against manufacturing defects. Warranty repairs take 10&ndash;14 days.</p>', 'Online'],
  ['Shipping &amp; Delivery Times', '<p>Standard shipping takes 5 business days; express shipping takes 2 days. Orders over $75 ship free.</p>', 'Online'],
  ['How to Clean Running Shoes', '<p>Remove the insoles, hand-wash with mild soap &amp; cold water, and air-dry away from heat.</p>', 'Online'],
  ['Price Adjustment Policy', '<p>If an item&#39;s price drops within 14 days of purchase, we refund the difference once.</p>', 'Online'],
  ['Loyalty Points Program', '<p>Earn 1 point per dollar spent. 500 points = $5 store credit.</p>', 'Online'],
  ['Caring for Yoga Mats', '<p>Wipe the mat with a damp cloth after each session; avoid direct sunlight.</p>', 'Online'],
  ['Draft: Holiday Return Extension', '<p>Holiday purchases can be returned until January 31.</p>', 'Draft'],
] as const;

export const ACCOUNTS = [
  ['Acme Corp', 'Acme', 'Corp', 'billing@acme.com', '(415) 555-1212'],
  ['Globex Inc', 'Globex', 'Inc', 'info@globex.example', '212-555-0100'],
  ['Jane Runner', 'Jane', 'Runner', 'jane.runner@mail.example', '+1 650 555 0199'],
  ['John Smith', 'John', 'Smith', 'jsmith@web2case.example', '650.555.0123'],
  ['Joan Smithers', 'Joan', 'Smithers', 'joan@smithers.example', null],
  ['Trail Blazers Club', 'Trail', 'Blazers', 'club@trail.example', '503-555-7777'],
] as const;

export const CASES = [
  ['Shoe sole detached after two weeks', 'My Summit Trail Runner sole came off while running. Order 00001234.'],
  ['Package arrived late', 'The delivery took 12 days instead of 5; the box was damaged too.'],
  ['Wrong size delivered', 'I ordered size 9 but got 10 of the Metro Road Runner.'],
  ['Refund not received', 'I returned the leggings 3 weeks ago and still have no refund. Web2Case form.'],
  ['Jacket zipper broken', 'The zipper on my Canyon jacket broke on the first run.'],
] as const;

export const DELETED_PRODUCT_ID = makeId('01t', 99);

export function buildSoslOrg(path = join(mkdtempSync(join(tmpdir(), 'lf-sosl-')), 'org.db')): string {
  const store = Store.create(path);
  store.insertMany('Organization', [{ Id: ORG_ID, Name: 'Localforce SOSL Org', IsSandbox: false, OrganizationType: 'Developer Edition', TimeZoneSidKey: 'GMT', ...audit }]);
  store.insertMany('User', [
    {
      Id: API_USER_ID, FirstName: 'API', LastName: 'User', Name: 'API User', Email: 'api@localforce.dev', Username: 'api@localforce.dev', Alias: 'api',
      IsActive: true, ProfileId: makeId('00e', 1), LanguageLocaleKey: 'en_US', EmailEncodingKey: 'UTF-8', TimeZoneSidKey: 'GMT', LocaleSidKey: 'en_US', Title: 'Integration', Phone: '415-555-0000', ...audit,
    },
    {
      Id: makeId('005', 2), FirstName: 'Ada', LastName: 'Lovelace', Name: 'Ada Lovelace', Email: 'ada@localforce.dev', Username: 'ada@localforce.dev', Alias: 'alove',
      IsActive: true, ProfileId: makeId('00e', 1), LanguageLocaleKey: 'en_US', EmailEncodingKey: 'UTF-8', TimeZoneSidKey: 'GMT', LocaleSidKey: 'en_US', Title: 'Service Agent', Phone: '(415) 555-1213', ...audit,
    },
  ]);
  store.insertMany(
    'Account',
    ACCOUNTS.map(([Name, FirstName, LastName, PersonEmail, Phone], i) => ({
      Id: makeId('001', i + 1), Name, FirstName, LastName, PersonEmail, Phone, ShippingCity: i % 2 ? 'Portland' : 'San Francisco', ShippingState: i % 2 ? 'OR' : 'CA', OwnerId: API_USER_ID, ...audit,
    })),
  );
  store.insertMany(
    'Contact',
    ACCOUNTS.map(([, FirstName, LastName, Email, Phone], i) => ({
      Id: makeId('003', i + 1), FirstName, LastName, Name: `${FirstName} ${LastName}`, Email, Phone, AccountId: makeId('001', i + 1), OwnerId: API_USER_ID, ...audit,
    })),
  );
  store.insertMany('Product2', [
    ...PRODUCTS.map(([Name, Description, Family], i) => ({
      Id: makeId('01t', i + 1), Name, Description, Family, IsActive: i !== 10, ProductCode: `SKU-${1000 + i}`, External_ID__c: `${Family}_${i}`, ...audit,
    })),
    { Id: DELETED_PRODUCT_ID, Name: 'Deleted Trail Runner', Description: 'gone', Family: 'Footwear', IsActive: true, IsDeleted: true, ProductCode: 'SKU-9999', External_ID__c: 'Footwear_99', ...audit },
  ]);
  store.insertMany(
    'Knowledge__kav',
    ARTICLES.map(([Title, FAQ_Answer__c, PublishStatus], i) => ({
      Id: makeId('ka0', i + 1), Title, Summary: `Summary of ${Title.toLowerCase()}.`, UrlName: `article-${i + 1}`, FAQ_Answer__c, PublishStatus, Language: 'en_US', ArticleNumber: `0000${i + 1}`, VersionNumber: 1, IsLatestVersion: true, ...audit,
    })),
  );
  store.insertMany('Issue__c', [
    { Id: makeId('a1M', 1), Name: 'Product Defect', Description__c: 'The product broke or is faulty.', ...audit },
    { Id: makeId('a1M', 2), Name: 'Shipping Delay', Description__c: 'The parcel arrived late.', ...audit },
  ]);
  store.insertMany(
    'Case',
    CASES.map(([Subject, Description], i) => ({
      Id: makeId('500', i + 1), CaseNumber: `0000100${i}`, Subject, Description, Status: i % 2 ? 'Closed' : 'New', Priority: 'Medium', Origin: 'Web',
      ContactId: makeId('003', i + 1), AccountId: makeId('001', i + 1), OwnerId: makeId('005', 2), IsClosed: i % 2 === 1, ...audit,
    })),
  );
  store.createIndexes();
  store.close();
  return path;
}
