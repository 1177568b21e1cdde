// Load: 32 concurrent keep-alive clients issue the CRMArena tool queries for a bounded time against
// the generated test org. Zero errors, no 5xx. (Throughput and latency are measured in bench/server.mjs,
// never asserted here.)
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { crmarenaQueries, type ToolQuery } from './fixtures/crmarena-queries.js';

let s: TestServer;
let queries: ToolQuery[];
beforeAll(async () => {
  s = await startTestServer({ db: testOrgPath() });
  queries = crmarenaQueries(s.store);
});
afterAll(() => s.close());

const CLIENTS = 32;
const DURATION_MS = 4000;

it('every CRMArena tool query answers 200 on its own', async () => {
  for (const q of queries) {
    const r = await fetch(s.url + q.path, { headers: { Authorization: `Bearer ${s.token}` } });
    const body = await r.text();
    expect(r.status, `${q.name}: ${body.slice(0, 300)}`).toBe(200);
  }
});

it(`${CLIENTS} concurrent keep-alive clients × mixed queries for ${DURATION_MS / 1000} s: zero errors`, async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(s.url + path, { agent, headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const sockets = new Set<unknown>();
  agent.on('free', (sock) => sockets.add(sock));
  const deadline = Date.now() + DURATION_MS;
  const statuses = new Map<number, number>();
  let failures = 0;
  let n = 0;
  const client = async (k: number) => {
    let i = k;
    while (Date.now() < deadline) {
      const q = queries[i++ % queries.length]!;
      try {
        const status = await get(q.path);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      } catch {
        failures++;
      }
      n++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
  agent.destroy();
  expect(failures).toBe(0);
  // Keep-alive: far fewer connections than requests.
  expect(sockets.size).toBeLessThanOrEqual(CLIENTS);
  expect([...statuses.keys()]).toEqual([200]);
  expect(n).toBeGreaterThan(CLIENTS);
});
