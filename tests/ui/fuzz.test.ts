// Seeded fuzz of the UI's inputs: random query strings, ids, filters and form bodies over every page
// kind. Whatever arrives, the answer is an HTML page with a status below 500 and no unescaped markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../helpers/prng.js';
import { Client, startUiWorld, type UiWorld } from './fixture.js';

let w: UiWorld;
let c: Client;

beforeAll(async () => {
  w = await startUiWorld();
  c = new Client(w.server.url);
  await c.login();
});

afterAll(async () => {
  await w?.server.close();
});

const PIECES = ["'", '"', '\\', '%', '_', '<b>', '</script>', '{', '}', '(', ')', '*', '?', ' OR ', ' AND ', 'Name', 'Id', '001', '500000000000001AAA', '%00', '%ZZ', '&', '=', '#', '\u00e9', '\ud83d\ude00', ' ', '', 'SELECT', 'FROM', 'WHERE', 'LIMIT', '2000', '-1', '1e9', 'null', 'true'];
const OBJECTS = ['Case', 'Account', 'Contact', 'Order', 'OrderItem', 'User', 'Knowledge__kav', 'case', 'Nope', '', '..'];
const FIELDS = ['Status', 'Subject', 'AccountId', 'IsClosed', 'CreatedDate', 'Nope', 'Description', 'Id'];

function text(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)]!;
  return s;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

describe('UI fuzz (seeded)', () => {
  it('300 random GETs and form posts answer < 500 with escaped pages', async () => {
    const r = rng(12);
    const csrf = Client.csrfOf((await c.get('/lightning/console')).text);
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      const t = text(r, 1 + Math.floor(r() * 4));
      const enc = encodeURIComponent(t);
      const obj = pick(r, OBJECTS);
      const kind = Math.floor(r() * 8);
      let res;
      let where: string;
      if (kind === 0) res = await c.get((where = `/lightning/o/${obj}?q=${enc}&sort=${pick(r, FIELDS)}&page=${enc}`));
      else if (kind === 1) res = await c.get((where = `/lightning/o/${obj}?f_${pick(r, FIELDS)}=${enc}`));
      else if (kind === 2) res = await c.get((where = `/lightning/r/${obj}/${enc}`));
      else if (kind === 3) res = await c.get((where = `/lightning/search?q=${enc}`));
      else if (kind === 4) res = await c.get((where = `/lightning/console?q=${encodeURIComponent(`SELECT Id FROM ${obj} WHERE Name = ${t}`)}`));
      else if (kind === 5) res = await c.get((where = `/lightning/console?q=${encodeURIComponent(`FIND {${t}} RETURNING ${obj}`)}`));
      else if (kind === 6) res = await c.get((where = `/lightning/tasks?family=${enc}&persona=${enc}`));
      else res = await c.post((where = `/lightning/o/${obj}/new`), `csrf=${csrf}&${pick(r, FIELDS)}=${enc}&LastName=${enc}`);
      if (res.status >= 500) failures.push(`${res.status} ${where}`);
      if (res.status !== 303 && !res.text.startsWith('<!doctype html>')) failures.push(`not a page: ${where}`);
      if (/<\/script>[^\n]*<\/script>|<b>/.test(res.text.replace(/<script type="module" src="[^"]+"><\/script>/g, ''))) failures.push(`unescaped: ${where}`);
    }
    expect(failures).toEqual([]);
  });
});
