// `localforce serve`: opens (or, with no --db, generates once into .localforce/) an org file and
// serves the Salesforce REST API over HTTP and HTTPS (self-signed certificate kept beside the org).
// The only place that reads argv, opens files and listens for the server (docs/architecture.md).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { createApp, type LocalforceApp } from '../../server/app.js';
import { DEFAULT_AUTH, DEFAULT_USERNAME } from '../../server/org/index.js';
import { createHttpServer, createHttpsServer } from '../../server/http/index.js';
import { generateCertificate } from '../../server/http/index.js';
import { isValidTimeZone, SqlPool } from '../../server/sessions/index.js';
import { Store } from '../../server/store/index.js';
import { runGeneration } from '../generation.js';
import { isOutdatedOrg, orgFileProblem } from '../org-file.js';
import { parseTasksFile } from '../../server/ui/index.js';
import { mcpHttpHandler } from '../../server/mcp/index.js';
import { agentSchema } from '../../tasks/index.js';
import { taskFinder } from './mcp-tasks.js';

export const DEFAULT_DIR = '.localforce';

interface ServeOptions {
  db?: string;
  port: string;
  host: string;
  tlsPort: string;
  tls: boolean;
  token: string;
  password: string;
  securityToken: string;
  now?: string;
  timeZone?: string;
  quiet?: boolean;
  persist?: boolean;
  episodeIdle: string;
  maxEpisodes?: string;
  sqlWorkers?: string;
  queryTimeout: string;
  runs?: string;
  tasks?: string;
  showAnswers?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the Salesforce REST API (SOAP/OAuth login, SOQL, SOSL, sObjects) over an org file')
    .option('--db <path>', `org file to serve (default: ${DEFAULT_DIR}/org.db, generated with seed 1, scale 1 on first run)`)
    .option('--port <n>', 'HTTP port', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--tls-port <n>', 'HTTPS port (self-signed certificate)', '8443')
    .option('--no-tls', 'do not listen with HTTPS')
    .option('--token <token>', 'fixed session id that is always valid', DEFAULT_AUTH.token)
    .option('--password <password>', 'password of every active user', DEFAULT_AUTH.password)
    .option('--security-token <token>', 'security token clients must append to the password', DEFAULT_AUTH.securityToken)
    .option('--now <iso|wall>', "the clock for SOQL date literals and audit fields: an ISO instant, or 'wall' for the wall clock (default: the org's fixed reference now, 2025-01-01T00:00:00Z for generated orgs)")
    .option('--time-zone <tz>', "the API user's time zone for SOQL date literals (default: the user's TimeZoneSidKey)")
    .option('--persist', 'write changes made through the default token into the org file (default: the file stays pristine; the default token is an episode over a copy)')
    .option('--episode-idle <minutes>', 'close episodes unused for this long', '30')
    .option('--max-episodes <n>', 'most live episodes (default: sized from the org for a 24 GB machine)')
    .option('--sql-workers <n>', 'worker threads answering the SOQL/SOSL of every episode off the event loop (0 = none; default: the number of cores)')
    .option('--query-timeout <seconds>', 'per-query time limit on the worker threads (QUERY_TIMEOUT past it)', '120')
    .option('--quiet', 'print only the URLs')
    .option('--runs <dir>', 'web UI: show `localforce run` output directories (one run directory, or a directory of them)')
    .option('--tasks <path>', 'a tasks file: the web UI\'s task browser (default: drawn from the org, seed 1, 130 per family) and MCP sessions opened as /mcp?task=ID (prompt resource, the task\'s clock)')
    .option('--show-answers', 'web UI: show gold answers in the task browser and the run viewer')
    .action(async (opts: ServeOptions) => {
      await serve(opts);
    });
}

function parsePort(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got ${value}`);
  return n;
}

async function ensureOrg(opts: ServeOptions): Promise<string> {
  if (opts.db !== undefined) {
    const db = resolve(opts.db);
    const problem = orgFileProblem(opts.db);
    if (problem) throw new Error(problem);
    return db;
  }
  const db = resolve(DEFAULT_DIR, 'org.db');
  // The default org is ours to rebuild: one written by an older generator is replaced, not refused.
  const outdated = existsSync(db) && isOutdatedOrg(db);
  if (existsSync(db) && !outdated) {
    const problem = orgFileProblem(db);
    if (problem) throw new Error(`${problem}; delete it to generate the default org again`);
    return db;
  }
  mkdirSync(dirname(db), { recursive: true });
  process.stdout.write(
    outdated
      ? `The default org ${db} was written by an older Localforce: generating it again (seed 1, scale 1) …\n`
      : `First run: generating the default org (seed 1, scale 1) into ${db} …\n`,
  );
  const result = await runGeneration({ seed: 1, scale: 1, out: db, ...(outdated ? { force: true } : {}) });
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  process.stdout.write(`Generated ${total.toLocaleString('en-US')} records in ${result.seconds.toFixed(1)} s.\n`);
  return db;
}

async function ensureCertificate(dir: string): Promise<{ key: string; cert: string; certPath: string }> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
  }
  const tls = await generateCertificate(new Date());
  writeFileSync(keyPath, tls.key, { mode: 0o600 });
  writeFileSync(certPath, tls.cert);
  return { ...tls, certPath };
}

function listen(server: import('node:net').Server, port: number, host: string, flag: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use (choose another with ${flag}, or 0 for any free port)`));
      else reject(err);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolvePort((server.address() as AddressInfo).port);
    });
  });
}

