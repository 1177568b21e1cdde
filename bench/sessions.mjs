// `npm run bench:sessions` — episodes (server/sessions), in-process, imports only from dist/:
//   (a) fork mechanisms compared on the same org: sqlite3_deserialize of a memory image (what
//       EpisodeManager uses), a file copy to tmpfs + open, the online backup API into a memory db;
//   (b) EpisodeManager create / reset / delete latency (p50, p99); forks are lazy (copy on first
//       write), so the first write in an episode is timed too (it pays the copy);
//   (c) the first SOSL search in a fresh fork (its FTS index is built lazily in the fork's TEMP schema);
//   (d) memory: RSS growth per live idle episode (N episodes, each after one SOQL query), after a
//       SOSL search in each, and after one write in each (its private copy made).
//   (e) stall: `localforce serve` in a child process; while episode A runs a slow query (~3,000 LIKE
//       terms, cut by --query-timeout 10), episode B sends trivial queries back to back: their p50 / p99,
//       with the SQL worker pool (--sql-workers 2) — both episodes unwritten, and both after a write
//       (answered from the workers' journal-replayed forks) — and without it (--sql-workers 0).
// At scales 1 and 5 (BENCH_SCALES). Writes docs/performance.md between <!-- bench:sessions --> markers.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const { generateOrg, GENERATOR_VERSION } = await import(dist('generator/index.js'));
const { Store } = await import(dist('server/store/index.js'));
const { EpisodeManager } = await import(dist('server/sessions/index.js'));
const { ORG_ID, API_USER_ID } = await import(dist('schema/index.js'));

const scales = (process.env.BENCH_SCALES ?? '1,5').split(',').map(Number);
const ITER = Number(process.env.BENCH_ITER ?? 40);
const LIVE = { 1: Number(process.env.BENCH_LIVE ?? 100), 5: Number(process.env.BENCH_LIVE5 ?? 30) };
const loadAtStart = loadavg()[0];
const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

