import { execFileSync } from 'node:child_process';

/** What the two package linters say about a packed package; see {@link lintPackedPackage}. */
export interface PackageLint {
  /** What `publint --strict --pack npm` printed (`All good!` when it found nothing). */
  publint: string;
  /**
   * The problems `@arethetypeswrong/cli` found in the tarball, node10 resolution
   * (`moduleResolution: node`, typesVersions) included: empty when there are none.
   */
  attwProblems: unknown[];
}

/**
 * Runs publint (strict, packing with npm) in `packageDir` and `@arethetypeswrong/cli` on its
 * packed `tarball` (from `packPackage`). Throws when either exits non-zero, which both do
 * on any problem; the caller asserts on what they report.
 */
export function lintPackedPackage(packageDir: string, tarball: string): PackageLint {
  const publint = execFileSync('npx', ['publint', '--strict', '--pack', 'npm'], {
    cwd: packageDir,
    stdio: 'pipe',
  });
  const attw = execFileSync('npx', ['attw', tarball, '--format', 'json'], {
    cwd: packageDir,
    stdio: 'pipe',
  });
  const report = JSON.parse(attw.toString()) as { analysis: { problems: unknown[] } };
  return { publint: publint.toString(), attwProblems: report.analysis.problems };
}
