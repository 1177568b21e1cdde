// `npm run interop:crmarena -- <CRMArena checkout or bare git dir>` — optional parity check of the agent
// tools against CRMArena's own Python code, which is not vendored (CC BY-NC): the script reads
// crm_sandbox/env/functions.py and connect_sandbox.py from a local CRMArena copy, runs each function with
// CRMArena's real SalesforceConnector.run_query (simple_salesforce replaced by a few lines of `requests`
// that call Localforce's REST API as simple_salesforce does), and compares `str()` of every result —
// what CRMArena's ToolEnv shows the model — with the observation of POST /localforce/tools/{name}.
// Needs python3 with requests and python-dateutil. Exits 1 on any difference.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const src = process.argv[2] ?? process.env.CRMARENA_SRC;
if (!src) {
  process.stderr.write('usage: npm run interop:crmarena -- /path/to/CRMArena (a checkout or a bare git dir)\n');
  process.exit(2);
}

function readSource(path) {
  if (existsSync(join(src, path))) return execFileSync('cat', [join(src, path)], { encoding: 'utf8' });
  return execFileSync('git', [`--git-dir=${src}`, 'show', `HEAD:${path}`], { encoding: 'utf8' });
}
const work = mkdtempSync(join(tmpdir(), 'lf-parity-'));
// Loaded under its own package path: CPython names the module in some TypeError texts.
mkdirSync(join(work, 'crm_sandbox/env'), { recursive: true });
writeFileSync(join(work, 'crm_sandbox/__init__.py'), '');
writeFileSync(join(work, 'crm_sandbox/env/__init__.py'), '');
writeFileSync(join(work, 'crm_sandbox/env/functions.py'), readSource('crm_sandbox/env/functions.py'));
writeFileSync(join(work, 'crm_sandbox/env/connect_sandbox.py'), readSource('crm_sandbox/env/connect_sandbox.py'));

const { generateOrgSync } = await import(dist('generator/index.js'));
const { Store } = await import(dist('server/store/index.js'));
const { createApp } = await import(dist('server/app.js'));
const { createHttpServer } = await import(dist('server/http/servers.js'));
const { API_USER_ID, ORG_ID } = await import(dist('schema/index.js'));

const db = join(work, 'org.db');
generateOrgSync({ seed: Number(process.env.PARITY_SEED ?? 1), scale: 1, out: db, force: true });
const store = Store.open(db, { readonly: true });
const now = new Date(store.getMeta('referenceNow'));
const app = createApp({ store, now: () => now, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID }, { log: () => {} });
const server = createHttpServer(app);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const token = app.localforce.auth.config.token;

// ── the calls: every tool, ordinary and edge arguments ───────────────────────────────────────
const one = (sql, params = []) => store.get(sql, params);
const product = one(`SELECT oi.Product2Id p FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c GROUP BY oi.Product2Id ORDER BY COUNT(*) DESC LIMIT 1`).p;
const items = store.all(`SELECT Id FROM OrderItem WHERE Product2Id = ?`, [product]).map((r) => r.Id);
const contact = one(`SELECT Id FROM Contact ORDER BY Id LIMIT 1 OFFSET 5`).Id;
const buy = one(`SELECT o.AccountId a, o.EffectiveDate d FROM "Order" o WHERE o.Status = 'Activated' ORDER BY o.Id LIMIT 1 OFFSET 9`);
const bought = store.all(`SELECT oi.Product2Id p FROM OrderItem oi JOIN "Order" o ON o.Id = oi.OrderId WHERE o.AccountId = ? AND o.EffectiveDate = ?`, [buy.a, buy.d]).map((r) => r.p);
const mailCase = one(`SELECT ParentId p FROM EmailMessage ORDER BY Id LIMIT 1`).p;
const chatCase = one(`SELECT CaseId c FROM LiveChatTranscript ORDER BY Id LIMIT 1`).c;
const winter = { start_date: '2022-12-01T00:00:00Z', end_date: '2023-03-01T00:00:00Z' };
const cases = await tool('get_cases', { ...winter, statuses: ['Closed'] });
const owners = [...new Set(cases.value.map((c) => c.OwnerId))].slice(0, 3);
const handled = await tool('get_agent_handled_cases_by_period', winter);
const withStates = await tool('get_shipping_state', { cases: cases.value });
const issueCounts = await tool('get_issue_counts', { start_date: '2020-01-01T00:00:00Z', end_date: '2025-01-01T00:00:00Z', order_item_ids: items });
const handleTimes = await tool('calculate_average_handle_time', { cases: cases.value });

