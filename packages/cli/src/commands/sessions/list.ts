import { listUserSessions } from '@mana/auth-core';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import { textFlag, withSessionErrors } from './session-errors.js';

/** `mana-auth sessions list --user <id|email> [--include-expired]`. */
export const sessionsListCommand: CliCommand = {
  path: ['sessions', 'list'],
  summary: "list a user's sessions (id, times, client address; never the token)",
  usage: 'sessions list --user <id|email> [--include-expired]',
  description: `Lists the sessions of one user from auth.sessions, newest first: session id (what
"sessions revoke --session" takes, and the sid of access tokens), creation and expiry times,
the client address and user agent recorded at sign-in, and whether it is a remember-me session.
With REDIS_URL (the service's Redis), an IN_REDIS column says whether Redis secondary storage
holds a copy. --json prints one JSON object per session (JSON lines).`,
  flags: [
    {
      name: 'user',
      type: 'string',
      valueName: '<id|email>',
      description: 'the user: id, or email address (required)',
    },
    {
      name: 'include-expired',
      type: 'boolean',
      description: 'also list expired sessions still stored (default: off)',
    },
  ],
  examples: ['sessions list --user ada@example.com', 'sessions list --user 3vJx9... --json'],
  async run(context) {
    const user = textFlag(context.flags.user, 'user');
    if (!user) throw new CliUsageError('--user is required', 'pass --user <id|email>');
    const database = await context.database();
    const redis = await context.redis();
    const listed = await withSessionErrors(() =>
      listUserSessions(database, {
        user,
        ...(redis ? { redis, redisKeyPrefix: context.config.redisKeyPrefix } : {}),
        includeExpired: context.flags['include-expired'] === true,
      }),
    );
    context.err(`user ${listed.user.id} (${listed.user.email}): ${listed.sessions.length} session(s)`);
    if (context.config.json) {
      for (const session of listed.sessions) context.out.jsonLine({ userId: listed.user.id, ...session });
      return CLI_EXIT.ok;
    }
    const rows = listed.sessions.map((s) => ({
      id: s.id,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      remember_me: s.rememberMe,
      ip_address: s.ipAddress,
      ...(redis ? { in_redis: s.inRedis } : {}),
      user_agent: s.userAgent,
    }));
    const columns = ['id', 'created_at', 'expires_at', 'remember_me', 'ip_address'];
    if (rows.length > 0) context.out.table(rows, [...columns, ...(redis ? ['in_redis'] : []), 'user_agent']);
    return CLI_EXIT.ok;
  },
};
