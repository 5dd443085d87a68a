import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packPackage } from '@mana/test-utils';
import type { TestProject } from 'vitest/node';

const root = fileURLToPath(new URL('../..', import.meta.url));
const packages = fileURLToPath(new URL('../../packages/', import.meta.url));

/** The packed tarballs every adoption test file installs (packed once per run). */
export interface AdoptionTarballs {
  authCore: string;
  /** `@mana/verify`: what auth-core depends on, and all a resource server installs. */
  verify: string;
  /** `@mana/security-events`: the audit log (the operator CLI reads it). */
  securityEvents: string;
  /** `@mana/cli`: the `mana-auth` operator CLI. */
  cli: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    tarballs: AdoptionTarballs;
  }
}

/**
 * Builds (tsup, so `dist` is never stale) and packs the published packages once for the
 * whole run, then hands the tarball paths to every test file.
 */
export default function setup(project: TestProject): void {
  // @mana/verify first: auth-core's build reads its types; the CLI's build reads both others'.
  for (const name of ['@mana/verify', '@mana/auth-core', '@mana/security-events', '@mana/cli']) {
    execFileSync('npx', ['-y', 'pnpm@12.4.2', '--filter', name, 'run', 'build'], {
      cwd: root,
      stdio: 'pipe',
    });
  }
  project.provide('tarballs', {
    authCore: packPackage(`${packages}auth-core`),
    verify: packPackage(`${packages}verify`),
    securityEvents: packPackage(`${packages}security-events`),
    cli: packPackage(`${packages}cli`),
  });
}
