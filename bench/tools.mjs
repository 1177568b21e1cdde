// `npm run bench:tools` — agent tool calls (imports only from dist/ and the MCP SDK):
//   p50 / p95 of tool calls over REST (POST /localforce/tools/{name}, one keep-alive client) and over
//   MCP streamable HTTP (the SDK's own client), on an in-process server over a scale-1 org; plus the
//   in-process call (registry only) to show what the transports add.
// Writes docs/performance.md between <!-- bench:tools --> markers.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const { generateOrg, GENERATOR_VERSION } = await import(dist('generator/index.js'));
const { Store } = await import(dist('server/store/index.js'));
const { createApp } = await import(dist('server/app.js'));
const { createHttpServer } = await import(dist('server/http/servers.js'));
const { mcpHttpHandler } = await import(dist('server/mcp/index.js'));
const { callTool } = await import(dist('server/tools/index.js'));
const { API_USER_ID, ORG_ID } = await import(dist('schema/index.js'));

const ITER = Number(process.env.BENCH_ITER ?? 300);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const loadAtStart = loadavg()[0];

const dir = join(tmpdir(), `localforce-bench-tools-v${GENERATOR_VERSION}`);
mkdirSync(dir, { recursive: true });
const db = join(dir, `org-s${SCALE}.db`);
if (!existsSync(db)) await generateOrg({ seed: 1, scale: SCALE, out: db, force: true });

const store = Store.open(db, { readonly: true });
const now = new Date(store.getMeta('referenceNow'));
let mcp;
const app = createApp(
  { store, now: () => now, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID },
  { log: () => {}, mcp: (host) => { mcp = mcpHttpHandler({ host, set: 'crmarena-full', schemaText: '[]' }); return (req, res, next) => void mcp(req, res).catch(next); } },
);
const server = createHttpServer(app);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const token = app.localforce.auth.config.token;

const ids = {
  product: store.get(`SELECT oi.Product2Id p FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c GROUP BY oi.Product2Id ORDER BY COUNT(*) DESC LIMIT 1`).p,
  contact: store.get(`SELECT Id FROM Contact ORDER BY Id LIMIT 1`).Id,
  case: store.get(`SELECT ParentId p FROM EmailMessage ORDER BY Id LIMIT 1`).p,
};
const items = store.all(`SELECT Id FROM OrderItem WHERE Product2Id = ?`, [ids.product]).map((r) => r.Id);
const CALLS = [
  ['get_period (no query)', 'get_period', { period_name: 'Winter', year: 2022 }],
  ['get_account_id_by_contact_id', 'get_account_id_by_contact_id', { contact_id: ids.contact }],
  ['get_agent_handled_cases_by_period (3 months)', 'get_agent_handled_cases_by_period', { start_date: '2022-12-01T00:00:00Z', end_date: '2023-03-01T00:00:00Z' }],
  ['get_cases (3 months, closed)', 'get_cases', { start_date: '2022-12-01T00:00:00Z', end_date: '2023-03-01T00:00:00Z', statuses: ['Closed'] }],
  ['get_issue_counts (one product)', 'get_issue_counts', { start_date: '2020-01-01T00:00:00Z', end_date: '2025-01-01T00:00:00Z', order_item_ids: items }],
  ['get_email_messages_by_case_id', 'get_email_messages_by_case_id', { case_id: ids.case }],
  ['search_products (SOSL)', 'search_products', { search_term: 'trail jacket' }],
  ['issue_soql_query (aggregate)', 'issue_soql_query', { query: "SELECT OwnerId, COUNT(Id) n FROM Case WHERE Status = 'Closed' GROUP BY OwnerId" }],
];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
async function measure(fn) {
  for (let i = 0; i < 20; i++) await fn();
  const t = [];
  for (let i = 0; i < ITER; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return { p50: pct(t, 50), p95: pct(t, 95) };
}

const episode = app.localforce.episodes.defaultEpisode;
const client = new Client({ name: 'bench', version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));

const rows = [];
for (const [label, name, args] of CALLS) {
  const body = JSON.stringify(args);
  const inproc = await measure(() => callTool(episode, name, args, 'crmarena-full'));
  const rest = await measure(async () => {
    const r = await fetch(`${url}/localforce/tools/${name}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    if (r.status !== 200) throw new Error(`${name}: ${r.status}`);
    await r.arrayBuffer();
  });
  const mcpT = await measure(async () => {
    const r = await client.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${r.content[0].text}`);
  });
  rows.push({ label, inproc, rest, mcp: mcpT });
  process.stderr.write(`${label}: in-process ${inproc.p50.toFixed(2)} ms, REST ${rest.p50.toFixed(2)} ms, MCP ${mcpT.p50.toFixed(2)} ms\n`);
}
// Reference: the plain REST query endpoint through the same client, to separate the machine's HTTP cost from the tools'.
const baseline = await measure(async () => {
  const r = await fetch(`${url}/services/data/v59.0/query?q=${encodeURIComponent('SELECT Id FROM Issue__c LIMIT 1')}`, { headers: { authorization: `Bearer ${token}` } });
  await r.arrayBuffer();
});

await client.close();
await mcp.close();
await new Promise((r) => { server.close(() => r()); server.closeAllConnections(); });
app.localforce.episodes.close();
store.close();

const med = (key) => pct(rows.map((r) => r[key].p50), 50);
const f = (x) => x.toFixed(2);
const md = [
  '<!-- bench:tools -->',
  `Agent tool calls (\`npm run bench:tools\`, scale ${SCALE}, ${ITER} calls each after 20 warm-up calls, one client; load average ${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}; measured on a shared, loaded machine; to be re-measured). Times in ms, p50 / p95: in-process (\`callTool\`, the registry only), REST (\`POST /localforce/tools/{name}\`, keep-alive fetch), MCP (the SDK client over streamable HTTP, \`/mcp\`).`,
  '',
  '| tool call | in-process | REST | MCP/HTTP |',
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.label} | ${f(r.inproc.p50)} / ${f(r.inproc.p95)} | ${f(r.rest.p50)} / ${f(r.rest.p95)} | ${f(r.mcp.p50)} / ${f(r.mcp.p95)} |`),
  `| reference: \`GET /services/data/v59.0/query\` (one-row SOQL), same client | | ${f(baseline.p50)} / ${f(baseline.p95)} | |`,
  '',
  `Median of the per-call p50s: in-process ${f(med('inproc'))} ms, REST ${f(med('rest'))} ms, MCP/HTTP ${f(med('mcp'))} ms (target < 2 ms at scale 1: REST ${med('rest') < 2 ? 'met' : 'not met'}, MCP/HTTP ${med('mcp') < 2 ? 'met' : 'not met'}).`,
  '<!-- /bench:tools -->',
].join('\n');

const perf = join(root, 'docs/performance.md');
const text = readFileSync(perf, 'utf8');
const re = /<!-- bench:tools -->[\s\S]*?<!-- \/bench:tools -->/;
writeFileSync(perf, re.test(text) ? text.replace(re, md) : `${text.trimEnd()}\n\n## Agent tools\n\n${md}\n`);
process.stdout.write(`${md}\n`);
