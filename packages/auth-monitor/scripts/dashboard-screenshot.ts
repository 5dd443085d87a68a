// Regenerates docs/dashboard.png, the screenshot in the README: a realistic 90-day history of
// three targets, rendered by the built CLI and photographed in headless Chromium.
// Run from packages/auth-monitor after a build:  npx tsx scripts/dashboard-screenshot.ts
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serializeHistory } from '../src/history/history-file.js';
import { rollupHistory } from '../src/history/history-rollup.js';
import { launchChromium, watchedPage } from '../test/browser.js';
import { assertBuilt, runDashboard } from '../test/run-cli.js';
import { generateChecks } from '../test/synthetic-history.js';

const output = fileURLToPath(new URL('../docs/dashboard.png', import.meta.url));

async function main(): Promise<void> {
  assertBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'mana-screenshot-'));
  const browser = await launchChromium();
  try {
    const now = new Date();
    const history = rollupHistory({ checks: generateChecks(now), days: [] }, { now });
    await writeFile(join(dir, 'history.jsonl'), serializeHistory(history));
    const html = join(dir, 'status.html');
    const result = await runDashboard([
      '--history',
      join(dir, 'history.jsonl'),
      '--out',
      html,
      '--now',
      now.toISOString(),
    ]);
    if (result.code !== 0) throw new Error(result.stderr);
    const { page, problems } = await watchedPage(browser, { width: 1100, height: 900 });
    await page.goto(pathToFileURL(html).href);
    await page.screenshot({ path: output, fullPage: true });
    if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
    console.log(`wrote ${output}`);
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
