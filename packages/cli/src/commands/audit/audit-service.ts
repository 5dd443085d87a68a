import { createHmac } from 'node:crypto';
import { SecurityEventsError, SecurityEventsService } from '@mana/security-events';
import { CliUsageError } from '../../cli-error.js';
import type { CliContext } from '../../context.js';

/**
 * The audit log's pseudonym key, as the service configures `privacy.hashKey`: `--audit-hash-key`,
 * else `AUDIT_HASH_KEY`, else derived from `AUTH_SECRET` exactly as the example servers derive it
 * (`HMAC-SHA-256(AUTH_SECRET, "mana-audit-pseudonyms")`, base64url). Undefined when none is set.
 */
export function auditHashKey(context: CliContext): string | undefined {
  const flag = context.flags['audit-hash-key'];
  if (typeof flag === 'string' && flag !== '') return flag;
  if (context.config.auditHashKey) return context.config.auditHashKey;
  const secret = context.config.secret;
  return secret
    ? createHmac('sha256', secret).update('mana-audit-pseudonyms').digest('base64url')
    : undefined;
}

/** The `--audit-hash-key` flag of the audit commands. */
export const AUDIT_HASH_KEY_FLAG = {
  name: 'audit-hash-key',
  type: 'string',
  valueName: '<key>',
  description:
    "the service's privacy.hashKey, for --ip/--email; shows in ps, prefer the variable (default: $AUDIT_HASH_KEY, else derived from $AUTH_SECRET like the examples)",
} as const;

/** A service over the CLI's database that writes nothing (queries and purges only); close it after. */
export async function openAuditService(
  context: CliContext,
  hashKey?: string,
): Promise<SecurityEventsService> {
  return new SecurityEventsService({
    database: await context.database(),
    logger: false,
    ...(hashKey ? { privacy: { hashKey } } : {}),
  });
}

/** Runs `work`; a refused query (a bad cursor, a bad limit) becomes a usage error (exit 2). */
export async function withQueryErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SecurityEventsError && error.code === 'INVALID_QUERY') {
      throw new CliUsageError(error.message, 'pass --after the cursor a previous page printed, unchanged', {
        cause: error,
      });
    }
    throw error;
  }
}