export async function serve(opts: ServeOptions): Promise<void> {
  const t0 = performance.now();
  const flags = parseFlags(opts);
  const db = await ensureOrg(opts);
  const tls = opts.tls ? await ensureCertificate(dirname(db)) : undefined;
  const org = openOrg(db, opts, flags.fixedNow);
  const pool = flags.sqlWorkers > 0
    ? new SqlPool({ image: org.image, size: flags.sqlWorkers, timeoutMs: flags.timeoutSeconds * 1000, orgId: ORG_ID, userId: API_USER_ID, start: false })
    : undefined;
  const app = buildApp(opts, flags, org, pool);
  // Idle episodes are also closed when nobody calls (lookups expire them lazily otherwise).
  setInterval(() => app.localforce.episodes.sweep(), 60_000).unref();

  const httpServer = createHttpServer(app);
  const httpPort = await listen(httpServer, flags.port, opts.host, '--port');
  const httpsServer = tls ? createHttpsServer(app, tls) : undefined;
  const httpsPort = httpsServer ? await listen(httpsServer, flags.tlsPort, opts.host, '--tls-port') : undefined;
  const startMs = performance.now() - t0;

  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${shown}:${httpPort}`;
  const httpsUrl = httpsPort !== undefined ? `https://localhost:${httpsPort}` : undefined;
  process.stdout.write(
    banner({ db, url, httpsUrl, certPath: tls?.certPath, token: opts.token, username: org.apiUser?.Username ?? DEFAULT_USERNAME, opts, fixedNow: org.fixedNow, startMs, quiet: opts.quiet === true }),
  );

  // Worker threads start once the server listens (until one is ready, queries run on the main thread).
  pool?.start();
  const state = { closing: false };
  checkHashLater(db, org.store, pool, state);
  const shutdown = shutdownHandler({ app, store: org.store, pool, servers: [httpServer, httpsServer].filter((s) => s !== undefined), state });
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** The numeric and clock flags, checked before anything is opened or generated. */
interface ServeFlags {
  port: number;
  tlsPort: number;
  /** --now as a fixed instant (undefined: 'wall', or the org's reference now once the org is open). */
  fixedNow: Date | undefined;
  idleMinutes: number;
  maxEpisodes: number | undefined;
  sqlWorkers: number;
  timeoutSeconds: number;
}

function parseFlags(opts: ServeOptions): ServeFlags {
  const port = parsePort(opts.port, '--port');
  const tlsPort = parsePort(opts.tlsPort, '--tls-port');
  let fixedNow: Date | undefined;
  if (opts.now !== undefined && opts.now !== 'wall') {
    fixedNow = new Date(opts.now);
    if (Number.isNaN(fixedNow.getTime())) throw new Error(`--now must be an ISO date-time or 'wall', got ${opts.now}`);
  }
  const idleMinutes = Number(opts.episodeIdle);
  if (!Number.isFinite(idleMinutes) || idleMinutes <= 0) throw new Error(`--episode-idle must be a positive number of minutes, got ${opts.episodeIdle}`);
  const maxEpisodes = opts.maxEpisodes === undefined ? undefined : Number(opts.maxEpisodes);
  if (maxEpisodes !== undefined && (!Number.isInteger(maxEpisodes) || maxEpisodes < 0)) throw new Error(`--max-episodes must be a non-negative integer, got ${opts.maxEpisodes}`);
  if (opts.timeZone !== undefined && !isValidTimeZone(opts.timeZone)) {
    throw new Error(`--time-zone must be an IANA time zone (e.g. America/Los_Angeles, Europe/Paris, GMT), got ${opts.timeZone}`);
  }
  const sqlWorkers = opts.sqlWorkers === undefined ? availableParallelism() : Number(opts.sqlWorkers);
  if (!Number.isInteger(sqlWorkers) || sqlWorkers < 0 || sqlWorkers > 64) throw new Error(`--sql-workers must be an integer 0–64, got ${opts.sqlWorkers}`);
  const timeoutSeconds = Number(opts.queryTimeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new Error(`--query-timeout must be a positive number of seconds, got ${opts.queryTimeout}`);
  return { port, tlsPort, fixedNow, idleMinutes, maxEpisodes, sqlWorkers, timeoutSeconds };
}

interface OpenOrg {
  store: Store;
  /** The org file's bytes: every episode starts from a copy of them. */
  image: Buffer;
  apiUser: { Username: string; TimeZoneSidKey: string | null } | undefined;
  fixedNow: Date | undefined;
  now: () => Date;
  timeZone: string;
}

function openOrg(db: string, opts: ServeOptions, flagNow: Date | undefined): OpenOrg {
  // The served file is never written unless --persist: the default token is an episode over an
  // in-memory copy, like every other episode (docs/sessions.md).
  const file = Store.open(db, { readonly: !opts.persist });
  const image = file.serialize();
  const store = opts.persist ? file : Store.fromImage(image, { label: db });
  if (!opts.persist) file.close();
  const apiUser = store.get('SELECT "Username", "TimeZoneSidKey" FROM "User" WHERE "Id" = ?', [API_USER_ID]) as OpenOrg['apiUser'];
  // The clock (docs/org.md "Time"): the org's fixed reference "now" unless --now says otherwise, so SOQL date
  // literals give the same answers on every run; --now wall follows the wall clock.
  let fixedNow = flagNow;
  if (opts.now === undefined) {
    const reference = store.getMeta('referenceNow');
    const d = reference === undefined ? undefined : new Date(reference);
    if (d && !Number.isNaN(d.getTime())) fixedNow = d;
  }
  const now = fixedNow ? () => fixedNow : () => new Date();
  const timeZone = opts.timeZone ?? apiUser?.TimeZoneSidKey ?? 'GMT';
  if (!isValidTimeZone(timeZone)) throw new Error(`the API user's time zone ${timeZone} is not an IANA time zone (pass --time-zone)`);
  return { store, image, apiUser, fixedNow, now, timeZone };
}

function buildApp(opts: ServeOptions, flags: ServeFlags, org: OpenOrg, pool: SqlPool | undefined): LocalforceApp {
  const opaque = () => randomBytes(36).toString('base64url').replace(/[-_]/g, '.');
  const uiTasks = opts.tasks === undefined ? undefined : parseTasksFile(JSON.parse(readFileSync(resolve(opts.tasks), 'utf8')) as unknown);
  return createApp(
    { store: org.store, now: org.now, timeZone: org.timeZone, orgId: ORG_ID, userId: API_USER_ID },
    {
      // MCP at /mcp: every MCP session is a fresh episode (docs/tools.md).
      mcp: (host) => {
        const handler = mcpHttpHandler({
          host,
          set: 'crmarena',
          schemaText: `${JSON.stringify(agentSchema(), null, 2)}\n`,
          episode: { label: 'mcp' },
          ...(opts.tasks !== undefined ? { findTask: taskFinder(opts.tasks) } : {}),
        });
        return (req, res, next) => {
          handler(req, res).catch(next);
        };
      },
      auth: {
        token: opts.token,
        password: opts.password,
        securityToken: opts.securityToken,
        mintOpaque: opaque,
      },
      episodes: {
        image: org.image,
        persist: opts.persist === true,
        idleMs: flags.idleMinutes * 60_000,
        ...(flags.maxEpisodes !== undefined ? { maxEpisodes: flags.maxEpisodes } : {}),
        wall: () => Date.now(),
        mintOpaque: opaque,
        ...(pool ? { pool } : {}),
      },
      ui: {
        ...(uiTasks ? { tasks: async () => uiTasks } : {}),
        ...(opts.runs !== undefined ? { runsDir: resolve(opts.runs) } : {}),
        showAnswers: opts.showAnswers === true,
      },
    },
  );
}

/**
 * The stored content hash is checked after the server is up: hashing every row takes a few hundred
 * ms, done on a SQL worker when there is one.
 */
function checkHashLater(db: string, store: Store, pool: SqlPool | undefined, state: { readonly closing: boolean }): void {
  const stored = store.getMeta('hash');
  if (stored === undefined) return;
  const checkHash = async () => {
    const actual = pool
      ? String(await pool.run({ kind: 'contentHash', now: 0, timeZone: 'GMT', apiVersion: '59.0' }))
      : await new Promise<string>((r) => setImmediate(() => r(store.contentHash())));
    if (stored !== actual) {
      process.stderr.write(`warning: ${db} was modified after generation: stored content hash ${stored}, actual ${actual}\n`);
    }
  };
  void checkHash().catch((e: unknown) => {
    if (!state.closing) process.stderr.write(`warning: could not check the content hash: ${String(e)}\n`);
  });
}

interface Running {
  app: LocalforceApp;
  store: Store;
  pool: SqlPool | undefined;
  servers: (HttpServer | HttpsServer)[];
  state: { closing: boolean };
}

/** Ctrl-C / SIGTERM: stop listening, close the episodes, the org and the workers, then exit 0. */
function shutdownHandler({ app, store, pool, servers, state }: Running): (signal: string) => void {
  return (signal) => {
    if (state.closing) return;
    state.closing = true;
    process.stdout.write(`\n${signal}: shutting down\n`);
    let open = servers.length;
    const done = () => {
      if (--open > 0) return;
      app.localforce.episodes.close();
      store.close();
      void (pool?.close() ?? Promise.resolve()).finally(() => process.exit(0));
    };
    for (const s of servers) {
      s.close(done);
      s.closeIdleConnections();
    }
    // Keep-alive clients mid-request get a moment to finish, then everything is cut.
    setTimeout(() => {
      for (const s of servers) s.closeAllConnections();
    }, 2000).unref();
  };
}

interface BannerInput {
  db: string;
  url: string;
  httpsUrl: string | undefined;
  certPath: string | undefined;
  token: string;
  username: string;
  opts: ServeOptions;
  fixedNow: Date | undefined;
  startMs: number;
  quiet: boolean;
}

function banner(b: BannerInput): string {
  const lines = [`Localforce is serving ${b.db} (ready in ${Math.round(b.startMs)} ms)`, `  instance URL (http):  ${b.url}`, `  web UI:               ${b.url}/lightning`, `  MCP (streamable HTTP): ${b.url}/mcp   agent tools: ${b.url}/localforce/tools`];
  if (b.httpsUrl) lines.push(`  instance URL (https): ${b.httpsUrl}`, `  TLS certificate (CA): ${b.certPath}`);
  if (b.quiet) return `${lines.join('\n')}\n`;
  const password = b.opts.password + b.opts.securityToken;
  lines.push(
    `  username: ${b.username}   password: ${b.opts.password}   security token: ${b.opts.securityToken === '' ? '(none)' : b.opts.securityToken}`,
    `  session id / access token: ${b.token}`,
    `  episodes: POST ${b.url}/localforce/sessions (admin token: ${b.token}); or log in as ${b.username}#episode`,
    `  SQL workers: ${b.opts.sqlWorkers ?? 'one per core'} (every episode's queries, time limit ${b.opts.queryTimeout} s)`,
    `  org file: ${b.opts.persist ? 'written through by the default token (--persist)' : 'never modified (the default token is an episode over a copy; --persist to write through)'}`,
    `  clock: ${b.fixedNow ? `fixed at ${b.fixedNow.toISOString()} (--now to change, --now wall for the wall clock)` : 'wall clock'}`,
    '',
    'jsforce (Node):',
    `  const conn = new jsforce.Connection({ instanceUrl: '${b.url}', accessToken: '${b.token}' });`,
    `  // or log in: new jsforce.Connection({ loginUrl: '${b.url}' }).login('${b.username}', '${password}')`,
    '',
  );
  if (b.httpsUrl) {
    lines.push(
      'simple_salesforce (Python; it only speaks https):',
      `  export REQUESTS_CA_BUNDLE=${b.certPath}`,
      `  sf = Salesforce(instance_url='${b.httpsUrl}', session_id='${b.token}')`,
      // requests lets REQUESTS_CA_BUNDLE (or else CURL_CA_BUNDLE) win over Session.verify, so the session form
      // only works where neither is set (docs/clients.md).
      '  # or, where neither REQUESTS_CA_BUNDLE nor CURL_CA_BUNDLE is set (requests lets them override session.verify):',
      `  #   s = requests.Session(); s.verify = '${b.certPath}'; Salesforce(instance_url='${b.httpsUrl}', session_id='${b.token}', session=s)`,
      '',
    );
  }
  lines.push(
    'Salesforce CLI (sf):',
    `  SF_ACCESS_TOKEN='${b.token}' sf org login access-token --instance-url ${b.url} --no-prompt --alias localforce`,
    '',
    'curl:',
    `  curl -H 'Authorization: Bearer ${b.token}' '${b.url}/services/data/v59.0/query?q=SELECT+Id,Name+FROM+Account+LIMIT+5'`,
    '',
    'More: docs/clients.md. Stop with Ctrl-C.',
  );
  return `${lines.join('\n')}\n`;
}
