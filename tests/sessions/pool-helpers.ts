// Shared by the SQL-pool tests (pool.test.ts, journal.test.ts): the org image, a slow query, a pool whose
// time limit is a third of that query's time on this machine right now, and HTTP calls into episodes.
import { expect } from 'vitest';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { SqlPool } from '../../server/sessions/index.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';
import type { TestServer } from '../helpers/server.js';

export const V = '/services/data/v59.0';

/** ~1,500 LIKE terms over 22,000 PricebookEntry rows: about a second of SQLite work or more. */
export const SLOW = `SELECT COUNT() FROM PricebookEntry WHERE ${Array.from({ length: 1500 }, (_, i) => `Name LIKE '%zq${i}%'`).join(' OR ')}`;

/** The test org as a memory image (what the pool's workers load). */
export function orgImage(): Buffer {
  const file = Store.open(testOrgPath(), { readonly: true });
  try {
    return file.serialize();
  } finally {
    file.close();
  }
}

/**
 * A pool whose limit is a third of what SLOW takes through `measuredOn` right now, so neither a fast
 * machine nor a loaded one can make a timeout test flaky.
 */
export async function shortPool(measuredOn: SqlPool, image: Buffer): Promise<SqlPool> {
  const t0 = performance.now();
  await measuredOn.run({ kind: 'query', text: SLOW, includeDeleted: false, now: Date.now(), timeZone: 'GMT', apiVersion: '59.0' });
  const slowMs = performance.now() - t0;
  const short = new SqlPool({ image, size: 2, timeoutMs: Math.max(200, slowMs / 3), orgId: ORG_ID, userId: API_USER_ID });
  await short.ready();
  return short;
}

/** A new episode's token. */
export async function episode(srv: TestServer): Promise<string> {
  const r = await fetch(`${srv.url}/localforce/sessions`, { method: 'POST', headers: { Authorization: `Bearer ${srv.token}` } });
  expect(r.status).toBe(201);
  return ((await r.json()) as { token: string }).token;
}

export async function call(srv: TestServer, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const r = await fetch(srv.url + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

export const q = (soql: string) => `${V}/query?q=${encodeURIComponent(soql)}`;
