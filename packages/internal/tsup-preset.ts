import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

/** What differs between the packages' builds. */
export interface ManaBuildOptions {
  /** Entry files, e.g. `['src/index.ts', 'src/adapters/express/index.ts']` keyed by output name. */
  entry: Record<string, string>;
  /** Peer dependencies (frameworks) that stay imports in the output. */
  external?: string[];
  /** Compile-time constants, e.g. the package version. */
  define?: Record<string, string>;
  /** Formats; default ESM and CJS. */
  format?: Array<'esm' | 'cjs'>;
  /** Extra files on the first line of each output (e.g. a shebang for a CLI). */
  banner?: string;
  /** Types; default true. */
  dts?: boolean;
  /** Remove dist first; default true (set false for a second config writing to the same dist). */
  clean?: boolean;
}

/**
 * The one build every published package uses:
 * - `@mana/internal` is bundled (it is never published), its types inlined into the d.ts;
 * - code shared by several entry points goes into shared chunks (`splitting`), so each class
 *   exists once per format and `instanceof` holds across `@mana/x` and `@mana/x/<subpath>`
 *   (the packages' tarball tests check this);
 * - the package version is available as `__MANA_VERSION__`.
 */
export function manaTsupConfig(packageDir: string, options: ManaBuildOptions): Options {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    entry: options.entry,
    format: options.format ?? ['esm', 'cjs'],
    dts: options.dts !== false,
    clean: options.clean ?? true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: false,
    noExternal: ['@mana/internal'],
    external: options.external ?? [],
    define: { __MANA_VERSION__: JSON.stringify(version), ...options.define },
    ...(options.banner ? { banner: { js: options.banner } } : {}),
  };
}
