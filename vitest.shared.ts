import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Resolves `@mana/<pkg>` and `@mana/<pkg>/<subpath>` imports in tests to the TypeScript
 * sources, so a test never runs against a stale build. Each subpath export `./x` maps to
 * `src/x.ts`; the tarball tests check the built `dist` separately.
 */
export function workspaceAliases(): Array<{ find: RegExp; replacement: string }> {
  const aliases: Array<{ find: RegExp; replacement: string }> = [];
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgPath = join(root, 'packages', dir, 'package.json');
    let pkg: { name: string; exports?: Record<string, unknown> };
    try {
      pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    } catch {
      continue;
    }
    if (pkg.name === '@mana/test-utils') continue;
    for (const key of Object.keys(pkg.exports ?? {})) {
      if (key === './package.json') continue;
      const sub = key === '.' ? '' : key.slice(1);
      const file = key === '.' ? 'index' : key.slice(2);
      aliases.push({
        find: new RegExp(`^${pkg.name.replace('/', '\\/')}${sub.replace(/\//g, '\\/')}$`),
        replacement: join(root, 'packages', dir, 'src', `${file}.ts`),
      });
    }
  }
  return aliases;
}
