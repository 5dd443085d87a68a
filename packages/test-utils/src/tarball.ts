import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A project outside the monorepo with a packed workspace package installed from its tarball. */
export interface InstalledProject {
  dir: string;
  /**
   * What `npm install` printed (stdout and stderr, at `--loglevel=warn`), for asserting that an
   * install raised no `ERESOLVE` or `EBADENGINE`.
   */
  installLog: string;
  /** Runs `node <file>` in the project (with extra environment) and returns stdout. */
  run(file: string, env?: NodeJS.ProcessEnv): string;
}

let packed = new Map<string, string>();

/** Packs `packageDir` once per test process with pnpm (workspace: ranges are rewritten). */
export function packPackage(packageDir: string): string {
  const cached = packed.get(packageDir);
  if (cached) return cached;
  const out = mkdtempSync(join(tmpdir(), 'mana-pack-'));
  execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', out], {
    cwd: packageDir,
    stdio: 'pipe',
  });
  const tarball = join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
  packed = new Map(packed).set(packageDir, tarball);
  return tarball;
}

/**
 * Packs `packageDir` and, recursively, every workspace package it depends on at run time
 * (`dependencies` with a `workspace:` range), so that npm can install the set without the
 * registry: `npm install a.tgz b.tgz` satisfies `a`'s dependency on `b` with the local `b`.
 * Returns the tarballs, `packageDir`'s first.
 */
export function packWithWorkspaceDependencies(packageDir: string): string[] {
  const tarballs = [packPackage(packageDir)];
  const { dependencies = {} } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const [name, range] of Object.entries(dependencies)) {
    if (!range.startsWith('workspace:')) continue;
    const dependencyDir = realpathSync(join(packageDir, 'node_modules', name));
    for (const tarball of packWithWorkspaceDependencies(dependencyDir)) {
      if (!tarballs.includes(tarball)) tarballs.push(tarball);
    }
  }
  return tarballs;
}

/**
 * Creates a fresh project in the system temp dir (outside the workspace, so nothing resolves
 * from the monorepo's node_modules), writes `files`, and `npm install`s the tarballs from the
 * registry-backed npm cache.
 */
export function installTarballs(
  tarballs: string[],
  moduleType: 'module' | 'commonjs',
  files: Record<string, string>,
  extraDependencies: string[] = [],
): InstalledProject {
  const dir = mkdtempSync(join(tmpdir(), `mana-consumer-${moduleType}-`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: moduleType }, null, 2),
  );
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const install = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=warn', ...tarballs, ...extraDependencies],
    { cwd: dir, encoding: 'utf8', timeout: 240_000 },
  );
  const installLog = `${install.stdout ?? ''}${install.stderr ?? ''}`;
  if (install.status !== 0) {
    throw new Error(
      `npm install failed in ${dir} (${install.error?.message ?? `exit ${install.status}`}):\n${installLog}`,
    );
  }
  return {
    dir,
    installLog,
    run: (file, env = {}) =>
      execFileSync(process.execPath, [file], {
        cwd: dir,
        stdio: 'pipe',
        // PGlite's WebAssembly start alone has taken 30 s and more on a loaded 2-core machine.
        timeout: 120_000,
        env: { ...process.env, ...env },
      }).toString(),
  };
}

/**
 * The published .d.ts/.d.cts files in `distDir` that import `@mana/internal` (private, never
 * published: the build must inline its types). Empty when the package is self-contained.
 */
export function typesReferencingInternal(distDir: string): string[] {
  const declarations = readdirSync(distDir).filter((file) => /\.d\.c?ts$/.test(file));
  if (declarations.length === 0) throw new Error(`No .d.ts files in ${distDir}: was the package built?`);
  return declarations.filter((file) =>
    /(from\s+|import\s*\(\s*|require\s*\(\s*)['"]@mana\/internal['"]/.test(
      readFileSync(join(distDir, file), 'utf8'),
    ),
  );
}

/**
 * The packages an `npm install` log warns about with `EBADENGINE` (their `engines` exclude the
 * running Node), by name, e.g. `['file-type']`. Empty when npm printed none.
 */
export function engineWarnings(installLog: string): string[] {
  const names = [...installLog.matchAll(/EBADENGINE\s+package: '((?:@[^/@']+\/)?[^@']+)@/g)].map(
    (m) => m[1]!,
  );
  return [...new Set(names)];
}
