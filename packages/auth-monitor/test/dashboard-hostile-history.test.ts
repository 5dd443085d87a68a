// A hostile history file (someone who can write it, or a target whose answers end up in it)
// must not run script or add elements in the dashboard: every value is escaped, and lines with
// unknown enum values are rejected before rendering.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDashboard } from '../src/dashboard/render-dashboard.js';
import { HISTORY_HEADER } from '../src/history/history-file.js';
import type { HistoryCheck } from '../src/index.js';
import { launchChromium, watchedPage } from './browser.js';
import { assertBuilt, runDashboard, runHealth } from './run-cli.js';
import { createServerPool } from './server-pool.js';

const NOW = '2026-01-15T12:00:00.000Z';
const PAYLOAD = `"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><svg onload="window.__pwned=3">`;
const valid = {
  type: 'check',
  at: '2026-01-15T11:55:00.000Z',
  target: PAYLOAD,
  url: `https://a/${PAYLOAD}`,
  status: 'down',
  ms: 12,
  checks: { health: 'fail', jwks: 'pass' },
  problems: [`health: ${PAYLOAD}`],
};
/** Lines that are well-formed JSON but carry values the dashboard would place raw in HTML. */
const HOSTILE_LINES = [
  { ...valid, target: 'status', status: PAYLOAD },
  { ...valid, target: 'check-status', checks: { health: PAYLOAD } },
  { ...valid, target: 'check-name', checks: { [PAYLOAD]: 'pass' } },
  { ...valid, target: 'time', at: PAYLOAD },
  { ...valid, target: 'ms', ms: PAYLOAD },
  { ...valid, target: 'problems', problems: [{ toString: PAYLOAD }] },
  {
    type: 'day',
    date: PAYLOAD,
    target: 'day',
    url: 'https://a',
    total: 1,
    healthy: 1,
    degraded: 0,
    down: 0,
    ms: null,
    problems: [],
  },
  {
    type: 'day',
    date: '2026-01-10',
    target: 'day',
    url: 'https://a',
    total: PAYLOAD,
    healthy: 1,
    degraded: 0,
    down: 0,
    ms: null,
    problems: [],
  },
];
const GOOD_DAY = {
  type: 'day',
  date: '2026-01-10',
  target: PAYLOAD,
  url: 'https://a',
  total: 2,
  healthy: 1,
  degraded: 0,
  down: 1,
  ms: null,
  problems: [{ message: PAYLOAD, count: 1 }],
};

let dir: string;
let browser: Browser;
const pool = createServerPool();

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mana-hostile-history-'));
  const lines = [HISTORY_HEADER, GOOD_DAY, ...HOSTILE_LINES, valid];
  await writeFile(join(dir, 'history.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await pool.close();
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Loads the page with its own CSP removed, so only escaping stands between the payload and the DOM. */
async function loadWithoutCsp(html: string): Promise<{ page: Page; problems: string[] }> {
  const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  expect(withoutCsp).not.toContain('Content-Security-Policy');
  const watched = await watchedPage(browser);
  await watched.page.setContent(withoutCsp);
  return watched;
}

async function injected(page: Page): Promise<{ pwned: unknown; elements: number; handlers: number }> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    elements: document.querySelectorAll('script, img, iframe, object, embed, body svg[onload]').length,
    handlers: [...document.querySelectorAll('*')].filter((e) =>
      [...e.attributes].some((a) => a.name.startsWith('on')),
    ).length,
  }));
}

describe('mana-auth-dashboard with a hostile history file', () => {
  it('rejects lines with unknown enum values or malformed fields and says so', async () => {
    const out = join(dir, 'status.html');
    const result = await runDashboard(['--history', join(dir, 'history.jsonl'), '--out', out, '--now', NOW]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `mana-auth-dashboard: ignored ${HOSTILE_LINES.length} unreadable or invalid line(s) in ${join(dir, 'history.jsonl')}\n`,
    );
    const html = await readFile(out, 'utf8');
    for (const name of ['status', 'check-status', 'check-name', 'time', 'ms', 'problems'])
      expect(html).not.toContain(`data-target="${name}"`);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
  });

  it('runs no script and adds no element in Chromium, even without its CSP', async () => {
    const html = await readFile(join(dir, 'status.html'), 'utf8');
    const { page, problems } = await loadWithoutCsp(html);
    expect(await injected(page)).toEqual({ pwned: undefined, elements: 0, handlers: 0 });
    // The payload is shown as text where it belongs.
    expect(await page.locator('section[data-target] h2').first().textContent()).toBe(PAYLOAD);
    expect(await page.locator('ul.problems li').first().textContent()).toBe(PAYLOAD);
    expect(problems).toEqual([]);
  });

  it('escapes enum fields too when a caller passes unvalidated entries to renderDashboard', async () => {
    const forged = { ...valid, target: 'forged', status: PAYLOAD, checks: { health: PAYLOAD } };
    const html = renderDashboard(
      { checks: [forged as unknown as HistoryCheck], days: [] },
      { now: new Date(NOW), refreshSeconds: 0 },
    );
    const { page, problems } = await loadWithoutCsp(html);
    expect(await injected(page)).toEqual({ pwned: undefined, elements: 0, handlers: 0 });
    expect(await page.locator('span[data-state]').getAttribute('data-state')).toBe(PAYLOAD);
    expect(await page.locator('tr[data-check="health"] .pill').textContent()).toBe(PAYLOAD);
    expect(problems).toEqual([]);
  });

  it('would notice a script that runs (the probe is not blind)', async () => {
    const { page } = await loadWithoutCsp(`<p>x</p><img src=x onerror="window.__pwned=1">`);
    await page.waitForFunction(() => (window as unknown as { __pwned?: unknown }).__pwned === 1);
    expect((await injected(page)).elements).toBe(1);
  });
});

describe('mana-auth-health appending to a hostile history file', () => {
  it('drops the invalid lines at its next rewrite and says so', async () => {
    const file = join(dir, 'appended.jsonl');
    await copyFile(join(dir, 'history.jsonl'), file);
    const url = await pool.serve();
    const result = await runHealth([
      '--quiet',
      '--degraded-ms',
      '3000',
      '--down-ms',
      '10000',
      '--history',
      file,
      url,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `mana-auth-health: dropped ${HOSTILE_LINES.length} unreadable or invalid line(s) from ${file}\n`,
    );
    const text = await readFile(file, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(4); // header, the old day, the old result (now a day), the new result
    expect(text).not.toContain('"target":"status"');
  });
});
