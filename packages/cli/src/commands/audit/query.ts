import { findUser } from '@mana/auth-core';
import { didYouMean } from '@mana/internal';
import {
  type BuiltInSecurityEventType,
  isBuiltInEventType,
  type SecurityEvent,
  securityEventTypes,
} from '@mana/security-events';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import type { CliContext } from '../../context.js';
import { parseCliTime } from '../../duration.js';
import { textFlag, withSessionErrors } from '../sessions/session-errors.js';
import { AUDIT_HASH_KEY_FLAG, auditHashKey, openAuditService, withQueryErrors } from './audit-service.js';

const EVENT_TYPES = Object.keys(securityEventTypes);

function eventTypes(value: unknown): BuiltInSecurityEventType[] | undefined {
  if (value === undefined) return undefined;
  const types = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return types.map((type) => {
    if (!isBuiltInEventType(type)) {
      throw new CliUsageError(
        `--type ${JSON.stringify(type)} is not an event type`,
        `${didYouMean(type, EVENT_TYPES)}the types are: ${EVENT_TYPES.join(', ')}`,
      );
    }
    return type;
  });
}

function pageSize(value: unknown): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (!/^\d+$/.test(String(value)) || limit < 1 || limit > 1000) {
    throw new CliUsageError(
      `--limit ${JSON.stringify(value)} is not a page size`,
      'give a whole number from 1 to 1000',
    );
  }
  return limit;
}

function requireHashKey(context: CliContext, flag: 'ip' | 'email'): string {
  const key = auditHashKey(context);
  if (!key) {
    throw new CliUsageError(
      `--${flag} needs the audit log's hash key: addresses are stored as keyed pseudonyms (HMAC), not as text`,
      "set AUTH_SECRET to the service's secret (the key is derived from it as the examples do), or AUDIT_HASH_KEY / --audit-hash-key to its privacy.hashKey",
    );
  }
  return key;
}

async function userFilter(context: CliContext): Promise<string | undefined> {
  const user = textFlag(context.flags.user, 'user');
  if (!user?.includes('@')) return user;
  const database = await context.database();
  return (await withSessionErrors(() => findUser(database, user))).id;
}

const row = (event: SecurityEvent) => ({
  created_at: event.createdAt,
  event_type: event.eventType,
  user_id: event.userId,
  ip_address: event.ipAddress,
  id: event.id,
  metadata: event.metadata,
});

/** `mana-auth audit query [filters] [--limit n] [--after cursor]`. */
export const auditQueryCommand: CliCommand = {
  path: ['audit', 'query'],
  summary: 'read the audit log: filter by type, user, IP, email and time, one page at a time',
  usage:
    'audit query [--type <type>]... [--user <id|email>] [--ip <address>] [--email <address>] [--since <time>] [--until <time>] [--limit <n>] [--after <cursor>]',
  description: `Prints one page of auth.security_events, newest first (a table, or one JSON object per
event with --json), then on stderr the cursor of the next page: pass it back with --after to
read on. Pages never skip or repeat an event while new ones arrive (keyset pagination).
Filters combine with AND. Client IPs and emails are stored as keyed pseudonyms by default, so
--ip and --email need the service's hash key: AUDIT_HASH_KEY or --audit-hash-key, else one is
derived from AUTH_SECRET the way the example servers derive theirs.`,
  flags: [
    {
      name: 'type',
      type: 'string',
      multiple: true,
      valueName: '<type>',
      description: 'only this event type; repeat or comma-separate for several (default: all)',
    },
    {
      name: 'user',
      type: 'string',
      valueName: '<id|email>',
      description: "only this user's events (default: all)",
    },
    {
      name: 'ip',
      type: 'string',
      valueName: '<address>',
      description: 'only events from this client IP (needs the hash key)',
    },
    {
      name: 'email',
      type: 'string',
      valueName: '<address>',
      description: 'only events naming this email (needs the hash key)',
    },
    {
      name: 'since',
      type: 'string',
      valueName: '<time>',
      description: 'only events at or after: ISO time or a duration ago, e.g. 24h',
    },
    {
      name: 'until',
      type: 'string',
      valueName: '<time>',
      description: 'only events before: ISO time or a duration ago',
    },
    {
      name: 'limit',
      type: 'string',
      valueName: '<n>',
      description: 'events per page, 1 to 1000 (default 50)',
    },
    {
      name: 'after',
      type: 'string',
      valueName: '<cursor>',
      description: 'the next-page cursor a previous run printed (default: first page)',
    },
    AUDIT_HASH_KEY_FLAG,
  ],
  examples: [
    'audit query --type login_failure --since 24h',
    'audit query --user ada@example.com --limit 100 --json',
    'audit query --ip 203.0.113.7 --after eyJ...',
  ],
  async run(context) {
    const { flags } = context;
    const types = eventTypes(flags.type);
    const limit = pageSize(flags.limit);
    const since = typeof flags.since === 'string' ? parseCliTime(flags.since, 'since') : undefined;
    const until = typeof flags.until === 'string' ? parseCliTime(flags.until, 'until') : undefined;
    const ip = textFlag(flags.ip, 'ip');
    const email = textFlag(flags.email, 'email');
    const hashKey = ip || email ? requireHashKey(context, ip ? 'ip' : 'email') : auditHashKey(context);
    const cursor = textFlag(flags.after, 'after');
    const userId = await userFilter(context);
    const service = await openAuditService(context, hashKey);
    try {
      const page = await withQueryErrors(() =>
        service.query({
          ...(types ? { types } : {}),
          ...(userId ? { userId } : {}),
          ...(ip ? { ipAddress: ip } : {}),
          ...(email ? { email } : {}),
          ...(since ? { since } : {}),
          ...(until ? { until } : {}),
          ...(cursor ? { cursor } : {}),
          limit,
        }),
      );
      if (context.config.json) for (const event of page.events) context.out.jsonLine(event);
      else if (page.events.length > 0)
        context.out.table(page.events.map(row), [
          'created_at',
          'event_type',
          'user_id',
          'ip_address',
          'id',
          'metadata',
        ]);
      context.err(
        page.nextCursor
          ? `next-cursor: ${page.nextCursor} (run again with --after ${page.nextCursor})`
          : `${page.events.length} event(s); last page`,
      );
    } finally {
      await service.close();
    }
    return CLI_EXIT.ok;
  },
};
