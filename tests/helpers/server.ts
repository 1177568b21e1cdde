// startTestServer: a real Localforce server listening on 127.0.0.1 port 0 (HTTP, optionally HTTPS)
// over a copy of an org file, for suites that drive real clients against it.
import { copyFileSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { createApp, type AppOptions, type LocalforceApp } from '../../server/app.js';
import { createHttpServer, createHttpsServer } from '../../server/http/servers.js';
import { generateCertificate, type TlsMaterial } from '../../server/http/tls.js';
import { Store } from '../../server/store/index.js';
import { buildMiniOrg } from '../server/fixtures/mini-org.js';

export interface TestServerOptions {
  /** Org file to serve (copied first unless `copy: false`). Default: a fresh mini org (tests/server/fixtures/mini-org.ts). */
  readonly db?: string;
  readonly copy?: boolean;
  /** The injected clock (default: the org's `referenceNow` meta, else 2024-06-15T12:00:00Z). */
  readonly now?: Date;
  readonly timeZone?: string;
  /** Also listen with HTTPS (self-signed certificate; its PEM is returned as `ca`). */
  readonly tls?: boolean;
  readonly app?: AppOptions;
}

export interface TestServer {
  readonly url: string;
  readonly httpsUrl?: string;
  /** PEM of the self-signed certificate (when `tls`). */
  readonly ca?: string;
  /** The fixed token: always a valid session id. */
  readonly token: string;
  readonly app: LocalforceApp;
  readonly store: Store;
  close(): Promise<void>;
}

let cachedTls: Promise<TlsMaterial> | undefined;

export const TEST_NOW = new Date('2024-06-15T12:00:00.000Z');

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  let path = opts.db ?? buildMiniOrg();
  if (opts.db && opts.copy !== false) {
    const copy = join(mkdtempSync(join(tmpdir(), 'lf-srv-')), 'org.db');
    copyFileSync(opts.db, copy);
    path = copy;
  }
  const store = Store.open(path);
  const reference = store.getMeta('referenceNow');
  const now = opts.now ?? (reference ? new Date(reference) : TEST_NOW);
  const app = createApp({ store, now: () => now, timeZone: opts.timeZone ?? 'GMT', orgId: ORG_ID, userId: API_USER_ID }, { log: () => {}, ...opts.app });
  const http = createHttpServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let https: ReturnType<typeof createHttpsServer> | undefined;
  let httpsUrl: string | undefined;
  let ca: string | undefined;
  if (opts.tls) {
    cachedTls ??= generateCertificate(now);
    const tls = await cachedTls;
    ca = tls.cert;
    https = createHttpsServer(app, tls);
    await new Promise<void>((resolve) => https!.listen(0, '127.0.0.1', resolve));
    httpsUrl = `https://localhost:${(https.address() as AddressInfo).port}`;
  }
  const closeServer = (s: { close(cb: () => void): void; closeAllConnections(): void }) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    url,
    httpsUrl,
    ca,
    token: app.localforce.auth.config.token,
    app,
    store,
    async close() {
      await closeServer(http);
      if (https) await closeServer(https);
      store.close();
    },
  };
}
