import { appendFile, mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MonitorError } from '../monitor-error.js';
import { type FileLockOptions, withFileLock } from './file-lock.js';
import type { History, HistoryCheck } from './history-entry.js';
import { needsRollup, type RetentionOptions, rollupHistory } from './history-rollup.js';
import { type StoredCheck, validateCheckEntry, validateDayEntry } from './history-validate.js';
import { openExclusive, unpredictableName } from './open-exclusive.js';

/**
 * First line of every history file; identifies the format and its version.
 *
 * @example
 * ```ts
 * import { HISTORY_HEADER } from './history-file.js';
 * console.log(JSON.stringify(HISTORY_HEADER));
 * // {"type":"header","format":"mana-auth-monitor/history","version":1}
 * ```
 */
export const HISTORY_HEADER = Object.freeze({
  type: 'header',
  format: 'mana-auth-monitor/history',
  version: 1,
} as const);

/**
 * A history read from disk, with the number of lines that could not be understood (a line cut by
 * a crash mid-write, for instance) or that failed validation (an unknown status or check name, a
 * malformed time or number: see `history-validate.ts`). Such lines never reach the dashboard and
 * are dropped at the next rewrite.
 *
 * @example
 * ```ts
 * import { readHistory } from '@mana/auth-monitor';
 * const { checks, days, skippedLines } = await readHistory('history.jsonl');
 * ```
 */
export interface HistoryRead extends History {
  skippedLines: number;
}

/**
 * Parses the text of a history file (JSON lines).
 *
 * @param source name used in error messages.
 * @throws {MonitorError} `HISTORY_INVALID` when the text is not a mana-auth-monitor history.
 * @example
 * ```ts
 * import { parseHistory } from './history-file.js';
 * const history = parseHistory('{"type":"header","format":"mana-auth-monitor/history","version":1}\n');
 * console.log(history.checks.length); // 0
 * ```
 */
export function parseHistory(text: string, source = 'history'): HistoryRead {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const history: HistoryRead = { checks: [], days: [], skippedLines: 0 };
  if (lines.length === 0) return history;
  const header = parseLine(lines[0]!);
  if (header?.type !== 'header' || header.format !== HISTORY_HEADER.format) {
    throw new MonitorError(
      'HISTORY_INVALID',
      `${source} is not a mana-auth-monitor history file (its first line is not the history header); pass another path, this file is left untouched.`,
    );
  }
  if (typeof header.version !== 'number' || header.version > HISTORY_HEADER.version) {
    throw new MonitorError(
      'HISTORY_INVALID',
      `${source} has history format version ${JSON.stringify(header.version)}; this version of @mana/auth-monitor reads version ${HISTORY_HEADER.version}. Upgrade the package.`,
    );
  }
  const lastProblems = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const entry = parseLine(line);
    const check = entry?.type === 'check' ? validateCheckEntry(entry) : null;
    const day = entry?.type === 'day' ? validateDayEntry(entry) : null;
    if (check) history.checks.push(expandProblems(check, lastProblems));
    else if (day) history.days.push(day);
    else history.skippedLines++;
  }
  history.checks.sort((a, b) => a.at.localeCompare(b.at));
  return history;
}

/**
 * Serialises a history as JSON lines: the header, then daily summaries, then results. A result
 * whose problems are exactly those of the target's previous result is written with
 * `"sameProblems": true` instead of repeating them, which keeps long outages small on disk.
 *
 * @example
 * ```ts
 * import { serializeHistory } from './history-file.js';
 * const text = serializeHistory({ checks: [], days: [] });
 * ```
 */
export function serializeHistory(history: History): string {
  const lines = [HISTORY_HEADER, ...history.days].map((entry) => `${JSON.stringify(entry)}\n`);
  return lines.join('') + serializeChecks(history.checks, new Map());
}

/** JSON lines of results, compacting repeated problems (see {@link serializeHistory}). */
function serializeChecks(checks: readonly HistoryCheck[], lastProblems: Map<string, string>): string {
  let text = '';
  for (const check of checks) {
    const problems = JSON.stringify(check.problems);
    const same = check.problems.length > 0 && lastProblems.get(check.target) === problems;
    lastProblems.set(check.target, problems);
    if (!same) {
      text += `${JSON.stringify(check)}\n`;
      continue;
    }
    const { problems: _omitted, ...rest } = check;
    text += `${JSON.stringify({ ...rest, sameProblems: true })}\n`;
  }
  return text;
}

function expandProblems(entry: StoredCheck, lastProblems: Map<string, string[]>): HistoryCheck {
  const { sameProblems, ...rest } = entry;
  const problems = sameProblems === true ? [...(lastProblems.get(entry.target) ?? [])] : rest.problems;
  lastProblems.set(entry.target, problems);
  return { ...rest, problems };
}

