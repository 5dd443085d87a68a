import { isChainedLog } from '@mana/security-events';
import { AUDIT_SIGNING_KEY_FLAG } from '../../audit-keys.js';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import { parseCliTime } from '../../duration.js';
import { openAuditService } from './audit-service.js';
import { chainedPurge, type PurgeReport } from './purge-chained.js';

function batchSize(value: unknown): number {
  if (value === undefined) return 5_000;
  const size = Number(value);
  if (!/^\d+$/.test(String(value)) || size < 1 || size > 100_000) {
    throw new CliUsageError(
      `--batch-size ${JSON.stringify(value)} is not a batch size`,
      'give a whole number from 1 to 100000',
    );
  }
  return size;
}

/** `mana-auth audit purge --older-than <duration|time> [--dry-run] [--batch-size n]`. */
export const auditPurgeCommand: CliCommand = {
  path: ['audit', 'purge'],
  summary: 'delete audit events older than a retention period, in batches (resumable)',
  usage: 'audit purge --older-than <duration|time> [--dry-run] [--batch-size <n>]',
  description: `Deletes the events of auth.security_events created before the cutoff (--older-than 90d:
90 days ago; or an ISO time), oldest first, in batches that each lock only their own rows, so
writers never wait. A progress line shows on stderr. Interrupted (Ctrl-C, SIGTERM, a kill),
it keeps what it deleted; run it again to continue (the interrupted run prints the exact cutoff
to pass for the very same result). --dry-run only counts what would be deleted.
A tamper-evident log (integrity on: auth.security_event_chain holds records) is purged at batch
boundaries: only whole chained batches whose every event is older than the cutoff go, with their
chain records, and a purge boundary signed with the audit key lets "audit verify" accept the
shortened chains. It needs the service's integrity.signingKey (PKCS#8 PEM or JWK JSON) in
AUDIT_SIGNING_KEY or as --signing-key <file>; --dry-run counts the old events, of which a straddling batch may keep a few.`,
  flags: [
    AUDIT_SIGNING_KEY_FLAG,
    {
      name: 'older-than',
      type: 'string',
      valueName: '<duration|time>',
      description: 'the cutoff: a duration ago such as 90d, or an ISO time (required)',
    },
    {
      name: 'dry-run',
      type: 'boolean',
      description: 'count the events that would be deleted; delete nothing (default: off)',
    },
    {
      name: 'batch-size',
      type: 'string',
      valueName: '<n>',
      description: 'rows per DELETE, 1 to 100000 (default 5000)',
    },
  ],
  examples: ['audit purge --older-than 90d', 'audit purge --older-than 2026-01-01T00:00:00Z --dry-run'],
  async run(context) {
    const olderThan = context.flags['older-than'];
    if (typeof olderThan !== 'string') {
      throw new CliUsageError('--older-than is required', 'pass the retention, e.g. --older-than 90d');
    }
    const cutoff = parseCliTime(olderThan, 'older-than');
    const size = batchSize(context.flags['batch-size']);
    const service = await openAuditService(context);
    try {
      const { count } = await service.countOlderThan(cutoff);
      const at = cutoff.toISOString();
      if (context.flags['dry-run'] === true) {
        if (context.config.json) context.out.json({ cutoff: at, wouldDelete: count, dryRun: true });
        else context.out.line(`${count} event(s) older than ${at} would be deleted`);
        return CLI_EXIT.ok;
      }
      const chained = await isChainedLog(await context.database());
      const purgeChained = chained ? chainedPurge(context) : undefined;
      const progress = context.progress('purging audit events', count);
      let reported = 0;
      const onBatch = (deleted: number) => {
        progress.tick(deleted - reported);
        reported = deleted;
      };
      const result: PurgeReport = purgeChained
        ? await purgeChained(cutoff, size, onBatch)
        : await service.purgeOlderThan(cutoff, {
            batchSize: size,
            signal: context.signal,
            onBatch: ({ deleted }) => onBatch(deleted),
          });
      progress.done(
        result.complete
          ? `deleted ${result.deleted} in ${result.batches} batch(es)`
          : `interrupted after ${result.deleted}; run "mana-auth audit purge --older-than ${at}" to finish`,
      );
      if (context.config.json) context.out.json({ ...result, cutoff: at, chained });
      else
        context.out.line(
          `deleted ${result.deleted} event(s) older than ${at}${result.complete ? '' : ' (interrupted)'}`,
        );
      return result.complete ? CLI_EXIT.ok : CLI_EXIT.interrupted;
    } finally {
      await service.close();
    }
  },
};
