import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The export condition every workspace package lists first: it points at the TypeScript source,
 * so tests (and `tsc`, see tsconfig.base.json) never run against a stale `dist`. Published
 * tarballs are checked separately by each package's tarball test.
 */
export const SOURCE_CONDITION = '@mana/source';

/** What differs between the vitest projects of the workspace. */
export interface ManaProjectOptions {
  /** Project name shown in the report, e.g. `auth-core`. */
  name: string;
  /** Test globs; default `src/**\/*.test.ts` and `test/**\/*.test.ts`. */
  include?: string[];
  /** Per-test timeout; default 30 s (real PostgreSQL, real servers). */
  testTimeout?: number;
  /** Per-hook timeout; default 60 s (PGlite and server start-up). */
  hookTimeout?: number;
}

/**
 * One vitest project of the workspace: resolves `@mana/*` through {@link SOURCE_CONDITION}.
 *
 * @example
 * ```ts
 * export default defineManaProject({ name: 'auth-core' });
 * ```
 */
export function defineManaProject(options: ManaProjectOptions): TestProjectInlineConfiguration {
  return defineProject({
    // Vite's default server conditions, with ours first, less `module`: vitest hands these to
    // Node too, and under `module` Node picks @opentelemetry/api's bundler-only ESM build
    // (extension-less imports, which Node cannot load). Node itself never uses `module`.
    resolve: { conditions: [SOURCE_CONDITION, 'node', 'development|production'] },
    ssr: { resolve: { conditions: [SOURCE_CONDITION, 'node', 'development|production'] } },
    test: {
      name: options.name,
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: options.hookTimeout ?? 60_000,
    },
  });
}