const CALLS = [
  ['get_period', { period_name: 'Winter', year: 2021 }], ['get_period', { period_name: 'Q4', year: 9999 }], ['get_period', { period_name: 'winter', year: 2021 }],
  ['get_start_date', { end_date: '2024-03-31T00:00:00Z', period: 'month', interval_count: 1 }], ['get_start_date', { end_date: '2024-1-5T9:0:0Z', period: 'week', interval_count: 3 }],
  ['get_start_date', { end_date: '2024-03-31', period: 'day', interval_count: 1 }], ['get_start_date', { end_date: '2024-03-31T00:00:00Z', period: 'quarter', interval_count: -1 }],
  ['get_agent_handled_cases_by_period', winter], ['get_agent_handled_cases_by_period', { start_date: '2010-01-01T00:00:00Z', end_date: '2010-02-01T00:00:00Z' }],
  ['get_qualified_agent_ids_by_case_count', { agent_handled_cases: handled.value, n_cases: 2 }],
  ['get_cases', { ...winter, statuses: ['Closed'] }], ['get_cases', { agent_ids: owners, statuses: ['New', 'Working'] }], ['get_cases', { statuses: ['New'] }],
  ['get_cases', {}], ['get_cases', { foo: 1 }], ['get_cases', { case_ids: ["O'Brien", 'x'] }], ['get_cases', { agent_ids: [owners[0]] }],
  ['get_non_transferred_case_ids', winter],
  ['get_agent_transferred_cases_by_period', { start_date: '2020-01-01T00:00:00Z', end_date: '2025-01-01T00:00:00Z' }],
  ['get_agent_transferred_cases_by_period', { start_date: '2020-01-01T00:00:00Z', end_date: '2025-01-01T00:00:00Z', qualified_agent_ids: owners }],
  ['get_agents_with_max_cases', { subset_cases: cases.value }], ['get_agents_with_min_cases', { subset_cases: cases.value }], ['get_agents_with_max_cases', { subset_cases: [] }],
  ['calculate_average_handle_time', { cases: cases.value }],
  ['calculate_average_handle_time', { cases: [{ OwnerId: 'a', CreatedDate: '2024-01-01T00:00:00.000+0000', ClosedDate: null }] }],
  ['get_shipping_state', { cases: cases.value.slice(0, 4) }], ['get_shipping_state', { cases: [] }],
  ['calculate_region_average_closure_times', { cases: [] }],
  ['get_order_item_ids_by_product', { product_id: product }], ['get_order_item_ids_by_product', { product_id: '' }],
  ['get_issue_counts', { start_date: '2020-01-01T00:00:00Z', end_date: '2025-01-01T00:00:00Z', order_item_ids: items }],
  ['get_issue_counts', { start_date: 'x', end_date: 'y', order_item_ids: items.slice(0, 2) }],
  ['find_id_with_max_value', { values_by_id: { a: 2, b: 2.5, c: 2.5 } }], ['find_id_with_min_value', { values_by_id: {} }], ['find_id_with_min_value', { values_by_id: { a: 'x' } }],
  ['get_account_id_by_contact_id', { contact_id: contact }], ['get_account_id_by_contact_id', { contact_id: '003000000000000AAA' }],
  ['get_purchase_history', { account_id: buy.a, purchase_date: `${buy.d}T00:00:00Z`, related_product_ids: bought }],
  ['get_purchase_history', { account_id: buy.a, purchase_date: buy.d, related_product_ids: bought }],
  ['get_month_to_case_count', { cases: cases.value }],
  ['search_knowledge_articles', { search_term: 'warranty' }], ['search_knowledge_articles', { keywords: 'warranty' }], ['search_knowledge_articles', { search_term: "women's" }],
  ['search_products', { search_term: 'trail jacket' }], ['search_products', { search_term: '   ' }],
  ['get_issues', {}],
  ['get_email_messages_by_case_id', { case_id: mailCase }], ['get_livechat_transcript_by_case_id', { case_id: chatCase }], ['get_livechat_transcript_by_case_id', { case_id: 5 }],
  ['issue_soql_query', { query: "SELECT OwnerId, COUNT(Id) n FROM Case WHERE Status = 'Closed' GROUP BY OwnerId ORDER BY COUNT(Id) DESC LIMIT 3" }],
  ['issue_soql_query', { query: 'SELECT Id, Quantity, UnitPrice, Order.AccountId FROM OrderItem ORDER BY Id LIMIT 2' }],
  ['issue_soql_query', { query: 'SELECT COUNT() FROM Case' }], ['issue_soql_query', { query: 'SELECT Id FROM Cas' }],
  ['issue_soql_query', { query: '```sql\nSELECT Id, Name\n FROM Issue__c LIMIT 2\n```' }],
  ['issue_sosl_query', { query: 'FIND {yoga mat} IN ALL FIELDS RETURNING Product2(Id, Name LIMIT 3)' }],
  ['calculate_region_average_closure_times', { cases: withStates.value }],
  ['find_id_with_min_value', { values_by_id: handleTimes.value }], ['find_id_with_max_value', { values_by_id: issueCounts.value }],
  ['get_cases', { agent_ids: [owners[0], null], end_date: '2021-01-01T00:00:00Z' }], ['get_cases', { start_date: 5 }], ['get_cases', { issue_ids: 'x' }],
  ['get_month_to_case_count', { cases: [] }], ['get_month_to_case_count', { cases: [{ CreatedDate: '2024-01-01T00:00:00Z' }] }],
  ['get_qualified_agent_ids_by_case_count', { agent_handled_cases: { a: 'x' }, n_cases: 1 }], ['get_qualified_agent_ids_by_case_count', { agent_handled_cases: [], n_cases: 1 }],
  ['get_agents_with_max_cases', { subset_cases: [{ OwnerId: 5 }] }], ['get_agents_with_min_cases', { subset_cases: 'x' }],
  ['calculate_average_handle_time', { cases: [{ OwnerId: 'a', CreatedDate: '2024-01-02T00:00:00.000+0000', ClosedDate: '2024-01-01T00:00:00.000+0000' }] }],
  ['get_shipping_state', { cases: [{ AccountId: '001000000000000AAA' }] }], ['get_shipping_state', { cases: [{ Id: 'x' }] }],
  ['get_period', { period_name: 'March', year: 2024 }], ['get_period', { period_name: 'Q2', year: '2024' }], ['get_start_date', { end_date: '2024-03-31T00:00:00Z', period: 'day', interval_count: 1.5 }],
  ['get_non_transferred_case_ids', { start_date: '2024-01-01', end_date: '2024-02-01T00:00:00Z' }], ['get_agent_transferred_cases_by_period', { start_date: 1, end_date: 2 }],
  ['get_purchase_history', { account_id: buy.a, purchase_date: `${buy.d}T00:00:00Z`, related_product_ids: [] }], ['get_purchase_history', { account_id: buy.a, purchase_date: `${buy.d}T00:00:00Z`, related_product_ids: [1] }],
  ['get_account_id_by_contact_id', { contact_id: '' }], ['get_email_messages_by_case_id', { case_id: "x' OR Id != '" }],
  ['issue_soql_query', { query: 42 }], ['issue_soql_query', { query: 'find {x}' }], ['issue_soql_query', {}], ['get_issues', { sf_connector: 1 }], ['get_cases', ['x']],
];

