// `npm run bench:ui` — the web UI (imports only from dist/): the console bundle's size, and server time
// of the pages over loopback HTTP against `localforce serve` in a child process (org seed 1, scale 1):
//   record pages (Account, Case, Order with their related lists; target < 200 ms), list views paged
//   over ~2,000 rows (Orders: first, middle, last page) and past SOQL's OFFSET cap (Order Products),
//   search and a console query. Prints a Markdown table; BENCH_ITER sets the samples per page kind.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const { generateOrg, GENERATOR_VERSION } = await import(dist('generator/index.js'));
const { CSS } = await import(dist('server/ui/style.js'));
const CLI = join(root, 'dist/cli/index.js');
const ITER = Number(process.env.BENCH_ITER ?? 40);

async function org() {
  const dir = join(tmpdir(), `localforce-bench-ui-v${GENERATOR_VERSION}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'org-s1.db');
  if (!existsSync(path)) await generateOrg({ seed: 1, scale: 1, out: path, force: true });
  return path;
}

function startServer(db) {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--no-tls', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /instance URL \(http\):\s+(\S+)/.exec(out);
      if (m) resolveStart({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

const cookies = new Map();
async function get(url) {
  const t0 = performance.now();
  const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const body = await res.text();
  const ms = performance.now() - t0;
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    cookies.set(pair.slice(0, i), pair.slice(i + 1));
  }
  if (res.status >= 400) throw new Error(`${url}: ${res.status}`);
  return { ms, body };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const db = await org();
const { child, url } = await startServer(db);
try {
  const login = await get(`${url}/lightning/login`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(login.body)[1];
  const res = await fetch(`${url}/lightning/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: new URLSearchParams({ csrf, username: 'api@localforce.dev', password: 'localforce' }),
  });
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    cookies.set(pair.slice(0, i), pair.slice(i + 1));
  }
  const ids = async (object, n) => {
    const r = await fetch(`${url}/services/data/v62.0/query?q=${encodeURIComponent(`SELECT Id FROM ${object} ORDER BY Id LIMIT ${n}`)}`, { headers: { authorization: 'Bearer 00D000000000001!AQ.localforce.token' } });
    return (await r.json()).records.map((x) => x.Id);
  };
  const [accounts, cases, orders] = [await ids('Account', ITER), await ids('Case', ITER), await ids('Order', ITER)];
  const kinds = [
    ['record page: Account (+ Contacts, Cases, Orders, Chats)', accounts.map((id) => `/lightning/r/Account/${id}`)],
    ['record page: Case (+ Emails, Chats, Case history)', cases.map((id) => `/lightning/r/Case/${id}`)],
    ['record page: Order (+ Order products)', orders.map((id) => `/lightning/r/Order/${id}`)],
    ['list view: Orders (2,050 rows), page 1 of 41', Array(ITER).fill('/lightning/o/Order')],
    ['list view: Orders, page 21 of 41', Array(ITER).fill('/lightning/o/Order?page=21')],
    ['list view: Orders, page 41 of 41', Array(ITER).fill('/lightning/o/Order?page=41')],
    ['list view: Orders sorted by Account name, page 41', Array(ITER).fill('/lightning/o/Order?page=41&sort=AccountId&dir=asc')],
    ['list view: Order Products (7,222 rows), page 100 (past OFFSET 2,000)', Array(ITER).fill('/lightning/o/OrderItem?page=100')],
    ['global search (SOSL, 8 objects)', Array(ITER).fill('/lightning/search?q=refund')],
    ['console: SELECT … 20 Cases with relationships', Array(ITER).fill(`/lightning/console?q=${encodeURIComponent('SELECT Id, CaseNumber, Account.Name, Owner.Name FROM Case ORDER BY CreatedDate DESC LIMIT 20')}`)],
  ];
  // Warm-up: plan caches and SQLite pages, as a user's second click would see them.
  for (const [, paths] of kinds) await get(url + paths[0]);
  const rows = [];
  for (const [name, paths] of kinds) {
    const times = [];
    let bytes = 0;
    for (const p of paths) {
      const r = await get(url + p);
      times.push(r.ms);
      bytes = r.body.length;
    }
    rows.push(`| ${name} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${Math.max(...times).toFixed(1)} | ${(bytes / 1024).toFixed(0)} |`);
  }
  const js = join(root, 'dist/ui/console.js');
  const size = statSync(js).size;
  const gz = gzipSync(readFileSync(js), { level: 9 }).length;
  process.stdout.write(
    [
      `Console bundle (dist/ui/console.js: CodeMirror 6 + SQL mode): ${(size / 1024).toFixed(1)} KiB minified, ${(gz / 1024).toFixed(1)} KiB gzipped; pages: no script of their own, one stylesheet (${(CSS.length / 1024).toFixed(1)} KiB).`,
      '',
      `Server time over loopback HTTP (fetch → last byte), ${ITER} samples each, warm, org seed 1 scale 1; load average at start ${loadavg()[0].toFixed(2)}.`,
      '',
      '| page | p50 ms | p95 ms | max ms | HTML KiB |',
      '|---|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
} finally {
  child.kill('SIGTERM');
}
