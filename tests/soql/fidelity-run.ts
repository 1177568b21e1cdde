// Executes one fidelity case and compares it with its expected outcome (shared by the corpus test
// and the compatibility-matrix check).
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { QueryService } from '../../server/org/query.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';
import { SearchService } from '../../server/org/search.js';
import { CTX, depsFor, openSoslOrg } from '../sosl/helpers.js';
import type { FidelityCase } from './fidelity-corpus.js';

const NOW = new Date('2024-06-15T12:00:00.000Z');

let soql: { store: Store; service: QueryService; search?: SearchService } | undefined;
let sosl: ReturnType<typeof openSoslOrg> | undefined;

function generatedOrg(): NonNullable<typeof soql> {
  if (!soql) {
    const store = Store.open(testOrgPath(), { readonly: true });
    soql = { store, service: new QueryService({ store, now: () => NOW, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID }) };
  }
  return soql;
}

function soqlOrg(): QueryService {
  return generatedOrg().service;
}

/** SOSL over the generated org (its FTS index is built per object on first use). */
function generatedSearch(): SearchService {
  const org = generatedOrg();
  org.search ??= new SearchService(depsFor(org.store), { soql: org.service });
  return org.search;
}

function soslOrg(): ReturnType<typeof openSoslOrg> {
  sosl ??= openSoslOrg();
  return sosl;
}

export function closeFidelityOrgs(): void {
  soql?.store.close();
  sosl?.store.close();
  soql = undefined;
  sosl = undefined;
}

/** The outcome kind a case demonstrates: it runs, Salesforce's rejection is reproduced, or Localforce does not emulate it. */
export type CaseKind = 'emulated' | 'rejected' | 'notEmulated';

export function kindOf(c: FidelityCase): CaseKind {
  if ('ok' in c.expect) return 'emulated';
  return c.expect.code === 'NOT_EMULATED' ? 'notEmulated' : 'rejected';
}

const CARET = /^\n[^\n]*\n *\^\nERROR at Row:\d+:Column:(\d+)\n/;

/** Runs the case; `problem` is null when the outcome matches. */
export function runFidelityCase(c: FidelityCase): { problem: string | null; detail: string } {
  const text = typeof c.q === 'function' ? c.q() : c.q;
  let records: ReadonlyArray<Record<string, unknown>>;
  try {
    records =
      c.lang === 'soql'
        ? soqlOrg().query(text, { now: NOW, timeZone: 'GMT', apiVersion: '59.0', includeDeleted: false }).records
        : (c.org === 'generated' ? generatedSearch() : soslOrg().service).search(text, CTX).searchRecords;
  } catch (e) {
    if (!(e instanceof SalesforceError)) return { problem: 'not a SalesforceError', detail: String(e instanceof Error ? e.stack : e) };
    const detail = `F${c.n}: ${e.errorCode} ${JSON.stringify(e.message.slice(0, 600))}`;
    if ('ok' in c.expect) return { problem: 'expected the statement to run', detail };
    if (e.errorCode !== c.expect.code) return { problem: `errorCode ${e.errorCode}, expected ${c.expect.code}`, detail };
    if (e.status < 400 || e.status >= 500) return { problem: `status ${e.status}`, detail };
    if (e.text !== c.expect.text) return { problem: `text ${JSON.stringify(e.text)}, expected ${JSON.stringify(c.expect.text)}`, detail };
    const m = CARET.exec(e.message);
    const column = m ? Number(m[1]) : null;
    if (column !== c.expect.column) return { problem: `caret column ${column}, expected ${c.expect.column}`, detail };
    return { problem: null, detail };
  }
  const detail = `F${c.n}: ${records.length} records ${JSON.stringify(records.slice(0, 2)).slice(0, 400)}`;
  if (!('ok' in c.expect)) return { problem: `expected ${c.expect.code}, but it ran`, detail };
  if (c.expect.rows !== undefined && records.length !== c.expect.rows) return { problem: `${records.length} records, expected ${c.expect.rows}`, detail };
  try {
    c.expect.check?.(records);
  } catch (e) {
    return { problem: String(e instanceof Error ? e.message : e), detail };
  }
  return { problem: null, detail };
}
