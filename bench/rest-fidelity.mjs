// `npm run bench:rest` — the cost of response compression on the
// fast path: sequential keep-alive GETs of a small (< 1 KB, never compressed) and a large query answer, with the
// compression middleware in front of the fast path and without it, with and without `Accept-Encoding: gzip`.
// Prints a table; the figures in docs/performance.md were copied from one run.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const dist = (p) => pathToFileURL(join(process.cwd(), 'dist', p)).href;
const { generateOrg } = await import(dist('generator/index.js'));
const { Store } = await import(dist('server/store/index.js'));
const { createApp } = await import(dist('server/app.js'));
const { createHttpServer } = await import(dist('server/http/servers.js'));
const { createFastPath } = await import(dist('server/http/fast.js'));
const { API_USER_ID, ORG_ID } = await import(dist('schema/index.js'));

const N = Number(process.env.BENCH_ITER ?? 2000);
const out = join(mkdtempSync(join(tmpdir(), 'lf-bench-rf-')), 'org.db');
await generateOrg({ seed: 1, scale: 1, out, force: true });
const store = Store.open(out);
const now = new Date('2025-01-01T00:00:00Z');
const app = createApp({ store, now: () => now, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID }, { log: () => {}, ui: false });
const token = app.localforce.auth.config.token;
const ctx = app.localforce;
// The same fast path without the compressor, for comparison.
const plainFast = createFastPath({ host: ctx.episodes, auth: ctx.auth, log: () => {} });
const servers = {
  compressing: createHttpServer(app),
  plain: http.createServer((req, res) => {
    if (!plainFast(req, res)) app(req, res);
  }),
};
const urls = {};
for (const [k, s] of Object.entries(servers)) {
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  urls[k] = `http://127.0.0.1:${s.address().port}`;
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (url, headers) =>
  new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { Authorization: `Bearer ${token}`, ...headers } }, (res) => {
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
const queries = {
  small: "SELECT Id FROM Account LIMIT 1",
  large: 'SELECT Id, Subject, Status, Priority, CreatedDate, AccountId, OwnerId FROM Case LIMIT 500',
};
console.log('| server | query | Accept-Encoding | bytes on the wire | µs per request (mean) |');
console.log('|---|---|---|---:|---:|');
// Two passes; only the second is printed (the first warms the JIT, SQLite's cache and the plan cache).
for (const pass of [1, 2])
for (const [qname, soql] of Object.entries(queries)) {
  for (const [sname, base] of Object.entries(urls)) {
    for (const enc of ['', 'gzip']) {
      const url = `${base}/services/data/v59.0/query?q=${encodeURIComponent(soql)}`;
      const headers = enc ? { 'Accept-Encoding': enc } : {};
      for (let i = 0; i < 100; i++) await get(url, headers);
      let bytes = 0;
      const t0 = performance.now();
      for (let i = 0; i < N; i++) bytes = await get(url, headers);
      const us = ((performance.now() - t0) * 1000) / N;
      if (pass === 2) console.log(`| ${sname} | ${qname} | ${enc || '(none)'} | ${bytes} | ${us.toFixed(0)} |`);
    }
  }
}
agent.destroy();
for (const s of Object.values(servers)) s.close();
store.close();
