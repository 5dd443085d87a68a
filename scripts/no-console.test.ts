import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Library code writes through the `logger` option (CONTRIBUTING.md, "Logging"), never with
// `console.*` or straight to stdout/stderr. Terminal output of the CLIs is the exception.
const root = fileURLToPath(new URL('..', import.meta.url));

/** Source trees whose terminal output is their purpose: the CLIs. */
const CLI_TREES = [
  'packages/cli/',
  'packages/auth-monitor/src/cli/',
  'packages/internal/src/cli/',
  'packages/test-utils/',
];
/** Files allowed to write to stdout/stderr themselves (not with console). */
const STREAM_WRITERS = [
  'packages/internal/src/logging/json-line-logger.ts', // the default logger
  'packages/auth-core/src/config/mail-sender.ts', // consoleMailSender, a development tool
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (entry) => entry.isFile() && /\.(ts|mts|cts|tsx)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name),
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes('node_modules') && !file.includes('/dist/'));
}

/** The code of `text` without comments (TSDoc examples may show console calls). */
function codeOf(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
    .split('\n')
    .map((line) => line.replace(/^\s*\/\/.*$/, '').replace(/\s\/\/.*$/, ''));
}

/** `file:line: code` for every console call, or stream write outside the allowed files. */
function findLoggingViolations(base: string, files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const path = relative(base, file);
    if (CLI_TREES.some((tree) => path.startsWith(tree))) continue;
    codeOf(readFileSync(file, 'utf8')).forEach((line, index) => {
      const console = /\bconsole\s*\.\s*[a-z]+/.test(line);
      const stream = /process\s*\.\s*std(out|err)\s*\.\s*write/.test(line) && !STREAM_WRITERS.includes(path);
      if (console || stream) found.push(`${path}:${index + 1}: ${line.trim()}`);
    });
  }
  return found;
}

const probe = mkdtempSync(join(tmpdir(), 'no-console-'));
afterAll(() => rmSync(probe, { recursive: true, force: true }));

describe('library code logs through the logger option', () => {
  it('no console.* and no direct stdout/stderr writes in packages/*/src outside the CLIs', () => {
    const files = readdirSync(join(root, 'packages')).flatMap((pkg) => {
      try {
        return sourceFiles(join(root, 'packages', pkg, 'src'));
      } catch {
        return [];
      }
    });
    expect(files.length).toBeGreaterThan(100);
    expect(findLoggingViolations(root, files)).toEqual([]);
  });

  it('the check finds a console call and a stderr write, and ignores comments', () => {
    const file = join(probe, 'packages', 'probe', 'src', 'x.ts');
    mkdirSync(join(probe, 'packages', 'probe', 'src'), { recursive: true });
    writeFileSync(
      file,
      [
        '/** @example console.log(x) */',
        '// console.warn("comment")',
        'export const f = () => console.error("oops");',
        "export const g = () => process.stderr.write('x');",
      ].join('\n'),
    );
    expect(findLoggingViolations(probe, [file])).toEqual([
      'packages/probe/src/x.ts:3: export const f = () => console.error("oops");',
      "packages/probe/src/x.ts:4: export const g = () => process.stderr.write('x');",
    ]);
  });
});
