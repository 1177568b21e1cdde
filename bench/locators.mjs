// `npm run bench:locators` — memory under never-paged queries (imports only from dist/): 300 queries
// of every OrderItem row (≈7,200 at scale 1) × 33 selected fields, each leaving a query locator that is
// never paged. Without a byte budget this grew the process past 4 GB; now the held result sets are
// bounded per store and across stores (server/org/cursors.ts). Prints peak RSS and what is held.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const { generateOrg, GENERATOR_VERSION } = await import(dist('generator/index.js'));
const { createApp } = await import(dist('server/app.js'));
const { createHttpServer } = await import(dist('server/http/servers.js'));
const { Store } = await import(dist('server/store/index.js'));
const { API_USER_ID, ORG_ID } = await import(dist('schema/index.js'));

const N = Number(process.env.BENCH_QUERIES ?? 300);
const dir = join(tmpdir(), `localforce-bench-server-v${GENERATOR_VERSION}`);
mkdirSync(dir, { recursive: true });
const pristine = join(dir, 'org-s1.db');
if (!existsSync(pristine)) await generateOrg({ seed: 1, scale: 1, out: pristine, force: true });
const path = join(mkdtempSync(join(tmpdir(), 'lf-bench-loc-')), 'org.db');
copyFileSync(pristine, path);

const store = Store.open(path);
const now = new Date('2025-01-01T00:00:00Z');
const app = createApp({ store, now: () => now, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID }, { log: () => {} });
const server = createHttpServer(app);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const { schema } = await import(dist('schema/index.js'));
const names = (obj) => schema.object(obj).def.fields.map((f) => f.name);
// 14 + 10 + 9 = 33 fields: every OrderItem field and most of its Order's and Product2's.
const fields = [...names('OrderItem'), ...names('Order').slice(0, 10).map((f) => `Order.${f}`), ...names('Product2').slice(0, 9).map((f) => `Product2.${f}`)];
const soql = `SELECT ${fields.join(', ')} FROM OrderItem`;

function get(p) {
  return new Promise((resolveGet, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent, headers: { authorization: 'Bearer localforce-token' } }, (res) => {
      let n = 0;
      res.on('data', (d) => (n += d.length));
      res.on('end', () => resolveGet({ status: res.statusCode, bytes: n }));
    });
    req.on('error', reject);
  });
}

let peak = 0;
const t0 = Date.now();
for (let i = 0; i < N; i++) {
  // A distinct text per query defeats the plan cache's reuse of nothing: every result set is new.
  const r = await get(`/services/data/v59.0/query?q=${encodeURIComponent(`${soql} WHERE Quantity >= ${-i}`)}`);
  if (r.status !== 200) throw new Error(`query ${i}: ${r.status}`);
  peak = Math.max(peak, process.memoryUsage().rss);
}
const ms = Date.now() - t0;
const cursors = app.localforce.cursors;
console.log(JSON.stringify({
  machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  date: new Date().toISOString().slice(0, 10),
  queries: N,
  fieldsSelected: fields.length,
  peakRssMB: Math.round(peak / 1048576),
  heldCursors: cursors.size,
  heldEstimatedMB: Math.round(cursors.bytes / 1048576),
  seconds: ms / 1000,
}, null, 1));
server.close();
agent.destroy();
process.exit(0);
