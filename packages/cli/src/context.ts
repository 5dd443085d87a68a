import { createDatabase, type ManaDatabase, redactUrl } from '@mana/auth-core';
import { Redis } from 'ioredis';
import { CliFailure, CliUsageError } from './cli-error.js';
import type { CliConfig } from './config.js';
import { type CliOutput, type CliWritable, createCliOutput } from './output.js';
import { createProgress, type Progress, type ProgressTarget } from './progress.js';

/** The parsed value of one flag: a string, `true` for a boolean, a list for a repeatable flag. */
export type CliFlagValue = string | boolean | string[] | undefined;

/** What a command gets: its input, the configuration, connections opened on demand, output. */
export interface CliContext {
  /** The parsed flags (command and global), by kebab-case name. */
  readonly flags: Readonly<Record<string, CliFlagValue>>;
  readonly positionals: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: CliConfig;
  /** The service's database (opened once, on first use; closed when the command ends). */
  database(): Promise<ManaDatabase>;
  /** The service's Redis when configured (connected once, on first use; closed at the end). */
  redis(): Promise<Redis | undefined>;
  /** Data output (stdout). */
  readonly out: CliOutput;
  /** One diagnostic line on stderr. */
  err(line: string): void;
  /** A progress display on stderr (see `createProgress`). */
  progress(label: string, total?: number): Progress;
  /** Aborted on SIGINT/SIGTERM: loops stop at the next safe point and keep what they did. */
  readonly signal: AbortSignal;
}

/** The process-facing parts a context is built from (real ones in the bin, buffers in tests). */
export interface CliIo {
  readonly stdout: CliWritable;
  readonly stderr: CliWritable & ProgressTarget;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
}

/** A context and the function that releases what it opened. */
export interface OpenedContext {
  readonly context: CliContext;
  close(): Promise<void>;
}

/**
 * Builds the context of one command run; `close()` ends the database pool and the Redis
 * connection if the command opened them.
 *
 * @example
 * ```ts
 * const { context, close } = openContext({ flags, positionals, config, io });
 * try { await command.run(context); } finally { await close(); }
 * ```
 */
export function openContext(input: {
  flags: Readonly<Record<string, CliFlagValue>>;
  positionals: readonly string[];
  config: CliConfig;
  io: CliIo;
}): OpenedContext {
  const { config, io } = input;
  let database: Promise<ManaDatabase> | undefined;
  let redis: Promise<Redis> | undefined;
  const context: CliContext = {
    flags: input.flags,
    positionals: input.positionals,
    env: io.env,
    config,
    database() {
      database ??= openDatabase(config);
      return database;
    },
    async redis() {
      if (!config.redisUrl) return undefined;
      redis ??= openRedis(config.redisUrl);
      return redis;
    },
    out: createCliOutput(io.stdout),
    err: (line) => void io.stderr.write(`${line}\n`),
    progress: (label, total) => createProgress(io.stderr, label, total),
    signal: io.signal,
  };
  return {
    context,
    async close() {
      const [db, client] = await Promise.allSettled([database, redis]);
      if (db.status === 'fulfilled' && db.value) await db.value.close();
      if (client.status === 'fulfilled' && client.value) client.value.disconnect();
    },
  };
}

async function openDatabase(config: CliConfig): Promise<ManaDatabase> {
  if (!config.databaseUrl) {
    throw new CliUsageError(
      'no database: DATABASE_URL is not set',
      'set DATABASE_URL (or pass --database-url) to the PostgreSQL URL of the service',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new CliUsageError(
      `--database-url ${redactUrl(config.databaseUrl)} is not a postgres:// URL`,
      'pass postgres://user@host:5432/db (the embedded PGlite database cannot be shared with a running server)',
    );
  }
  const database = await createDatabase(config.databaseUrl, { schema: config.schema, maxConnections: 4 });
  try {
    await database.query('SELECT 1');
  } catch (error) {
    await database.close();
    throw new CliFailure(
      `cannot reach the database at ${redactUrl(config.databaseUrl)}: ${(error as Error).message}`,
      'check DATABASE_URL and that PostgreSQL is running',
      { cause: error },
    );
  }
  return database;
}

async function openRedis(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new CliFailure(
      `cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message}`,
      'check REDIS_URL and that Redis is running',
      { cause: error },
    );
  }
  return client;
}
