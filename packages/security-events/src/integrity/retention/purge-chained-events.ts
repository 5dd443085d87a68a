import { SecurityEventsError } from '../../errors.js';
import { type Duration, pointInTime } from '../../queries/duration.js';
import type { PurgeResult } from '../../queries/purge-events.js';
import { type RunSql, type SqlExecutor, toRunSql } from '../../sql-executor.js';
import { integrityTables } from '../integrity-tables.js';
import { chainRecordsAfter } from '../verify/chain-records.js';
import { checkRecordShape } from '../verify/check-record.js';
import { signBoundary } from './boundary.js';
import {
  type ChainedPurgeOptions,
  type ResolvedChainedPurge,
  resolveChainedPurge,
} from './chained-purge-options.js';
import { purgeUnchainedStep } from './purge-unchained.js';
import { hasRetentionTables, retentionTables } from './retention-tables.js';

/**
 * What {@link purgeChainedEvents} did: a plain purge's result plus the chain records removed.
 *
 * @example
 * ```ts
 * const { deleted, records, complete } = await purgeChainedEvents(pool, '365d', { signingKey });
 * ```
 */
export interface ChainedPurgeResult extends PurgeResult {
  /** Chain records (batches) removed with their events. */
  records: number;
  /** Of `deleted`, the events no chain covered (written before integrity was on). */
  unchained: number;
}

interface Step {
  chainId: string;
  sequence: number;
  records: number;
}

interface Context {
  run: RunSql;
  settings: ResolvedChainedPurge;
  tables: ReturnType<typeof integrityTables> & ReturnType<typeof retentionTables>;
  cutoff: Date;
  /** Chains whose first record is not purgeable at this cutoff (it stays so: chains only grow). */
  finished: Set<string>;
}

/**
 * Deletes the events of a tamper-evident log (`integrity` option) older than `age`, whole batches
 * at a time: a chain record goes only when every one of its events was created before the cutoff
 * (and all are still there), and only from the start of its chain, so a record straddling the
 * cutoff stays whole with all the records after it. Each step deletes a prefix of one chain (up to
 * `batchSize` events) and its records in one statement, and stores a boundary signed with the
 * audit key (the sequence and head the remaining chain starts from), which `verifyAuditLog`
 * accepts in place of the deleted records. Then the old events no chain covers (written before
 * integrity was on) go in plain batches. Resumable like a plain purge: each step is committed.
 *
 * @example
 * ```ts
 * const result = await purgeChainedEvents(pool, '365d', { signingKey: process.env.AUDIT_SIGNING_KEY! });
 * ```
 */