function orgFor(scale) {
  const dir = join(tmpdir(), `localforce-bench-server-v${GENERATOR_VERSION}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `org-s${scale}.db`);
  return existsSync(path) ? Promise.resolve(path) : generateOrg({ seed: 1, scale, out: path, force: true }).then(() => path);
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const mb = (b) => (b / 1024 / 1024).toFixed(1);
const gc = () => globalThis.gc?.();

async function time(fn, n = ITER) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function benchScale(scale) {
  const path = await orgFor(scale);
  const fileBytes = statSync(path).size;
  const file = Store.open(path, { readonly: true });
  const image = file.serialize();
  file.close();
  const probe = (db) => db.prepare('SELECT COUNT(*) AS n FROM "Case"').get();

  // (a) mechanisms
  const deser = await time(() => {
    const s = Store.fromImage(image);
    probe(s.db);
    s.close();
  });
  const copy = await time((i) => {
    const p = join(shm, `lf-bench-fork-${process.pid}-${i}.db`);
    copyFileSync(path, p);
    const db = new Database(p);
    probe(db);
    db.close();
    rmSync(p);
  }, Math.min(ITER, 20));
  const backup = await time(async (i) => {
    const src = new Database(path, { readonly: true });
    const p = join(shm, `lf-bench-backup-${process.pid}-${i}.db`);
    await src.backup(p);
    src.close();
    const db = new Database(p);
    probe(db);
    db.close();
    rmSync(p);
  }, Math.min(ITER, 10));

  // (b) EpisodeManager create / reset / delete
  const defaultStore = Store.fromImage(image);
  let wall = 0;
  const host = new EpisodeManager({ image, defaultStore, defaultToken: 't', orgId: ORG_ID, userId: API_USER_ID, now: () => new Date('2025-01-01T00:00:00Z'), timeZone: 'GMT', wall: () => wall, maxEpisodes: 10_000 });
  const ids = [];
  const create = await time(() => ids.push(host.createSync({}).id));
  const eps = ids.map((id) => host.get(id));
  // The first write copies the image (lazy fork); a second write does not.
  const firstWrite = await time((i) => eps[i].create('Account', { Name: 'dirty' }));
  const secondWrite = await time((i) => eps[i].create('Account', { Name: 'dirty again' }));
  const reset = await time((i) => host.resetSync(ids[i]));
  const del = await time((i) => host.deleteSync(ids[i]));
  // One episode per task: create, use, delete, repeat (a new fork reuses the pages the last one freed).
  const cycle = await time(async () => {
    const e = host.createSync({});
    await e.query('SELECT Id FROM Account LIMIT 1');
    host.deleteSync(e.id);
  });

  // (c) first SOSL in a fresh fork vs a warm one
  const sosl = 'FIND {refund} IN ALL FIELDS RETURNING Case(Id), Knowledge__kav(Id)';
  const firstSearch = await time(async () => {
    const e = host.createSync({});
    await e.search(sosl);
    host.deleteSync(e.id);
  }, 10);
  const warm = host.createSync({});
  await warm.search(sosl);
  const warmSearch = await time(() => warm.search(sosl), 20);
  host.deleteSync(warm.id);

  // (d) memory per live episode: in a fresh process, so pages freed by (a)–(c) cannot hide the growth
  const mem = await memoryInChild(path, LIVE[scale] ?? 30);
  host.close();
  defaultStore.close();

  return {
    scale,
    fileBytes,
    deser,
    copy,
    backup,
    create,
    firstWrite,
    secondWrite,
    reset,
    del,
    cycle,
    firstSearch,
    warmSearch,
    ...mem,
  };
}

// ── (e) stall ────────────────────────────────────────────────────────────────────────────────
const CLI = join(root, 'dist/cli/index.js');
function startServer(db, extra) {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--no-tls', '--quiet', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
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
const stopServer = (child) => new Promise((r) => { child.removeAllListeners('exit'); child.on('exit', r); child.kill('SIGTERM'); });

async function stall(db, workers, written) {
  const { child, url } = await startServer(db, ['--sql-workers', String(workers), '--query-timeout', '10']);
  try {
    const admin = { Authorization: 'Bearer 00D000000000001!AQ.localforce.token' };
    const mk = async () => (await (await fetch(`${url}/localforce/sessions`, { method: 'POST', headers: admin })).json()).token;
    const [a, b] = [await mk(), await mk()];
    if (written) {
      for (const t of [a, b]) {
        const r = await fetch(`${url}/services/data/v59.0/sobjects/Account`, { method: 'POST', headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' }, body: '{"Name":"stall bench"}' });
        if (r.status !== 201) throw new Error(`write failed: ${r.status}`);
      }
    }
    const trivial = `${url}/services/data/v59.0/query?q=${encodeURIComponent('SELECT Id FROM Account LIMIT 1')}`;
    for (let i = 0; i < 50; i++) await (await fetch(trivial, { headers: { Authorization: `Bearer ${b}` } })).text(); // warm
    const terms = Array.from({ length: 3000 }, (_, i) => `Name LIKE '%zq${i}%'`).join(' OR ');
    const slowUrl = `${url}/services/data/v59.0/query?q=${encodeURIComponent(`SELECT COUNT() FROM PricebookEntry WHERE ${terms}`)}`;
    const t0 = performance.now();
    let done = false;
    const slow = fetch(slowUrl, { headers: { Authorization: `Bearer ${a}` } }).then(async (r) => {
      const body = await r.text();
      done = true;
      return { status: r.status, code: /"errorCode":"(\w+)"/.exec(body)?.[1] ?? 'ok', ms: performance.now() - t0 };
    });
    const lat = [];
    await new Promise((r) => setTimeout(r, 20));
    while (!done) {
      const t = performance.now();
      await (await fetch(trivial, { headers: { Authorization: `Bearer ${b}` } })).text();
      lat.push(performance.now() - t);
    }
    return { workers, written, slow: await slow, n: lat.length, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat) };
  } finally {
    await stopServer(child);
  }
}

// ── (d) memory, in a child process ─────────────────────────────────────────────────────────
async function memoryMode(path, n) {
  const file = Store.open(path, { readonly: true });
  const image = file.serialize();
  file.close();
  const defaultStore = Store.fromImage(image);
  const host = new EpisodeManager({ image, defaultStore, defaultToken: 't', orgId: ORG_ID, userId: API_USER_ID, now: () => new Date('2025-01-01T00:00:00Z'), timeZone: 'GMT', wall: () => 0, maxEpisodes: 10_000 });
  await host.defaultEpisode.query('SELECT Id FROM Account LIMIT 1');
  gc();
  const rss0 = process.memoryUsage().rss;
  const live = [];
  for (let i = 0; i < n; i++) {
    const e = host.createSync({});
    await e.query('SELECT Id, Subject FROM Case LIMIT 5');
    live.push(e);
  }
  gc();
  const rss1 = process.memoryUsage().rss;
  for (const e of live) await e.search('FIND {refund} IN ALL FIELDS RETURNING Case(Id), Knowledge__kav(Id)');
  gc();
  const rss2 = process.memoryUsage().rss;
  for (const e of live) await e.create('Account', { Name: 'memory probe' });
  gc();
  const rss3 = process.memoryUsage().rss;
  const reported = live.reduce((a, e) => a + e.info().bytes, 0) / n;
  process.stdout.write(JSON.stringify({ n, perIdle: (rss1 - rss0) / n, perSearched: (rss2 - rss0) / n, perWritten: (rss3 - rss0) / n, reported, rssTotal: rss3 }));
  process.exit(0);
}
if (process.argv[2] === '--memory') await memoryMode(process.argv[3], Number(process.argv[4]));

function memoryInChild(path, n) {
  const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--memory', path, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolveMem, reject) => child.on('exit', (code) => (code === 0 ? resolveMem(JSON.parse(out)) : reject(new Error(`memory child exited ${code}`)))));
}

const results = [];
for (const scale of scales) {
  const r = await benchScale(scale);
  results.push(r);
  process.stdout.write(
    `scale ${scale}: file ${mb(r.fileBytes)} MB | fork: deserialize p50 ${ms(pct(r.deser, 50))} ms, tmpfs copy ${ms(pct(r.copy, 50))} ms, backup ${ms(pct(r.backup, 50))} ms | ` +
      `create p50 ${ms(pct(r.create, 50))} / p99 ${ms(pct(r.create, 99))} ms, first write p50 ${ms(pct(r.firstWrite, 50))} ms (second ${ms(pct(r.secondWrite, 50))} ms), reset p50 ${ms(pct(r.reset, 50))} / p99 ${ms(pct(r.reset, 99))} ms, delete p50 ${ms(pct(r.del, 50))} ms, create+query+delete cycle p50 ${ms(pct(r.cycle, 50))} / p99 ${ms(pct(r.cycle, 99))} ms | ` +
      `first SOSL in a fork ${ms(pct(r.firstSearch, 50))} ms (warm ${ms(pct(r.warmSearch, 50))} ms) | ${r.n} live: ${mb(r.perIdle)} MB/episode idle, ${mb(r.perSearched)} MB after SOSL, ${mb(r.perWritten)} MB after a write (reported bytes ${mb(r.reported)} MB)\n`,
  );
}

const stallDb = await orgFor(scales[0]);
const stalls = [];
for (const [w, written] of [[2, false], [2, true], [0, false]]) {
  const r = await stall(stallDb, w, written);
  stalls.push(r);
  process.stdout.write(`stall (scale ${scales[0]}, --sql-workers ${w}${written ? ', both episodes written' : ''}): slow query ${r.slow.status} ${r.slow.code} after ${(r.slow.ms / 1000).toFixed(1)} s; meanwhile ${r.n} trivial queries in another episode: p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms\n`);
}

const loadAtEnd = loadavg()[0];
const rows = results.map(
  (r) =>
    `| ${r.scale} | ${mb(r.fileBytes)} | ${ms(pct(r.deser, 50))} | ${ms(pct(r.copy, 50))} | ${ms(pct(r.backup, 50))} | ${ms(pct(r.create, 50))} / ${ms(pct(r.create, 99))} | ${ms(pct(r.firstWrite, 50))} / ${ms(pct(r.firstWrite, 99))} (then ${ms(pct(r.secondWrite, 50))}) | ${ms(pct(r.cycle, 50))} / ${ms(pct(r.cycle, 99))} | ${ms(pct(r.reset, 50))} / ${ms(pct(r.reset, 99))} | ${ms(pct(r.firstSearch, 50))} (warm ${ms(pct(r.warmSearch, 50))}) | ${r.n} | ${mb(r.perIdle)} | ${mb(r.perSearched)} | ${mb(r.perWritten)} |`,
);
const section = [
  '<!-- bench:sessions -->',
  `Episodes (\`npm run bench:sessions\`, in-process, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}, load average ${loadAtStart.toFixed(1)} → ${loadAtEnd.toFixed(1)}; a shared machine). Times in ms (p50, or p50 / p99). Forks are lazy: create and reset hold no copy; the first write makes it. Memory is RSS growth per live episode after one SOQL query ("idle"), after one SOSL search in each, and after one write in each (its private copy).`,
  '',
  `| scale | org file MB | fork: deserialize | fork: tmpfs copy + open | fork: backup API | create p50 / p99 (${ITER} kept live) | first write (the copy) p50 / p99 | create + query + delete p50 / p99 | reset p50 / p99 | first SOSL in a fork | live episodes | MB/episode idle | MB/episode after SOSL | MB/episode after a write |`,
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Stall (scale ${scales[0]}): episode A runs a ~3,000-term LIKE query (\`--query-timeout 10\`) while episode B sends trivial queries (\`SELECT Id FROM Account LIMIT 1\`) back to back over HTTP.`,
  '',
  '| SQL workers | episodes | slow query answer | trivial queries meanwhile | p50 ms | p99 ms | max ms |',
  '|---|---|---|---|---|---|---|',
  ...stalls.map((r) => `| ${r.workers} | ${r.written ? 'both written' : 'unwritten'} | ${r.slow.status} ${r.slow.code} after ${(r.slow.ms / 1000).toFixed(1)} s | ${r.n} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} |`),
  '<!-- /bench:sessions -->',
].join('\n');
const perf = join(root, 'docs/performance.md');
const text = readFileSync(perf, 'utf8');
const re = /<!-- bench:sessions -->[\s\S]*?<!-- \/bench:sessions -->/;
writeFileSync(perf, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n## Episodes\n\n${section}\n`);
process.stdout.write(`${section}\n`);
