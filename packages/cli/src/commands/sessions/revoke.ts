import { revokeSessions } from '@mana/auth-core';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import { parseCliDuration } from '../../duration.js';
import { textFlag, withSessionErrors } from './session-errors.js';

/** `mana-auth sessions revoke --user <id|email> | --session <id>`. */
export const sessionsRevokeCommand: CliCommand = {
  path: ['sessions', 'revoke'],
  summary: 'end every session of a user, or one session, on every instance at once',
  usage: 'sessions revoke (--user <id|email> | --session <id>) [--credential-lifetime <duration>]',
  description: `Ends sessions for real: enters them in the revocation record (auth.revoked_sessions)
and broadcasts it, so every running instance refuses their cookie caches and access tokens at
once; then removes them from Redis secondary storage (when REDIS_URL is set) and from
auth.sessions. Give exactly one of --user (every session of the user) or --session (one).
A service that runs with Redis MUST be given the same REDIS_URL and --redis-key-prefix: its
instances hear revocations on Redis pub/sub and read sessions from Redis. Running it again is
safe. Sessions opened after it ran are not affected: reset the password of a compromised
account too. Nothing is written to the audit log by this command.`,
  flags: [
    {
      name: 'user',
      type: 'string',
      valueName: '<id|email>',
      description: 'end every session of this user (id or email)',
    },
    {
      name: 'session',
      type: 'string',
      valueName: '<id>',
      description: 'end this one session (an id from "sessions list")',
    },
    {
      name: 'credential-lifetime',
      type: 'string',
      valueName: '<duration>',
      description:
        "the service's longer of access-token lifetime and cookie-cache age: how long the revocation is kept (default 15m)",
    },
  ],
  examples: [
    'sessions revoke --user ada@example.com',
    'sessions revoke --session 9f2c... --redis-url redis://cache:6379',
  ],
  async run(context) {
    const user = textFlag(context.flags.user, 'user');
    const sessionId = textFlag(context.flags.session, 'session');
    if ((user === undefined) === (sessionId === undefined)) {
      throw new CliUsageError(
        user ? 'give --user or --session, not both' : 'nothing to revoke',
        'pass exactly one of --user <id|email> or --session <id>',
      );
    }
    const lifetime = context.flags['credential-lifetime'];
    const lifetimeMs =
      typeof lifetime === 'string' ? parseCliDuration(lifetime, 'credential-lifetime') : 900_000;
    const database = await context.database();
    const redis = await context.redis();
    const result = await withSessionErrors(() =>
      revokeSessions(database, user ? { user } : { sessionId: sessionId as string }, {
        ...(redis ? { redis, redisKeyPrefix: context.config.redisKeyPrefix } : {}),
        credentialLifetimeSeconds: Math.ceil(lifetimeMs / 1000),
      }),
    );
    if (!redis)
      context.err('note: REDIS_URL is not set; if the service uses Redis, run again with --redis-url');
    if (context.config.json) {
      context.out.json({ userId: result.user.id, sessionIds: result.sessionIds, redis: result.redis });
      return CLI_EXIT.ok;
    }
    context.out.line(
      `revoked ${result.sessionIds.length} session(s) of user ${result.user.id} (${result.user.email})${
        result.redis ? ', Redis copies removed' : ''
      }`,
    );
    for (const id of result.sessionIds) context.out.line(`  ${id}`);
    return CLI_EXIT.ok;
  },
};
