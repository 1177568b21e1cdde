// `node bench/resource-table.mjs [baselineRoot]` — the cost of answering through the resource table
// (server/http/table.ts). Sequential keep-alive GETs of one small query (the fast path), one record
// (Express + table) and one composite request of 5 subrequests, against this checkout's dist/ and,
// when a second checkout's root is given (built, e.g. the commit before the table), against its
// dist/ too, in alternating rounds so that machine load hits both alike. Reports process CPU µs per
// request (client and server share the process, the client's cost is the same for both) and wall
// µs per request, the median of the rounds. Figures in docs/performance.md were copied from one run.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const N = Number(process.env.BENCH_ITER ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const roots = [process.cwd(), ...process.argv.slice(2).map((p) => resolve(p))];
const dist = (root, p) => pathToFileURL(join(root, 'dist', p)).href;

const { generateOrg } = await import(dist(roots[0], 'generator/index.js'));
const org = join(mkdtempSync(join(tmpdir(), 'lf-bench-table-')), 'org.db');
await generateOrg({ seed: 1, scale: 1, out: org, force: true });
const now = new Date('2025-01-01T00:00:00Z');

async function serve(root) {
  const { Store } = await import(dist(root, 'server/store/index.js'));
  const { createApp } = await import(dist(root, 'server/app.js'));
  const { createHttpServer } = await import(dist(root, 'server/http/servers.js'));
  const { API_USER_ID, ORG_ID } = await import(dist(root, 'schema/index.js'));
  const store = Store.open(org, { readonly: false });
  const app = createApp({ store, now: () => now, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID }, { log: () => {}, ui: false });
  const server = createHttpServer(app);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const account = store.get('SELECT "Id" FROM "Account" ORDER BY "Id" LIMIT 1').Id;
  return { root, server, port: server.address().port, token: app.localforce.auth.config.token, account };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function call(s, method, path, body) {
  return new Promise((resolveCall, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { Authorization: `Bearer ${s.token}`, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}) };
    const req = http.request({ host: '127.0.0.1', port: s.port, method, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 300 ? resolveCall() : reject(new Error(`${method} ${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const V = '/services/data/v59.0';
const shapes = {
  'fast path: SELECT … FROM Contact WHERE AccountId = …': (s) => ['GET', `${V}/query?q=${encodeURIComponent(`SELECT Id, AccountId FROM Contact WHERE AccountId = '${s.account}' LIMIT 1`)}`],
  'Express + table: GET sobjects/Account/{id}': (s) => ['GET', `${V}/sobjects/Account/${s.account}?fields=Name`],
  'composite of 5 GET subrequests': (s) => ['POST', `${V}/composite`, { compositeRequest: Array.from({ length: 5 }, (_, i) => ({ method: 'GET', url: `${V}/sobjects/Account/${s.account}?fields=Name`, referenceId: `r${i}` })) }],
};

async function measure(s, shape) {
  const [method, path, body] = shape(s);
  for (let i = 0; i < 100; i++) await call(s, method, path, body);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await call(s, method, path, body);
  const wall = ((performance.now() - t0) * 1000) / N;
  const c = process.cpuUsage(cpu0);
  return { cpu: (c.user + c.system) / N, wall };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const servers = [];
for (const root of roots) servers.push(await serve(root));
const results = new Map();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, shape] of Object.entries(shapes)) {
    for (const s of round % 2 === 0 ? servers : [...servers].reverse()) {
      const key = `${name}|${s.root}`;
      const r = await measure(s, shape);
      if (!results.has(key)) results.set(key, []);
      results.get(key).push(r);
    }
  }
}
console.log(`${N} sequential keep-alive requests × ${ROUNDS} rounds; median per request`);
for (const name of Object.keys(shapes)) {
  for (const s of servers) {
    const rs = results.get(`${name}|${s.root}`);
    console.log(`${name.padEnd(50)} ${s.root === roots[0] ? 'this checkout' : s.root}  cpu ${median(rs.map((r) => r.cpu)).toFixed(0)} µs  wall ${median(rs.map((r) => r.wall)).toFixed(0)} µs`);
  }
}
for (const s of servers) s.server.close();
agent.destroy();
