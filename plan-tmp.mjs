import Database from 'better-sqlite3';
import { prepareSoql } from './dist/server/soql/index.js';
import { schema } from './dist/schema/index.js';
const db = new Database(process.argv[2], { readonly: true });
const qs = [`SELECT OwnerId, CreatedDate, ClosedDate, AccountId FROM Case WHERE CreatedDate >= 2023-01-01T00:00:00Z AND CreatedDate < 2023-07-01T00:00:00Z`,
 `SELECT OwnerId, CreatedDate, ClosedDate, AccountId FROM Case WHERE CreatedDate >= 2021-12-01T00:00:00Z AND CreatedDate < 2022-03-01T00:00:00Z`,
 `SELECT NewValue__c, CreatedDate FROM CaseHistory__c WHERE CreatedDate >= 2021-12-01T00:00:00Z AND CreatedDate <= 2022-03-01T00:00:00Z AND Field__c = 'Owner Assignment'`,
 `SELECT Id FROM PricebookEntry`, `SELECT Id, Name FROM Account WHERE ShippingState = 'CA'`];
for (const q of qs) for (const plus of [false, true]) {
  const { compiled } = prepareSoql(q, { registry: schema, now: new Date('2025-01-01T00:00:00Z'), timeZone: 'GMT' });
  const sql = plus ? compiled.sql.replace(/ORDER BY t0\.rowid$/, 'ORDER BY +t0.rowid') : compiled.sql;
  const s = db.prepare(sql).raw(true);
  const a = JSON.stringify(s.all(...compiled.params));
  for (let i = 0; i < 30; i++) s.all(...compiled.params);
  const t = process.hrtime.bigint(); const N = 300;
  for (let i = 0; i < N; i++) s.all(...compiled.params);
  const plan = db.prepare('EXPLAIN QUERY PLAN ' + sql).all(...compiled.params).map(r => r.detail).join(' | ');
  console.log(`${plus ? '+' : ' '} ${(Number(process.hrtime.bigint() - t) / N / 1000).toFixed(1).padStart(7)} µs ${a.length} ${q.slice(0, 45)} :: ${plan}`);
}
