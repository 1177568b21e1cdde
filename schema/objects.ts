// The 16 objects of the CRMArena-style service org plus Organization, as data.
// Field lists are described in docs/org.md; types and names follow Salesforce's standard objects.
import { autoNumber, field, idField, longText, opaqueRef, picklist, ref, str, systemFields } from './build.js';
import type { FieldDef, ObjectDef } from './types.js';

type ObjOpts = Partial<Omit<ObjectDef, 'name' | 'fields' | 'keyPrefix' | 'description'>>;

function object(name: string, keyPrefix: string, description: string, fields: FieldDef[], opts: ObjOpts = {}): ObjectDef {
  const label = opts.label ?? name.replace(/__c$|__kav$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return {
    name,
    label,
    labelPlural: opts.labelPlural ?? `${label}s`,
    keyPrefix,
    custom: name.endsWith('__c'),
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    searchable: true,
    ...opts,
    description,
    fields: [idField(label), ...fields, ...systemFields(label)],
  };
}

const REQUIRED = { nillable: false } as const;
const NAME = { nameField: true } as const;
const DERIVED_NAME = { nameField: true, createable: false, updateable: false, calculated: true, defaultedOnCreate: true } as const;

export const USER_PICKLISTS = {
  timeZones: ['GMT', 'America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York'],
  locales: ['en_US'],
  languages: ['en_US'],
  encodings: ['UTF-8', 'ISO-8859-1'],
} as const;

export const CASE_STATUSES = ['New', 'Working', 'Escalated', 'Waiting on Customer', 'Closed'] as const;
export const CASE_PRIORITIES = ['High', 'Medium', 'Low'] as const;
export const CASE_ORIGINS = ['Email', 'Phone', 'Web', 'Chat'] as const;
export const CASE_HISTORY_FIELDS = ['Case Creation', 'Owner Assignment', 'Case Closed'] as const;
export const ORDER_STATUSES = ['Draft', 'Activated'] as const;
export const PRODUCT_FAMILIES = ['Footwear', 'Apparel', 'Equipment', 'Accessories'] as const;

const User = object('User', '005', 'A user of the org: service agents, supervisors, analysts and system/API users.', [
  str('FirstName', "The user's first name.", 40),
  str('LastName', "The user's last name.", 80, REQUIRED),
  str('Name', "The user's full name (first and last name).", 121, DERIVED_NAME),
  field('Email', 'email', "The user's email address.", { length: 128, ...REQUIRED }),
  field('Phone', 'phone', "The user's phone number.", { length: 40 }),
  str('Username', "The user's login name, in the form of an email address; unique across orgs.", 80, { ...REQUIRED, unique: true, idLookup: true }),
  str('Alias', "The user's short alias.", 8, REQUIRED),
  field('IsActive', 'boolean', 'Whether the user can log in.', { nillable: false, defaultValue: true, defaultedOnCreate: true }),
  opaqueRef('ProfileId', 'Profile', "Id of the user's profile.", REQUIRED),
  opaqueRef('UserRoleId', 'UserRole', "Id of the user's role in the role hierarchy."),
  str('Title', "The user's job title (e.g. Service Agent, Support Manager).", 80),
  str('Department', "The user's department.", 80),
  picklist('LanguageLocaleKey', "The user's language.", USER_PICKLISTS.languages, REQUIRED),
  picklist('EmailEncodingKey', "The user's email encoding.", USER_PICKLISTS.encodings, REQUIRED),
  picklist('TimeZoneSidKey', "The user's time zone.", USER_PICKLISTS.timeZones, REQUIRED),
  picklist('LocaleSidKey', "The user's locale.", USER_PICKLISTS.locales, REQUIRED),
]);

const Account = object('Account', '001', 'A customer. Accounts are person accounts: one per consumer, with shipping address.', [
  str('Name', "The account's name; for a person account, the customer's first and last name.", 255, { ...REQUIRED, ...NAME }),
  str('FirstName', "The person account's first name.", 40),
  str('LastName', "The person account's last name.", 80),
  field('PersonEmail', 'email', "The person account's email address.", { length: 80 }),
  field('Phone', 'phone', "The account's phone number.", { length: 40 }),
  opaqueRef('RecordTypeId', 'RecordType', 'Id of the record type (the person-account record type).'),
  str('ShippingStreet', 'Street of the shipping address.', 255),
  str('ShippingCity', 'City of the shipping address.', 40),
  str('ShippingState', 'State of the shipping address, as a two-letter US state code (e.g. CA).', 80),
  str('ShippingPostalCode', 'Postal code of the shipping address.', 20),
  str('ShippingCountry', 'Country of the shipping address.', 80),
  ref('OwnerId', 'User', 'The user who owns the account.', null, { nillable: false, defaultedOnCreate: true }),
]);

const Contact = object('Contact', '003', 'A person who contacts customer service; linked to their (person) account.', [
  str('FirstName', "The contact's first name.", 40),
  str('LastName', "The contact's last name.", 80, REQUIRED),
  str('Name', "The contact's full name.", 121, DERIVED_NAME),
  field('Email', 'email', "The contact's email address.", { length: 80 }),
  field('Phone', 'phone', "The contact's phone number.", { length: 40 }),
  ref('AccountId', 'Account', 'The account the contact belongs to.', 'Contacts'),
  ref('OwnerId', 'User', 'The user who owns the contact.', null, { nillable: false, defaultedOnCreate: true }),
]);

const Product2 = object('Product2', '01t', 'A product in the catalogue (footwear, apparel, equipment).', [
  str('Name', "The product's name.", 255, { ...REQUIRED, ...NAME }),
  str('ProductCode', "The product's internal code (SKU).", 255),
  field('Description', 'textarea', 'A text description of the product.', { length: 4000, extraTypeInfo: 'plaintextarea' }),
  picklist('Family', 'The product family (Footwear, Apparel, Equipment, Accessories).', PRODUCT_FAMILIES),
  field('IsActive', 'boolean', 'Whether the product is active and can be ordered.', { nillable: false, defaultValue: false, defaultedOnCreate: true }),
  str('External_ID__c', 'External id of the product: its category names plus an index.', 255, { externalId: true, unique: true, idLookup: true }),
], { label: 'Product', labelPlural: 'Products' });

const ProductCategory = object('ProductCategory', '0ZG', 'A category of the product catalogue; categories can nest.', [
  str('Name', "The category's name.", 255, { ...REQUIRED, ...NAME }),
  opaqueRef('CatalogId', 'ProductCatalog', 'Id of the catalogue the category belongs to.', REQUIRED),
  ref('ParentCategoryId', 'ProductCategory', 'The parent category, if any.', 'ChildCategories'),
], { label: 'Product Category', labelPlural: 'Product Categories' });

const ProductCategoryProduct = object('ProductCategoryProduct', '0ZH', 'Junction: a product listed in a category.', [
  autoNumber('Name', 'Auto-numbered name of the category-product link.', NAME),
  ref('ProductCategoryId', 'ProductCategory', 'The category.', 'ProductCategoryProducts', REQUIRED),
  ref('ProductId', 'Product2', 'The product.', 'ProductCategoryProducts', { ...REQUIRED, relationshipName: 'Product' }),
], { label: 'Product Category Product', labelPlural: 'Product Category Products' });

const Pricebook2 = object('Pricebook2', '01s', 'A price book: the standard price book or a seasonal / promotional one.', [
  str('Name', "The price book's name.", 255, { ...REQUIRED, ...NAME }),
  field('Description', 'textarea', 'A description of the price book.', { length: 255 }),
  field('IsActive', 'boolean', 'Whether the price book is active.', { nillable: false, defaultValue: false, defaultedOnCreate: true }),
  field('IsStandard', 'boolean', 'Whether this is the standard price book.', { nillable: false, createable: false, updateable: false, defaultValue: false, defaultedOnCreate: true }),
  field('ValidFrom', 'datetime', 'Start of the period in which the price book is valid.'),
  field('ValidTo', 'datetime', 'End of the period in which the price book is valid.'),
], { label: 'Price Book', labelPlural: 'Price Books' });

const PricebookEntry = object('PricebookEntry', '01u', "A product's price in a price book.", [
  str('Name', 'The product name (copied from the product).', 255, { ...NAME, createable: false, updateable: false, defaultedOnCreate: true }),
  ref('Pricebook2Id', 'Pricebook2', 'The price book.', 'PricebookEntries', { ...REQUIRED, updateable: false }),
  ref('Product2Id', 'Product2', 'The product.', 'PricebookEntries', { ...REQUIRED, updateable: false }),
  field('UnitPrice', 'currency', 'The unit price of the product in this price book.', REQUIRED),
  field('IsActive', 'boolean', 'Whether the entry can be used on orders.', { nillable: false, defaultValue: false, defaultedOnCreate: true }),
  str('ProductCode', 'The product code (copied from the product).', 255, { createable: false, updateable: false }),
], { label: 'Price Book Entry', labelPlural: 'Price Book Entries', searchable: false });

const Order = object('Order', '801', "A customer's order.", [
  ref('AccountId', 'Account', 'The account that placed the order.', 'Orders', REQUIRED),
  ref('Pricebook2Id', 'Pricebook2', 'The price book the order uses.', 'Orders'),
  picklist('Status', "The order's status (Draft or Activated).", ORDER_STATUSES, { ...REQUIRED, defaultedOnCreate: true, defaultValue: 'Draft', restrictedPicklist: true }),
  field('EffectiveDate', 'date', 'The date the order was placed (purchase date).', REQUIRED),
  autoNumber('OrderNumber', 'Auto-generated order number.', NAME),
  field('TotalAmount', 'currency', 'Total amount of the order (sum of its items).', { createable: false, updateable: false }),
  ref('OwnerId', 'User', 'The user who owns the order.', null, { nillable: false, defaultedOnCreate: true }),
]);

const OrderItem = object('OrderItem', '802', 'A line item of an order: one product, quantity and price.', [
  ref('OrderId', 'Order', 'The order the item belongs to.', 'OrderItems', { ...REQUIRED, updateable: false, cascadeDelete: true }),
  ref('Product2Id', 'Product2', 'The product ordered.', 'OrderItems'),
  ref('PricebookEntryId', 'PricebookEntry', 'The price book entry the price comes from.', 'OrderItems', REQUIRED),
  field('Quantity', 'double', 'Number of units ordered.', REQUIRED),
  field('UnitPrice', 'currency', 'Price of one unit.', REQUIRED),
  field('TotalPrice', 'currency', 'Quantity times unit price.', { createable: false, updateable: false }),
  autoNumber('OrderItemNumber', 'Auto-generated order item number.', NAME),
], { label: 'Order Product', labelPlural: 'Order Products' });

const Issue = object('Issue__c', 'a1M', 'A type of customer issue (e.g. Product Defect, Shipping Delay).', [
  str('Name', 'The issue name.', 80, { ...REQUIRED, ...NAME }),
  longText('Description__c', 'A description of the issue type.', 32768),
], { label: 'Issue', labelPlural: 'Issues' });

const Case = object('Case', '500', 'A customer service case about one order item and one issue.', [
  autoNumber('CaseNumber', 'Auto-generated case number.', NAME),
  str('Subject', 'The subject of the case.', 255),
  longText('Description', 'The customer\'s description of the case.', 32000),
  picklist('Status', "The case's status; 'Closed' means resolved.", CASE_STATUSES, { nillable: false, defaultedOnCreate: true, defaultValue: 'New' }),
  picklist('Priority', "The case's priority (High, Medium, Low).", CASE_PRIORITIES, { defaultedOnCreate: true, defaultValue: 'Medium' }),
  picklist('Origin', 'The channel the case came in by (Email, Phone, Web, Chat).', CASE_ORIGINS),
  ref('ContactId', 'Contact', 'The contact who raised the case.', 'Cases'),
  ref('AccountId', 'Account', "The contact's account.", 'Cases'),
  ref('OwnerId', 'User', 'The latest owner of the case (the agent currently assigned).', null, { nillable: false, defaultedOnCreate: true }),
  field('ClosedDate', 'datetime', 'When the case was closed; null while it is open.', { createable: false, updateable: false }),
  field('IsClosed', 'boolean', 'Whether the case is closed (Status is Closed).', { nillable: false, createable: false, updateable: false, defaultValue: false, defaultedOnCreate: true }),
  ref('OrderItemId__c', 'OrderItem', 'The order item (product purchase) the case is about.', 'Cases__r'),
  ref('IssueId__c', 'Issue__c', 'The issue type of the case.', 'Cases__r'),
]);

const CaseHistory = object('CaseHistory__c', 'a1N', 'Tracks changes of a case: creation, owner assignments (including transfers) and closure.', [
  autoNumber('Name', 'Auto-numbered history entry name.', NAME),
  ref('CaseId__c', 'Case', 'The case this history entry belongs to.', 'CaseHistories__r'),
  picklist('Field__c', "The kind of change: 'Case Creation', 'Owner Assignment' or 'Case Closed'.", CASE_HISTORY_FIELDS),
  str('OldValue__c', "Previous value: on 'Owner Assignment' rows the previous owner's User Id (empty for the first assignment).", 255),
  str('NewValue__c', "New value: on 'Owner Assignment' rows the new owner's User Id.", 255),
], { label: 'Case History', labelPlural: 'Case Histories' });

const EmailMessage = object('EmailMessage', '02s', 'An email exchanged with the customer about a case.', [
  str('Subject', 'The subject line of the email.', 3000),
  longText('TextBody', 'The plain-text body of the email.', 131072),
  field('FromAddress', 'email', "The sender's email address.", { length: 1000 }),
  str('FromName', "The sender's name.", 1000),
  str('ToAddress', "The recipients' email addresses.", 4000),
  longText('ToIds', 'Ids of the recipients (a JSON array of Contact or User Ids).', 4000),
  ref('ParentId', 'Case', 'The case the email belongs to.', 'EmailMessages'),
  ref('RelatedToId', 'Case', 'The record the email is related to (its case).', null, { relationshipName: 'RelatedTo' }),
  field('MessageDate', 'datetime', 'When the email was sent.'),
  field('Incoming', 'boolean', 'Whether the email was received from the customer (true) or sent by an agent (false).', { nillable: false, defaultValue: false, defaultedOnCreate: true }),
  picklist('Status', 'Email status: 0 New, 1 Read, 2 Replied, 3 Sent, 4 Forwarded, 5 Draft.', [
    { value: '0', label: 'New' },
    { value: '1', label: 'Read' },
    { value: '2', label: 'Replied' },
    { value: '3', label: 'Sent' },
    { value: '4', label: 'Forwarded' },
    { value: '5', label: 'Draft' },
  ], { nillable: false, defaultedOnCreate: true, defaultValue: '0' }),
], { label: 'Email Message', labelPlural: 'Email Messages' });

const LiveChatTranscript = object('LiveChatTranscript', '570', 'The transcript of a live chat between a customer and an agent about a case.', [
  autoNumber('Name', 'Auto-generated transcript name.', NAME),
  ref('CaseId', 'Case', 'The case the chat belongs to.', 'LiveChatTranscripts'),
  ref('AccountId', 'Account', "The customer's account.", 'LiveChatTranscripts'),
  ref('ContactId', 'Contact', 'The customer.', 'LiveChatTranscripts'),
  ref('OwnerId', 'User', 'The agent who handled the chat.', null, { nillable: false, defaultedOnCreate: true }),
  longText('Body', 'The chat transcript, one line per turn: [timestamp] Speaker (Agent/Customer): text.', 131072),
  field('StartTime', 'datetime', 'When the chat started.'),
  field('EndTime', 'datetime', 'When the chat ended.'),
  opaqueRef('LiveChatVisitorId', 'LiveChatVisitor', 'Id of the chat visitor session.'),
  picklist('Status', 'Status of the chat (Completed, Missed, …).', ['Waiting', 'InProgress', 'Completed', 'Missed', 'Dropped', 'Blocked']),
], { label: 'Live Chat Transcript', labelPlural: 'Live Chat Transcripts' });

const Knowledge = object('Knowledge__kav', 'ka0', 'A knowledge article: company policies (one per issue type) and product-care / FAQ articles.', [
  str('Title', 'The title of the article.', 255, { ...REQUIRED, ...NAME }),
  field('Summary', 'textarea', 'A short summary of the article.', { length: 1000, longText: true }),
  str('UrlName', 'The URL name of the article (unique).', 255, { ...REQUIRED, unique: true }),
  longText('FAQ_Answer__c', 'The content of the article (rich text).', 32768, { htmlFormatted: true, extraTypeInfo: 'richtextarea' }),
  autoNumber('ArticleNumber', 'The article number.'),
  picklist('PublishStatus', "Publication status; published articles are 'Online'.", ['Draft', 'Online', 'Archived'], { nillable: false, defaultedOnCreate: true, defaultValue: 'Draft' }),
  picklist('Language', 'The language of the article (en_US).', ['en_US'], { nillable: false, defaultedOnCreate: true, defaultValue: 'en_US' }),
  field('IsLatestVersion', 'boolean', 'Whether this is the latest version of the article.', { nillable: false, createable: false, updateable: false, defaultValue: true, defaultedOnCreate: true }),
  field('VersionNumber', 'int', 'The version number of the article.', { createable: false, updateable: false, precision: 9 }),
], { label: 'Knowledge', labelPlural: 'Knowledge' });

const Organization = object('Organization', '00D', 'The org itself (system object).', [
  str('Name', 'The company name.', 80, NAME),
  field('IsSandbox', 'boolean', 'Whether the org is a sandbox.', { nillable: false }),
  str('OrganizationType', 'The edition of the org.', 40),
  str('NamespacePrefix', 'The namespace prefix of the org (null).', 15),
  str('InstanceName', 'The instance the org lives on.', 5),
  // Read by the Salesforce CLI on every command (with the fields above) to describe the org.
  field('TrialExpirationDate', 'datetime', 'When a trial org expires; null for a non-trial org.'),
  picklist('TimeZoneSidKey', 'The default time zone of the org.', USER_PICKLISTS.timeZones),
], { createable: false, updateable: false, deletable: false, searchable: false, labelPlural: 'Organizations' });

/** All objects in dependency (generation) order: parents before children. */
export const OBJECTS: readonly ObjectDef[] = [
  Organization,
  User,
  Account,
  Contact,
  ProductCategory,
  Product2,
  ProductCategoryProduct,
  Pricebook2,
  PricebookEntry,
  Order,
  OrderItem,
  Issue,
  Knowledge,
  Case,
  CaseHistory,
  EmailMessage,
  LiveChatTranscript,
];
