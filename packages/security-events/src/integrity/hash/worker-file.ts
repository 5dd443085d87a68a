import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How to start a hash worker: `new Worker(script, { eval })`.
 *
 * @example
 * ```ts
 * const start: HashWorkerStart = { script: '/app/node_modules/@mana/security-events/dist/integrity-hash-worker.js', eval: false };
 * ```
 */
export interface HashWorkerStart {
  script: string;
  eval: boolean;
}

/**
 * How to start the hash worker, or null when its script is not there (the library was bundled
 * into an application: the writer then hashes itself). Built, the script is
 * `integrity-hash-worker.js` (ESM) or `.cjs` next to the module running this; from the
 * TypeScript sources (the workspace's `@mana/source` condition) it is `hash-worker.ts`, loaded
 * through `tsx`'s require hook (null when `tsx` cannot be resolved).
 *
 * @example
 * ```ts
 * const start = hashWorkerStart();
 * if (start) new Worker(start.script, { eval: start.eval });
 * ```
 */
export function hashWorkerStart(): HashWorkerStart | null {
  // The CJS build gets import.meta.url from tsup's shim (`shims` in tsup.config.ts).
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  if (ext !== '.ts') {
    const script = join(dirname(here), `integrity-hash-worker${ext}`);
    return existsSync(script) ? { script, eval: false } : null;
  }
  const source = join(dirname(here), 'hash-worker.ts');
  try {
    const tsx = createRequire(here).resolve('tsx/cjs');
    return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, eval: true };
  } catch {
    return null;
  }
}
