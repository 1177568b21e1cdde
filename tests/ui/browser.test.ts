// The web UI in a real browser: Debian's chromium driven by playwright-core (nothing downloads a
// browser). Logs in, opens every tab, a record and its related lists, searches, edits with a
// validation error, runs a console query with an error, opens a task and a trajectory; checks the
// landmarks and that every control is labelled on each page; writes screenshots to docs/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, soql, startUiWorld, USERNAME, type Target, type UiWorld } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

let w: UiWorld;
let browser: BrowserContext;
let page: Page;
let profile: string;
/** The browser's episode (its API token is on the home page). */
let ep: Target;

beforeAll(async () => {
  // .ci/run installs it (apt-get install chromium) when missing; a missing browser fails loudly.
  expect(existsSync(CHROMIUM), `${CHROMIUM} is required (apt-get install -y chromium)`).toBe(true);
  w = await startUiWorld();
  profile = mkdtempSync(join(tmpdir(), 'lf-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(15_000);
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await w?.server.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// Timings on the page ("5 rows in 3.2 ms") are masked so the images only change when the UI does.
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false, mask: [page.locator('#res-h + [role=status]')] });

/** Landmarks present and every visible form control labelled (the accessibility smoke check). */
async function checkAccessible(where: string): Promise<void> {
  const report = await page.evaluate(() => {
    const unlabelled: string[] = [];
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      const input = el as HTMLInputElement;
      if (input.type === 'hidden' || input.getAttribute('aria-hidden') === 'true') continue;
      const named = (input.labels?.length ?? 0) > 0 || input.hasAttribute('aria-label') || input.hasAttribute('aria-labelledby');
      if (!named) unlabelled.push(input.outerHTML.slice(0, 120));
    }
    return {
      unlabelled,
      main: document.querySelectorAll('main').length,
      nav: document.querySelectorAll('nav').length,
      banner: document.querySelectorAll('[role=banner]').length,
      h1: document.querySelectorAll('h1').length,
    };
  });
  expect(report.unlabelled, where).toEqual([]);
  expect(report.main, where).toBe(1);
  expect(report.h1, where).toBe(1);
  expect(report.nav, where).toBeGreaterThan(0);
  expect(report.banner, where).toBe(1);
}

describe('the UI in Chromium', () => {
  it('logs in through the form', async () => {
    await page.goto(`${w.server.url}/`);
    expect(page.url()).toContain('/lightning/login');
    await page.getByLabel('Username').fill(USERNAME);
    await page.getByLabel('Password').fill(PASSWORD);
    await shot('login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/lightning$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Welcome');
    await checkAccessible('home');
    ep = { url: w.server.url, token: (await page.locator('#episode-token').textContent())!.trim() };
    await shot('home');
  });

  it('opens every tab from the app bar', async () => {
    const nav = page.getByRole('navigation', { name: 'Objects and tools' });
    for (const tab of ['Accounts', 'Contacts', 'Cases', 'Orders', 'Products', 'Knowledge', 'Issues', 'Users']) {
      await nav.getByRole('link', { name: tab, exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`All ${tab === 'Knowledge' ? 'Knowledge' : tab}`);
      expect(await nav.getByRole('link', { name: tab, exact: true }).getAttribute('aria-current')).toBe('page');
      expect(await page.locator('table.grid tbody tr').count(), tab).toBeGreaterThan(0);
      await checkAccessible(tab);
      if (tab === 'Cases') await shot('list-cases');
    }
  });

  it('sorts and filters a list view with the form controls', async () => {
    await page.goto(`${w.server.url}/lightning/o/Case`);
    await page.getByLabel('Status').selectOption('Closed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/f_Status=Closed/);
    const closed = await soql(ep, "SELECT Id FROM Case WHERE Status = 'Closed'");
    expect(await page.locator('#list-count').textContent()).toContain(`of ${closed.length.toLocaleString('en-US')} items`);
    await page.getByRole('link', { name: 'Subject' }).click();
    await page.waitForURL(/sort=Subject/);
    expect(await page.getByRole('columnheader', { name: /Subject/ }).getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('link', { name: 'Next' }).first().click();
    await page.waitForURL(/page=2/);
  });

  it('opens an account and its related lists, then follows a case', async () => {
    const [acc] = await soql<{ Id: string; Name: string }>(ep, 'SELECT Id, Name FROM Account WHERE Id IN (SELECT AccountId FROM Case) ORDER BY Name LIMIT 1');
    await page.goto(`${w.server.url}/lightning/o/Account?q=${encodeURIComponent(acc!.Name)}`);
    await page.getByRole('link', { name: acc!.Name, exact: true }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(acc!.Name);
    const related = page.getByRole('complementary', { name: 'Related lists' });
    for (const name of [/^Contacts \(\d+\)$/, /^Cases \(\d+\)$/, /^Orders \(\d+\)$/]) await expect.poll(() => related.getByRole('heading', { name }).count()).toBe(1);
    await checkAccessible('account');
    await shot('record-account');
    await related.getByRole('region', { name: /^Cases/ }).locator('tbody a').first().click();
    await page.waitForURL(/\/lightning\/r\/Case\//);
    const caseRelated = page.getByRole('complementary', { name: 'Related lists' });
    for (const name of [/^Email Messages \(\d+\)$/, /^Live Chat Transcripts \(\d+\)$/, /^Case Histories \(\d+\)$/]) await expect.poll(() => caseRelated.getByRole('heading', { name }).count()).toBe(1);
    await checkAccessible('case');
    await shot('record-case');
  });

  it('searches the org with SOSL from the app bar', async () => {
    await page.getByLabel('Search the org').fill('refund');
    await page.getByLabel('Search the org').press('Enter');
    await page.waitForURL(/\/lightning\/search\?q=refund/);
    await expect.poll(() => page.getByRole('heading', { name: /^Cases \(\d+\)$/ }).count()).toBe(1);
    await checkAccessible('search');
    await shot('search');
  });

  it('edits a contact: Salesforce\'s validation error appears by the field', async () => {
    const [contact] = await soql<{ Id: string }>(ep, 'SELECT Id FROM Contact ORDER BY Id LIMIT 1');
    await page.goto(`${w.server.url}/lightning/r/Contact/${contact!.Id}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('#field-Email-error');
    await expect.poll(() => error.textContent()).toBe('Email: invalid email address: not-an-email');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await checkAccessible('edit');
    await shot('edit-validation-error');
    await page.getByLabel('Email').fill('fixed@example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByRole('status').first().textContent()).toContain('was saved');
    const [after] = await soql<{ Email: string }>(ep, `SELECT Email FROM Contact WHERE Id = '${contact!.Id}'`);
    expect(after!.Email).toBe('fixed@example.com');
  });

  it('runs a console query with an error (caret marked), then a good one', async () => {
    await page.goto(`${w.server.url}/lightning/console`);
    const editor = page.locator('.cm-editor');
    await expect.poll(() => editor.count(), { message: 'the CodeMirror bundle loads' }).toBe(1);
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT Id, Nmae FROM Account LIMIT 5');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/console\?q=/);
    await expect.poll(() => page.locator('#error-caret').textContent()).toBe('N');
    expect(await page.locator('.cm-editor .cm-error-caret').textContent(), 'the editor marks the same character').toBe('N');
    expect(await page.getByRole('alert').first().textContent()).toContain('INVALID_FIELD');
    await checkAccessible('console');
    await shot('console-error');
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT CaseNumber, Status, Account.Name, Owner.Name FROM Case ORDER BY CaseNumber LIMIT 5');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: 'Account.Name' }).count()).toBe(1);
    expect(await page.locator('section[aria-labelledby=res-h] tbody tr').count()).toBe(5);
    expect(await page.locator('ol.history li').count()).toBe(2);
    await shot('console-results');
  });

  it('opens a task, a run and a trajectory, and the leaderboard', async () => {
    await page.getByRole('navigation', { name: 'Objects and tools' }).getByRole('link', { name: 'Tasks' }).click();
    await page.getByLabel('Family').selectOption('case_routing');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/family=case_routing/);
    await checkAccessible('tasks');
    await page.getByRole('row').nth(1).getByRole('link').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Task ncr-/);
    expect(await page.locator('#gold').textContent()).toContain('hidden');
    await shot('task');
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('link', { name: 'run-a' }).click();
    await page.getByLabel('Outcome').selectOption('fail');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/outcome=fail/);
    expect(await page.locator('section[aria-label="Tasks in this run"] tbody tr').count()).toBe(1);
    await page.goto(`${w.server.url}/lightning/runs/run-a`);
    await checkAccessible('run');
    await shot('run');
    await page.getByRole('link', { name: w.runIds[0]!, exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Steps (5)' }).count()).toBe(1);
    expect(await page.locator('li.step').count()).toBe(5);
    await checkAccessible('trajectory');
    await shot('trajectory');
    await page.getByRole('link', { name: 'Leaderboard' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'run-a' }).count()).toBe(1);
    await shot('leaderboard');
  });
});
