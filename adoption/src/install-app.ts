import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One npm cache for every install of every run: warm after the first run. */
export const NPM_CACHE = join(tmpdir(), 'mana-adoption-npm-cache');

const appsDir = fileURLToPath(new URL('../apps/', import.meta.url));

/** An app copied into a fresh project outside the monorepo and installed there with npm. */
export interface InstalledApp {
  name: string;
  dir: string;
  /** npm's exit code; 0 when the install worked. */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** How long `npm install` took, in seconds. */
  seconds: number;
}

/** Options of {@link installApp}. */
export interface InstallAppOptions {
  /** The `node` binary that runs npm (and so the Node version npm checks `engines` against). */
  node: string;
  /** `npm-cli.js` of the npm to run under {@link InstallAppOptions.node}. */
  npmCli: string;
  /** Tarballs added to the app's dependencies (`npm install <tarball>...`). */
  tarballs: string[];
}

/**
 * Copies `adoption/apps/<name>` into a new directory under the system temp dir (so nothing
 * resolves from the workspace) and runs `<node> <npm-cli.js> install <tarballs>` there: npm
 * itself runs on the Node under test, so an `engines` mismatch shows as EBADENGINE for that
 * version. Never throws: the exit code and output are returned for the tests to assert.
 */
export function installApp(name: string, options: InstallAppOptions): Promise<InstalledApp> {
  const dir = mkdtempSync(join(tmpdir(), `mana-adoption-${name}-`));
  cpSync(join(appsDir, name), dir, { recursive: true });
  const args = [
    options.npmCli,
    'install',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
    `--cache=${NPM_CACHE}`,
    ...options.tarballs,
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      options.node,
      args,
      { cwd: dir, timeout: 300_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ name, dir, exitCode, stdout, stderr, seconds: (Date.now() - started) / 1000 });
      },
    );
  });
}
