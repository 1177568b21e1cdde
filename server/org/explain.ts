// `GET …/query?explain=<SOQL>`: Salesforce's query-plan answer, built honestly from what SQLite
// plans for the compiled statement (EXPLAIN QUERY PLAN), not from Salesforce's optimizer.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query_explain.htm
// One plan is returned (the one SQLite will run), where Salesforce lists every candidate by cost:
// - leadingOperationType: `Index` when SQLite SEARCHes the FROM table through an index or the rowid,
//   `TableScan` when it SCANs it (also a full walk in index order), `Other` otherwise;
// - fields: the indexed columns of that SEARCH (`(AccountId=? AND …)`);
// - cardinality: the exact number of rows the statement returns (SQLite has no estimate to offer);
// - sobjectCardinality: rows in the object's table (soft-deleted ones included);
// - relativeCost: the share of the table read — 1 for a scan, cardinality ÷ sobjectCardinality for
//   an index search (Salesforce's figure compares against its selectivity threshold instead);
// - notes: every SQLite plan line, main statement and child subqueries, verbatim.
import { SalesforceError } from './errors.js';
import type { QueryContext, QueryService } from './query.js';
import type { Store } from '../store/index.js';

export interface ExplainNote {
  readonly description: string;
  readonly fields: readonly string[];
  readonly tableEnumOrId: string;
}

export interface ExplainPlan {
  readonly cardinality: number;
  readonly fields: readonly string[];
  readonly leadingOperationType: 'Index' | 'Other' | 'Sharing' | 'TableScan';
  readonly notes: readonly ExplainNote[];
  readonly relativeCost: number;
  readonly sobjectCardinality: number;
  readonly sobjectType: string;
}

export interface ExplainResult {
  readonly plans: readonly ExplainPlan[];
}

/** A record, report or list view id: Salesforce explains those too; Localforce does not. */
const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The main statement's FROM table is aliased `t0` by the SOQL compiler. */
const LEADING = /^(SEARCH|SCAN) t0\b(.*)$/;

export function explainQuery(query: QueryService, store: Store, text: string | undefined, ctx: Pick<QueryContext, 'now' | 'timeZone' | 'includeDeleted'>): ExplainResult {
  const soql = (text ?? '').trim();
  if (soql === '') throw new SalesforceError('MALFORMED_QUERY', 'The explain parameter needs a SOQL query', 400);
  if (ID.test(soql)) throw new SalesforceError('NOT_EMULATED', 'Localforce does not emulate explaining a report or list view (explain=<id>); pass a SOQL query; see docs/compatibility.md', 400);
  const plan = query.sqlitePlan(soql, ctx);
  const sobjectCardinality = store.count(plan.sobject);
  let leadingOperationType: ExplainPlan['leadingOperationType'] = 'Other';
  let fields: string[] = [];
  for (const line of plan.main) {
    const m = LEADING.exec(line);
    if (!m) continue;
    if (m[1] === 'SEARCH') {
      leadingOperationType = 'Index';
      const cols = /\(([^)]*)\)\s*$/.exec(m[2]!);
      fields = cols ? [...cols[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=|>|<|IN\b)/g)].map((c) => c[1]!).filter((f) => f !== 'rowid') : [];
    } else leadingOperationType = 'TableScan';
    break;
  }
  const cardinality = plan.rows;
  const relativeCost = leadingOperationType === 'Index' ? (sobjectCardinality === 0 ? 0 : Math.round((cardinality / sobjectCardinality) * 1000) / 1000) : 1;
  const note = (description: string): ExplainNote => ({ description, fields: [], tableEnumOrId: plan.sobject });
  const notes = [
    ...plan.main.map((l) => note(`SQLite: ${l}`)),
    ...plan.subqueries.flatMap((sq) => sq.lines.map((l) => note(`SQLite (subquery ${sq.relationship}): ${l}`))),
  ];
  return { plans: [{ cardinality, fields, leadingOperationType, notes, relativeCost, sobjectCardinality, sobjectType: plan.sobject }] };
}
