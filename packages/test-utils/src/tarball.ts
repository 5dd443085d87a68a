import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A project outside the monorepo with a packed workspace package installed from its tarball. */
export interface InstalledProject {
  dir: string;
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
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, ...extraDependencies],
    {
      cwd: dir,
      stdio: 'pipe',
      timeout: 240_000,
    },
  );
  return {
    dir,
    run: (file, env = {}) =>
      execFileSync(process.execPath, [file], {
        cwd: dir,
        stdio: 'pipe',
        timeout: 60_000,
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
