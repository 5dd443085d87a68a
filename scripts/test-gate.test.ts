import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `pnpm test` (and so CI) is the gate: lint and typecheck run before the suites, and a lint or
// type error fails it. These tests run the same lint and typecheck commands on a probe package
// inside the workspace that holds one deliberate error each.
const root = fileURLToPath(new URL('..', import.meta.url));
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const probe = mkdtempSync(join(root, 'packages', 'gate-probe-'));
afterAll(() => rmSync(probe, { recursive: true, force: true }));

function run(command: string, args: string[], cwd = root) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the test command', () => {
  it('runs lint and typecheck before the build and the suites, the slow adoption suite last', () => {
    const steps = scripts.test!.split('&&').map((step) => step.trim());
    expect(steps[0]).toBe('pnpm run lint');
    expect(steps[1]).toBe('pnpm run typecheck');
    expect(steps.at(-2)).toBe('vitest run');
    expect(steps.at(-1)).toBe('pnpm run test:adoption');
    expect(scripts['test:adoption']).toBe('vitest run --config adoption/vitest.config.ts');
    expect(scripts.lint).toBe('biome ci .');
    expect(scripts.typecheck).toContain('turbo run typecheck');
  });

  it('fails the lint step on a lint error', () => {
    const file = join(probe, 'lint-error.ts');
    writeFileSync(file, 'export function probe(value: any): unknown {\n  return value;\n}\n');
    const lint = run('npx', ['biome', 'ci', file]);
    expect(lint.status).not.toBe(0);
    expect(lint.output).toContain('noExplicitAny');
    writeFileSync(file, 'export function probe(value: unknown): unknown {\n  return value;\n}\n');
    expect(run('npx', ['biome', 'ci', file]).status).toBe(0);
  });

  it('fails the typecheck step on a type error', () => {
    writeFileSync(
      join(probe, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { noEmit: true },
        include: ['*.ts'],
      }),
    );
    writeFileSync(join(probe, 'type-error.ts'), "export const port: number = '3001';\n");
    const typecheck = run('npx', ['tsc', '-p', probe]);
    expect(typecheck.status).not.toBe(0);
    expect(typecheck.output).toContain('TS2322');
  });
});
