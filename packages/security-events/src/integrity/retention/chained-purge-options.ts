import type { KeyObject } from 'node:crypto';
import { invalidOption, rejectUnknownOptions } from '../../errors.js';
import { type PurgeOptions, purgeBatchSize } from '../../queries/purge-events.js';
import { resolveSchema } from '../../schema/events-table-name.js';
import { type AuditKeyInput, auditKeyId, auditPrivateKey } from '../audit-key.js';

/**
 * Options of {@link purgeChainedEvents}: those of a plain purge plus the audit signing key that
 * signs each purge boundary.
 *
 * @example
 * ```ts
 * const options: ChainedPurgeOptions = { signingKey: process.env.AUDIT_SIGNING_KEY!, batchSize: 5_000 };
 * ```
 */
export interface ChainedPurgeOptions extends PurgeOptions {
  /** The Ed25519 private audit key (the writer's `integrity.signingKey`). Required. */
  signingKey: AuditKeyInput;
  /** The Postgres schema of the tables. Default: the `schema` of a `ManaDatabase`, else `auth`. */
  schema?: string;
}

/**
 * {@link ChainedPurgeOptions} after validation.
 *
 * @example
 * ```ts
 * const settings = resolveChainedPurge(pool, options);
 * ```
 */
export interface ResolvedChainedPurge {
  signingKey: KeyObject;
  keyId: string;
  schema: string;
  batchSize: number;
  pauseMs: number;
  signal: AbortSignal | undefined;
  onBatch: PurgeOptions['onBatch'];
}

const KEYS = ['signingKey', 'schema', 'batchSize', 'pauseMs', 'signal', 'onBatch'];

/**
 * Validates the options of a chained purge; throws `INVALID_OPTION` naming the bad key.
 *
 * @example
 * ```ts
 * const settings = resolveChainedPurge(pool, { signingKey });
 * ```
 */
export function resolveChainedPurge(database: unknown, options: ChainedPurgeOptions): ResolvedChainedPurge {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('options', options, 'Pass { signingKey } (the audit signing key).');
  rejectUnknownOptions(options, KEYS, 'purgeChainedEvents');
  if (options.signingKey === undefined)
    invalidOption(
      'signingKey',
      undefined,
      "Pass the writer's integrity.signingKey: a purge boundary must be signed with the audit key.",
    );
  const signingKey = auditPrivateKey(options.signingKey, 'signingKey');
  const pauseMs = options.pauseMs ?? 0;
  if (!Number.isInteger(pauseMs) || pauseMs < 0 || pauseMs > 60_000)
    invalidOption('pauseMs', pauseMs, 'Use a whole number of ms from 0 to 60000 (default 0).');
  if (options.onBatch !== undefined && typeof options.onBatch !== 'function')
    invalidOption('onBatch', options.onBatch, 'Pass a function ({ deleted, batches }) => void.');
  return {
    signingKey,
    keyId: auditKeyId(signingKey),
    schema: resolveSchema(options.schema, database),
    batchSize: purgeBatchSize(options.batchSize),
    pauseMs,
    signal: options.signal,
    onBatch: options.onBatch,
  };
}
