import { type AuditDivergence, SecurityEventsError } from '@mana/security-events';
import { CliUsageError } from '../../cli-error.js';

/**
 * One line for a divergence: `divergence: modified row, chain <id>, sequence 3, event <id>: <why>`.
 *
 * @example
 * ```ts
 * context.out.line(divergenceLine(result.divergence));
 * ```
 */
export function divergenceLine(found: AuditDivergence): string {
  const where = [
    found.chainId === null ? 'no chain' : `chain ${found.chainId}`,
    ...(found.sequence === null ? [] : [`sequence ${found.sequence}`]),
    ...(found.eventId === null ? [] : [`event ${found.eventId}`]),
  ];
  return `divergence: ${found.kind.replace(/_/g, ' ')}, ${where.join(', ')}: ${found.message}`;
}

/**
 * Runs `work` against the integrity tables: missing tables (integrity never enabled, another
 * schema) and refused input become usage errors (exit 2) naming the fix (`fix` when the library
 * names none).
 *
 * @example
 * ```ts
 * const proof = await withIntegrityErrors(schema, () => proveEvent(database, id, { commitKey }));
 * ```
 */
export async function withIntegrityErrors<T>(
  schema: string,
  work: () => Promise<T>,
  fix = 'check the input and run again',
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: unknown }).code === '42P01') {
      throw new CliUsageError(
        `schema "${schema}" has no audit chain tables (${(error as Error).message})`,
        'run "mana-auth migrate --integrity" (or migrateAuditIntegrity()) and write with the integrity option on, or pass --schema of the service',
        { cause: error },
      );
    }
    if (
      error instanceof SecurityEventsError &&
      (error.code === 'INVALID_QUERY' || error.code === 'INVALID_OPTION')
    ) {
      throw new CliUsageError(error.message.replace(/\.$/, ''), error.fix ?? fix, {
        cause: error,
      });
    }
    throw error;
  }
}