export async function purgeChainedEvents(
  database: SqlExecutor,
  age: Duration | Date,
  options: ChainedPurgeOptions,
): Promise<ChainedPurgeResult> {
  const cutoff = pointInTime(age, 'age');
  const settings = resolveChainedPurge(database, options);
  const run = toRunSql(database);
  if (!(await hasRetentionTables(run, settings.schema)))
    throw new SecurityEventsError(
      'MIGRATION_FAILED',
      `The audit retention tables are missing in schema "${settings.schema}": run migrateAuditIntegrity() first.`,
    );
  const context: Context = {
    run,
    settings,
    tables: { ...integrityTables(settings.schema), ...retentionTables(settings.schema) },
    cutoff,
    finished: new Set(),
  };
  const result: ChainedPurgeResult = {
    deleted: 0,
    batches: 0,
    records: 0,
    unchained: 0,
    cutoff,
    complete: false,
  };
  const { signal, onBatch, pauseMs } = settings;
  let chainsDone = false;
  while (!signal?.aborted) {
    const step: Step | null = chainsDone ? null : await nextStep(context);
    chainsDone = step === null;
    const last = await runStep(context, step, result);
    result.batches++;
    onBatch?.({ deleted: result.deleted, batches: result.batches });
    if (last) {
      result.complete = true;
      break;
    }
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return result;
}

/**
 * Runs one step: a chain prefix, or (every chain done) a batch of unchained old events; true when
 * that was the last batch.
 */
async function runStep(context: Context, step: Step | null, result: ChainedPurgeResult): Promise<boolean> {
  if (step !== null) {
    const done = await purgeStep(context, step);
    result.deleted += done.deleted;
    result.records += done.records;
    return false;
  }
  const { batchSize } = context.settings;
  const deleted = await purgeUnchainedStep(context.run, context.tables, context.cutoff, batchSize);
  result.deleted += deleted;
  result.unchained += deleted;
  return deleted < batchSize;
}

/** The next purgeable prefix of some chain, or null when no chain has one. */
async function nextStep(context: Context): Promise<Step | null> {
  const { run, tables, finished } = context;
  const chains = await run(
    `SELECT chain_id::text AS chain_id, min(sequence)::text AS first FROM ${tables.chain} GROUP BY chain_id ORDER BY chain_id`,
  );
  for (const chain of chains) {
    const chainId = chain.chain_id as string;
    if (finished.has(chainId)) continue;
    const step = await purgeablePrefix(context, chainId, Number(chain.first));
    if (step !== null) return step;
    finished.add(chainId);
  }
  return null;
}

async function purgeablePrefix(context: Context, chainId: string, first: number): Promise<Step | null> {
  const { run, tables, cutoff, settings } = context;
  const rows = await run(
    `SELECT c.sequence::text AS seq_text, c.event_count,
       (SELECT count(*)::int FROM ${tables.events} e WHERE e.id = ANY(c.event_ids) AND e.created_at < $3) AS old
     FROM ${tables.chain} c WHERE c.chain_id = $1 AND c.sequence >= $2 ORDER BY c.sequence LIMIT $4`,
    [chainId, first, cutoff.toISOString(), Math.min(settings.batchSize, 200)],
  );
  let events = 0;
  let records = 0;
  let last: Step | null = null;
  for (const row of rows) {
    const count = Number(row.event_count);
    // A record with an event at or after the cutoff, or with rows missing (evidence), stops here.
    if (Number(row.old) !== count) break;
    if (last !== null && events + count > settings.batchSize) break;
    events += count;
    records++;
    last = { chainId, sequence: Number(row.seq_text), records };
  }
  return last;
}

const purgeSql = (t: Context['tables']) => `WITH boundary_record AS (
  SELECT 1 FROM ${t.chain} WHERE chain_id = $1 AND sequence = $2 AND head = $3 FOR UPDATE
), doomed AS (
  SELECT chain_id, sequence, event_ids FROM ${t.chain}
  WHERE chain_id = $1 AND sequence <= $2 AND EXISTS (SELECT 1 FROM boundary_record) FOR UPDATE
), gone_events AS (
  DELETE FROM ${t.events} WHERE id IN (SELECT unnest(event_ids) FROM doomed) RETURNING 1
), gone_records AS (
  DELETE FROM ${t.chain} c USING doomed d WHERE c.chain_id = d.chain_id AND c.sequence = d.sequence RETURNING 1
), gone_checkpoints AS (
  DELETE FROM ${t.checkpoints} WHERE chain_id = $1 AND sequence <= $2 AND EXISTS (SELECT 1 FROM doomed) RETURNING 1
), boundary AS (
  INSERT INTO ${t.boundaries} AS b (chain_id, sequence, head, purged_before, signed_at, signature, key_id)
  SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM doomed)
  ON CONFLICT (chain_id) DO UPDATE SET sequence = EXCLUDED.sequence, head = EXCLUDED.head,
    purged_before = EXCLUDED.purged_before, signed_at = EXCLUDED.signed_at,
    signature = EXCLUDED.signature, key_id = EXCLUDED.key_id
  WHERE b.sequence < EXCLUDED.sequence
  RETURNING 1
)
SELECT (SELECT count(*) FROM gone_events)::int AS deleted, (SELECT count(*) FROM gone_records)::int AS records,
  (SELECT count(*) FROM gone_checkpoints)::int AS checkpoints, (SELECT count(*) FROM boundary)::int AS boundaries`;

/** Checks the last record of the prefix, signs the boundary at it, deletes the prefix. */
async function purgeStep(context: Context, step: Step): Promise<{ deleted: number; records: number }> {
  const { run, tables, settings, cutoff } = context;
  const [record] = await chainRecordsAfter(run, tables.chain, [step.chainId, step.sequence - 1], 1, {
    chainId: step.chainId,
    fromSequence: step.sequence,
    toSequence: step.sequence,
  });
  const problem = record && checkRecordShape(record, null, settings.signingKey);
  if (record === undefined || problem)
    throw new SecurityEventsError(
      'INVALID_QUERY',
      `Refusing to purge chain ${step.chainId} up to record ${step.sequence}: ${problem?.message ?? 'the record vanished'}. Run verifyAuditLog (mana-auth audit verify) and investigate before purging.`,
    );
  const boundary = signBoundary(settings.signingKey, settings.keyId, {
    chainId: step.chainId,
    sequence: step.sequence,
    head: record.head.toString('base64url'),
    purgedBefore: cutoff.toISOString(),
    signedAt: new Date().toISOString(),
  });
  const [row] = await run(purgeSql(tables), [
    step.chainId,
    step.sequence,
    record.head,
    boundary.purgedBefore,
    boundary.signedAt,
    Buffer.from(boundary.signature, 'base64url'),
    boundary.keyId,
  ]);
  return { deleted: Number(row?.deleted ?? 0), records: Number(row?.records ?? 0) };
}
