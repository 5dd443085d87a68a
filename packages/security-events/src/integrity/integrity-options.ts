import type { KeyObject } from 'node:crypto';
import { invalidOption, rejectUnknownOptions } from '../errors.js';
import { type AuditKeyInput, auditKeyId, auditPrivateKey } from './audit-key.js';
import type { AuditCheckpoint } from './checkpoint.js';
import { commitKeyBytes } from './commit-key.js';

/**
 * The `integrity` option of `SecurityEventsService`: a tamper-evident log. Off by default; with
 * it, every batch is written with a chain record (Merkle root, hash chain, Ed25519 signature) in
 * the same statement, and each chain's head is signed into a checkpoint periodically and at
 * `close()`. Needs the tables of `migrateAuditIntegrity()`. See docs/audit-integrity.md.
 *
 * @example
 * ```ts
 * integrity: {
 *   commitKey: process.env.AUDIT_COMMIT_KEY!,
 *   signingKey: readFileSync('/run/secrets/audit-ed25519.pem', 'utf8'),
 *   checkpointSink: appendCheckpointFile('/mnt/worm/checkpoints.jsonl'),
 * }
 * ```
 */
export interface AuditIntegrityOptions {
  /**
   * Secret key (at least 32 bytes; a string counts its UTF-8 bytes) of the commitments to personal
   * data (user id, IP, user agent, `metadata.email`) inside the hashes. Required. The verifier needs
   * it too; a proof does not.
   */
  commitKey: string | Uint8Array;
  /** The Ed25519 private audit key (PEM, JWK or KeyObject), dedicated to the audit log. Required. */
  signingKey: AuditKeyInput;
  /** How often each chain's new head is signed into a checkpoint, in ms. Default 60,000. */
  checkpointIntervalMs?: number;
  /**
   * Receives each checkpoint besides the database (e.g. `appendCheckpointFile(path)`, a webhook
   * poster). A failure is logged (`checkpoint_failed`) and does not stop writing. Default none.
   */
  checkpointSink?: (checkpoint: AuditCheckpoint) => void | Promise<void>;
}

/**
 * {@link AuditIntegrityOptions} after validation.
 *
 * @example
 * ```ts
 * const resolved: ResolvedIntegrity = resolveIntegrity(options.integrity);
 * ```
 */
export interface ResolvedIntegrity {
  commitKey: Buffer;
  signingKey: KeyObject;
  keyId: string;
  checkpointIntervalMs: number;
  checkpointSink: ((checkpoint: AuditCheckpoint) => void | Promise<void>) | undefined;
}

const KEYS = ['commitKey', 'signingKey', 'checkpointIntervalMs', 'checkpointSink'];

/**
 * Validates the `integrity` option once; throws `INVALID_OPTION` naming the bad key.
 *
 * @example
 * ```ts
 * const integrity = resolveIntegrity({ commitKey, signingKey });
 * ```
 */
export function resolveIntegrity(options: AuditIntegrityOptions): ResolvedIntegrity {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalidOption('integrity', options, 'Pass { commitKey, signingKey }, or leave integrity out.');
  rejectUnknownOptions(options, KEYS, 'SecurityEventsService', 'integrity');
  const commitKey = commitKeyBytes(
    options.commitKey,
    'integrity.commitKey',
    'Pass a secret of at least 32 bytes, e.g. randomBytes(32).toString("base64url"), kept in your secret store.',
  );
  const signingKey = auditPrivateKey(options.signingKey, 'integrity.signingKey');
  const interval = options.checkpointIntervalMs ?? 60_000;
  if (!Number.isInteger(interval) || interval < 10 || interval > 86_400_000)
    invalidOption(
      'integrity.checkpointIntervalMs',
      interval,
      'Use a whole number of ms from 10 to 86400000 (default 60000).',
    );
  const sink = options.checkpointSink;
  if (sink !== undefined && typeof sink !== 'function')
    invalidOption(
      'integrity.checkpointSink',
      sink,
      'Pass a function (checkpoint) => void, e.g. appendCheckpointFile(path).',
    );
  return {
    commitKey,
    signingKey,
    keyId: auditKeyId(signingKey),
    checkpointIntervalMs: interval,
    checkpointSink: sink,
  };
}
