// Shared setup for the SOSL suites: a SearchService over a fresh copy of the SOSL fixture org.
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import type { OrgDeps } from '../../server/org/deps.js';
import { SearchService, type SearchContext, type SoqlRunner } from '../../server/org/search.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { Store } from '../../server/store/index.js';
import { buildSoslOrg } from './fixture-org.js';

export const NOW = new Date('2024-06-15T12:00:00.000Z');
export const CTX: SearchContext = { now: NOW, timeZone: 'GMT', apiVersion: '59.0' };

export function depsFor(store: Store): OrgDeps {
  return { store, now: () => NOW, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID };
}

export function openSoslOrg(soql?: SoqlRunner | object): { store: Store; service: SearchService; deps: OrgDeps } {
  const store = Store.open(buildSoslOrg());
  const deps = depsFor(store);
  return { store, deps, service: new SearchService(deps, soql ? { soql } : {}) };
}

/** The SalesforceError a call throws (fails the test when it throws nothing or something else). */
export function errorOf(fn: () => unknown): SalesforceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SalesforceError) return e;
    throw e;
  }
  throw new Error('expected a SalesforceError');
}

export const ids = (r: { searchRecords: Array<Record<string, unknown>> }) => r.searchRecords.map((x) => x.Id as string);
