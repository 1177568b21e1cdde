// The HTML leaderboard: well-formed, self-contained (a real browser loads it with every request
// blocked and records none), every run present, charts drawn, the table sortable by clicking.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from '../../cli/commands/leaderboard.js';
import { buildLeaderboard, loadRun, toHtml, type Leaderboard } from '../../leaderboard/index.js';
import { firstK, makeTasks, tasksText, writeRun } from './synthetic.js';

const CHROMIUM = process.env.LOCALFORCE_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

const root = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'lb-html-'));
const tasks = makeTasks(8);
const text = tasksText(tasks);
const models = ['alpha <&> "quoted"', 'beta', 'gamma'];
const dirs = models.map((m, i) => {
  const dir = join(root, `run-${i}`);
  writeRun(dir, tasks, text, { model: m, outcome: (t, j) => (j % 8 === 7 && i === 1 ? 'llm_error' : firstK({ case_routing: 2 + 2 * i, knowledge_qa: 8 - i, monthly_trend_analysis: i }, 8)(t, j)) });
  return dir;
});
const otherOrg = join(root, 'run-other');
writeRun(otherOrg, tasks, text, { model: 'delta', outcome: () => 'right', orgHash: 'c'.repeat(64) });

let board: Leaderboard;
let html: string;
let file: string;
let browser: Browser | undefined;

beforeAll(async () => {
  const runs = [...dirs, otherOrg].map((d) => loadRun(readSource(d, root)));
  board = buildLeaderboard(runs, { baseline: runs[0]!, reference: 'crmarena', resamples: 500 });
  html = toHtml(board);
  file = join(root, 'leaderboard.html');
  writeFileSync(file, html);
  if (!CHROMIUM) throw new Error('no Chromium found: set LOCALFORCE_CHROMIUM to a Chromium/Chrome binary');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
});

describe('leaderboard HTML', () => {
  it('is well-formed markup with no external reference of any kind', async () => {
    // Parsed as XML by the browser's own parser: any unclosed or misnested tag is a parsererror.
    const page = await browser!.newPage();
    const xml = await page.evaluate((src) => {
      const d = new DOMParser().parseFromString(src, 'application/xhtml+xml');
      const broken = new DOMParser().parseFromString(src.replace('<h1>', '<h1><b>'), 'application/xhtml+xml');
      return {
        errors: d.getElementsByTagName('parsererror').length,
        bodies: d.getElementsByTagName('body').length,
        svgs: d.getElementsByTagName('svg').length,
        brokenIsCaught: broken.getElementsByTagName('parsererror').length > 0,
      };
    }, html);
    await page.close();
    expect(xml).toEqual({ errors: 0, bodies: 1, svgs: 2 * board.groups.length, brokenIsCaught: true });
    expect(html).not.toMatch(/\b(?:src|srcset)\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    // The only absolute URL is the SVG namespace (an identifier, never fetched).
    expect([...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0])).toEqual(Array(board.groups.length * 2).fill('http://www.w3.org/2000/svg'));
    expect(html).toContain('alpha &lt;&amp;&gt; &quot;quoted&quot;');
    expect(html).not.toContain('alpha <&>');
  });

  it('loads in a browser without a single network request; every run, chart and link is there', async () => {
    const page = await browser!.newPage();
    const requests: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === `file://${file}`) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    const tables = await page.$$eval('section.group', (sections) => sections.map((s) => Array.from(s.querySelectorAll('table.runs tbody tr')).map((tr) => (tr.querySelector('td:nth-child(2)') as HTMLElement).innerText)));
    expect(tables).toHaveLength(2);
    expect(tables[0]!.map((t) => t.split(' (')[0]!.replace(' · tool_call · crmarena', ''))).toEqual(['gamma', 'beta', 'alpha <&> "quoted"']);
    expect(tables[1]![0]).toContain('delta');
    // Bars: one per run and column (9 families + ALL), each with a whisker; a failure segment per cause.
    expect(await page.locator('section.group >> nth=0 >> svg.scores rect.bar').count()).toBe(3 * 10);
    expect(await page.locator('section.group >> nth=0 >> svg.scores path.whisker').count()).toBe(3 * 10);
    const causes = await page.$$eval('section.group:first-of-type svg.failures rect.cause', (r) => r.map((x) => x.getAttribute('data-cause')));
    expect(causes).toContain('llm_error');
    expect(causes).toContain('wrong_answer');
    const links = await page.$$eval('section.group a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('run-0/report.md');
    expect(links).toContain('run-0/trajectories.jsonl');
    expect(await page.locator('section.reference tbody tr').count()).toBe(25);
    expect(await page.locator('section.reference h2').innerText()).toContain('published; live Salesforce org; LLM-extracted answers');
    expect(await page.locator('table.paired tbody tr').count()).toBe(2);
    await page.close();
  });

  it('sorts a table by the clicked column', async () => {
    const page = await browser!.newPage();
    await page.goto(`file://${file}`);
    const col = (n: number) => page.$$eval(`section.group:first-of-type table.runs tbody tr td:nth-child(${n})`, (tds) => tds.map((td) => (td as HTMLElement).innerText.split('\n')[0]!));
    // Column 3 is NCR: 2/8, 4/8, 6/8 for alpha, beta, gamma.
    await page.click('section.group:first-of-type table.runs th:nth-child(3)');
    expect(await col(3)).toEqual(['75.0', '50.0', '25.0']);
    await page.click('section.group:first-of-type table.runs th:nth-child(3)');
    expect(await col(3)).toEqual(['25.0', '50.0', '75.0']);
    await page.click('section.group:first-of-type table.runs th:nth-child(2)');
    expect((await col(2))[0]).toMatch(/^gamma/);
    await page.close();
  });
});
