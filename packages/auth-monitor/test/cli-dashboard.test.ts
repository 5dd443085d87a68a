import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type StartedServer, startServer } from '@mana/test-utils';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeHistory } from '../src/history/history-file.js';
import { rollupHistory } from '../src/history/history-rollup.js';
import type { HistoryCheck } from '../src/index.js';
import { SPEC_HEADERS } from './auth-server.js';
import { launchChromium, watchedPage } from './browser.js';
import { assertBuilt, runDashboard } from './run-cli.js';
import { generateChecks } from './synthetic-history.js';

const NOW = new Date('2026-01-15T12:02:00.000Z');
const DAY = 86_400_000;
let dir: string;
let raw: HistoryCheck[];
let html: string;
let browser: Browser;
let server: StartedServer;

/** Uptime computed here from the raw results, independently of the dashboard code. */
function expectedUptime(target: string, window: '24h' | '7d' | '30d' | '90d'): string {
  const mine = raw.filter((c) => c.target === target);
  const inWindow =
    window === '24h'
      ? mine.filter((c) => Date.parse(c.at) >= NOW.getTime() - DAY)
      : mine.filter(
          (c) =>
            c.at.slice(0, 10) >=
            new Date(NOW.getTime() - (Number.parseInt(window, 10) - 1) * DAY).toISOString().slice(0, 10),
        );
  const down = inWindow.filter((c) => c.status === 'down').length;
  if (down === 0) return '100%';
  const share = (inWindow.length - down) / inWindow.length;
  return `${(Math.floor(share * 10_000) / 100).toFixed(2)}%`;
}

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mana-dashboard-'));
  raw = generateChecks(NOW);
  // The history exactly as months of cron runs leave it: 7 days of results, daily summaries before.
  await writeFile(
    join(dir, 'history.jsonl'),
    serializeHistory(rollupHistory({ checks: raw, days: [] }, { now: NOW })),
  );
  const result = await runDashboard([
    '--history',
    join(dir, 'history.jsonl'),
    '--out',
    join(dir, 'site', 'status.html'),
    '--now',
    NOW.toISOString(),
    '--badges',
    join(dir, 'site', 'badges'),
  ]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  html = await readFile(join(dir, 'site', 'status.html'), 'utf8');
  browser = await launchChromium();
  server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...SPEC_HEADERS });
    res.end(html);
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('mana-auth-dashboard in headless Chromium', () => {
  it('shows the uptime figures, the checks, incidents and last results of every target', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(pathToFileURL(join(dir, 'site', 'status.html')).href);
    expect(
      await page
        .locator('section[data-target]')
        .evaluateAll((s) => s.map((e) => e.getAttribute('data-target'))),
    ).toEqual(['eu-central', 'staging', 'us-east']);
    for (const target of ['eu-central', 'staging', 'us-east']) {
      for (const window of ['24h', '7d', '30d', '90d'] as const) {
        const shown = await page
          .locator(`section[data-target="${target}"] dd[data-window="${window}"]`)
          .textContent();
        expect({ target, window, shown }).toEqual({ target, window, shown: expectedUptime(target, window) });
      }
      const section = page.locator(`section[data-target="${target}"]`);
      expect(await section.locator('table.recent tbody tr').count()).toBe(10);
      expect(await section.locator('table.checks tbody tr').count()).toBe(6);
      expect(await section.locator('svg.strip rect').count()).toBe(90);
      expect(await section.locator('svg.chart polyline').count()).toBeGreaterThanOrEqual(2);
    }
    const eu = page.locator('section[data-target="eu-central"]');
    expect(await eu.locator('dd[data-window="24h"]').textContent()).not.toBe('100%'); // the blip counts for uptime ...
    expect(await eu.locator('ul.incidents > li').count()).toBe(3); // ... but is not an incident
    expect(await eu.locator('ul.incidents > li').first().textContent()).toMatch(
      /^down 2026-01-13 \d\d:\d\d → 2026-01-13 \d\d:\d\d \(30 min\) · 6 results not healthy/,
    );
    expect(await eu.locator('ul.incidents > li').nth(1).textContent()).toContain(
      '(whole day) · 12 results not healthy',
    );
    expect(await eu.locator('table.recent tbody tr').first().locator('td').first().textContent()).toBe(
      '2026-01-15 12:00',
    );
    expect(await eu.locator('tr[data-check="tls"] td').nth(2).textContent()).toMatch(
      /^certificate expires in \d+ days$/,
    );
    expect(
      await page.locator('section[data-target="us-east"] ul.incidents > li').first().textContent(),
    ).toMatch(/^degraded .*8 results not healthy/);
    expect(await page.locator('section[data-target="staging"] ul.incidents > li').count()).toBe(1);
    expect(await page.locator('[data-overall]').textContent()).toBe('All systems operational');
    expect(await page.locator('[data-stale]').textContent()).toMatch(
      /^Data is stale for staging \(last result 52 min ago\)\. Is the cron job still running\?$/,
    );
    await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true });
    expect((await stat(join(dir, 'dashboard.png'))).size).toBeGreaterThan(50_000);
    expect(problems).toEqual([]);
  });

  it("renders without a console error or CSP violation under the auth service's own headers", async () => {
    const { page, problems } = await watchedPage(browser);
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toBe(SPEC_HEADERS['Content-Security-Policy']);
    await expect(page.locator('h1').textContent()).resolves.toBe('Mana Auth status');
    expect(
      await page.evaluate(() => getComputedStyle(document.querySelector('.banner')!).backgroundColor),
    ).not.toBe('rgba(0, 0, 0, 0)');
    expect(problems).toEqual([]);
  });

  it('would notice a CSP violation (the watcher is not blind)', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.setContent(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'"><p style="color:red">x</p>`,
    );
    await page.waitForTimeout(100);
    expect(problems.join('\n')).toMatch(
      /CSP violation: style-src-attr blocked inline|Content Security Policy/,
    );
  });

  it('is self-contained: no script, no external URL', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('writes one shields.io badge per target', async () => {
    const badge = (name: string) =>
      readFile(join(dir, 'site', 'badges', `${name}.json`), 'utf8').then(
        (t) => JSON.parse(t) as Record<string, unknown>,
      );
    expect(await badge('eu-central')).toEqual({
      schemaVersion: 1,
      label: 'auth eu-central',
      message: `healthy · ${expectedUptime('eu-central', '30d')}`,
      color: 'brightgreen',
      cacheSeconds: 300,
    });
    expect(await badge('staging')).toMatchObject({
      message: expect.stringMatching(/^stale · /),
      color: 'lightgrey',
    });
  });

  it('exits 3 with a hint when the history is missing or the flags are wrong', async () => {
    const missing = await runDashboard(['--history', join(dir, 'nope.jsonl'), '--out', join(dir, 'x.html')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('does not exist yet; run "mana-auth-health --history');
    const noOut = await runDashboard(['--history', join(dir, 'history.jsonl')]);
    expect(noOut.code).toBe(3);
    expect(noOut.stderr).toContain('both --history <file> and --out <file> are required.');
    const badNow = await runDashboard([
      '--history',
      join(dir, 'history.jsonl'),
      '--out',
      '-',
      '--now',
      'yesterday',
    ]);
    expect(badNow.code).toBe(3);
    expect(badNow.stderr).toContain('--now must be an ISO 8601 time');
  });
});