// Differences that are not the tools' doing, by call index → why. Localforce's REST JSON writes an
// integral double (OrderItem.Quantity) as `1`, so CRMArena's Python sees an int here; Salesforce writes
// doubles as `1.0`, and the in-process tools render the float Python would see on the real org.
const KNOWN = new Map([[CALLS.findIndex(([n, a]) => n === 'issue_soql_query' && a.query.includes('Quantity')), 'REST writes integral doubles as 1, Salesforce as 1.0']]);

async function tool(name, args) {
  const r = await fetch(`${url}/localforce/tools/${name}?set=crmarena-full`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(args) });
  if (r.status !== 200) throw new Error(`${name}: HTTP ${r.status}`);
  return r.json();
}

// ── CRMArena's side: its functions and connector, simple_salesforce replaced by requests ─────
const py = String.raw`
import json, sys, types, requests
from collections import OrderedDict
sys.path.insert(0, sys.argv[1])
for name in ['pandas', 'tqdm', 'dotenv']:
    m = types.ModuleType(name); m.DataFrame = object; m.tqdm = lambda x: x; m.load_dotenv = lambda: None
    sys.modules[name] = m
from simple_salesforce import Salesforce  # tests/interop/simple_salesforce_standin.py
from crm_sandbox.env import connect_sandbox, functions
conn = object.__new__(connect_sandbox.SalesforceConnector)
conn.sf = Salesforce()
out = []
for name, args in json.load(open(sys.argv[2])):
    # ToolEnv.step: respond is not called; any exception becomes f"Error: {e}"; the observation is str().
    try:
        obs = getattr(functions, name)(**args, sf_connector=conn)
    except Exception as e:
        obs = f"Error: {e}"
    out.append(str(obs))
json.dump(out, sys.stdout)
`;
writeFileSync(join(work, 'parity.py'), py);
mkdirSync(join(work, 'simple_salesforce'), { recursive: true });
writeFileSync(join(work, 'simple_salesforce/__init__.py'), readFileSync(join(root, 'tests/interop/simple_salesforce_standin.py'), 'utf8'));
writeFileSync(join(work, 'calls.json'), JSON.stringify(CALLS));
// Asynchronous: the Python side calls this process's server.
let stdout;
try {
  ({ stdout } = await promisify(execFile)('python3', [join(work, 'parity.py'), work, join(work, 'calls.json')], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, LF_URL: url, LF_TOKEN: token } }));
} catch (e) {
  process.stderr.write(`python3 failed (needs requests and python-dateutil):\n${e.stderr ?? e.message}\n`);
  process.exit(1);
}
const expected = JSON.parse(stdout);
let differ = 0;
let known = 0;
for (const [i, [name, args]] of CALLS.entries()) {
  const ours = (await tool(name, args)).observation;
  const theirs = expected[i];
  if (ours === theirs) {
    process.stdout.write(`same  ${name} ${JSON.stringify(args).slice(0, 80)}\n`);
  } else if (KNOWN.has(i)) {
    known++;
    process.stdout.write(`known ${name} ${JSON.stringify(args).slice(0, 80)}: ${KNOWN.get(i)}\n`);
  } else {
    differ++;
    process.stdout.write(`DIFF  ${name} ${JSON.stringify(args).slice(0, 80)}\n  CRMArena:   ${theirs.slice(0, 400)}\n  Localforce: ${ours.slice(0, 400)}\n`);
  }
}
server.close();
server.closeAllConnections();
app.localforce.episodes.close();
store.close();
process.stdout.write(`${CALLS.length - differ - known}/${CALLS.length} observations identical to CRMArena's functions.py, ${known} known difference(s), ${differ} unexpected\n`);
process.exit(differ === 0 ? 0 : 1);
