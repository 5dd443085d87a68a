import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lintPackedPackage, packPackage, typesReferencingInternal } from '@mana/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// Installing the tarball into fresh npm projects on Node 20/22/24 and running the bin there is
// the adoption suite's job (adoption/, the "operator" project); this checks the package itself.
describe('packed tarball', () => {
  it('passes publint and @arethetypeswrong/cli', () => {
    const lint = lintPackedPackage(packageDir, packPackage(packageDir));
    expect(lint.publint).toMatch(/All good!/);
    expect(lint.attwProblems).toEqual([]);
  }, 120_000);

  it('ships the bin with a shebang and no types that point into the private @mana/internal', () => {
    const bin = readFileSync(new URL('../dist/mana-auth.js', import.meta.url), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(typesReferencingInternal(fileURLToPath(new URL('../dist', import.meta.url)))).toEqual([]);
  });
});