/**
 * Reads a history file.
 *
 * @throws {MonitorError} `HISTORY_IO` when the file is missing or unreadable, `HISTORY_INVALID`
 * when it is not a history file.
 * @example
 * ```ts
 * import { readHistory } from '@mana/auth-monitor';
 * const history = await readHistory('/var/lib/mana-auth/history.jsonl');
 * ```
 */
export async function readHistory(path: string): Promise<HistoryRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as { code?: string }).code === 'ENOENT';
    throw new MonitorError(
      'HISTORY_IO',
      missing
        ? `History file ${path} does not exist yet; run "mana-auth-health --history ${path} <base-url>" first (e.g. from cron).`
        : `Cannot read history file ${path}: ${(error as Error).message}.`,
      { cause: error },
    );
  }
  return parseHistory(text, path);
}

/**
 * Options of {@link appendHistory}: the retention (`rawDays`, `keepDays`, and `now`, the time the
 * rollup is computed for) and how to wait for the file lock (`lock.waitMs`, `lock.staleMs`,
 * `lock.now`, the clock the wait is measured by).
 *
 * @example
 * ```ts
 * import type { AppendOptions } from './history-file.js';
 * const options: AppendOptions = { rawDays: 7, keepDays: 400, lock: { waitMs: 5000 } };
 * ```
 */
export interface AppendOptions extends RetentionOptions {
  /** Lock wait settings and clock. */
  lock?: FileLockOptions;
}

/**
 * Outcome of {@link appendHistory}.
 *
 * @example
 * ```ts
 * import type { AppendResult } from './history-file.js';
 * const result: AppendResult = { appended: 3, rewritten: false, skippedLines: 0 };
 * ```
 */
export interface AppendResult {
  /** Entries added. */
  appended: number;
  /** True when the file was rewritten (rollup, repair or first write) instead of appended to. */
  rewritten: boolean;
  /** Unreadable lines found (and dropped when rewritten). */
  skippedLines: number;
}

/**
 * Adds entries to a history file under a lock. Normally a single append of whole lines; when
 * results have aged past `rawDays` (or the file needs repair) the file is rolled up and replaced
 * atomically (write to a temporary file, fsync, rename), so a reader never sees half a file.
 * Creates the file and its folder when missing.
 *
 * @throws {MonitorError} `HISTORY_LOCKED`, `HISTORY_IO` or `HISTORY_INVALID`.
 * @example
 * ```ts
 * import { appendHistory, runChecks, toHistoryChecks } from '@mana/auth-monitor';
 * const report = await runChecks([{ baseUrl: 'http://localhost:3001/api/v1/auth' }]);
 * await appendHistory('history.jsonl', toHistoryChecks(report), { rawDays: 7, keepDays: 400 });
 * ```
 */
export async function appendHistory(
  path: string,
  entries: readonly HistoryCheck[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  const { lock, ...retention } = options;
  await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
    throw new MonitorError(
      'HISTORY_IO',
      `Cannot create the folder of ${path}: ${(error as Error).message}.`,
      { cause: error },
    );
  });
  return withFileLock(
    `${path}.lock`,
    async () => {
      const existing = await readExisting(path);
      const history = { checks: [...existing.checks, ...entries], days: existing.days };
      const rewrite = existing.missing || existing.skippedLines > 0 || needsRollup(history, retention);
      try {
        if (rewrite) await writeAtomically(path, serializeHistory(rollupHistory(history, retention)));
        else await appendFile(path, serializeChecks(entries, lastProblemsOf(existing.checks)));
      } catch (error) {
        throw new MonitorError(
          'HISTORY_IO',
          `Cannot write history file ${path}: ${(error as Error).message}.`,
          { cause: error },
        );
      }
      return { appended: entries.length, rewritten: rewrite, skippedLines: existing.skippedLines };
    },
    lock,
  );
}

async function readExisting(path: string): Promise<HistoryRead & { missing: boolean }> {
  try {
    return { ...(await readHistory(path)), missing: false };
  } catch (error) {
    const missing =
      error instanceof MonitorError && (error.cause as { code?: string } | undefined)?.code === 'ENOENT';
    if (!missing) throw error;
    return { checks: [], days: [], skippedLines: 0, missing: true };
  }
}

/**
 * Replaces a file's content atomically: temporary file in the same folder, fsync, rename. The
 * temporary file has an unpredictable name and is created exclusively (`O_EXCL | O_NOFOLLOW`),
 * so nothing planted in the folder (a symlink to another file) is ever written through.
 *
 * @example
 * ```ts
 * import { writeAtomically } from './history-file.js';
 * await writeAtomically('/var/www/status/index.html', '<!doctype html>...');
 * ```
 */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = unpredictableName(path, '.tmp');
  const handle = await openExclusive(temporary);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

function lastProblemsOf(checks: readonly HistoryCheck[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const check of checks) last.set(check.target, JSON.stringify(check.problems));
  return last;
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
