import { findUser } from '@mana/auth-core';
import { countUserPersonalData, eraseUserPersonalData, SecurityEventsError } from '@mana/security-events';
import { loadAuditCommitKey } from '../../audit-keys.js';
import { CLI_EXIT, CliUsageError } from '../../cli-error.js';
import type { CliCommand } from '../../command.js';
import type { CliContext } from '../../context.js';
import { textFlag } from '../sessions/session-errors.js';
import { AUDIT_HASH_KEY_FLAG, auditHashKey, openAuditService } from './audit-service.js';

interface Subject {
  /** The user id in `user_id`, or undefined when only an email is known. */
  userId: string | undefined;
  /** The email as the log stores it (its keyed pseudonym), when known. */
  storedEmail: string | undefined;
  /** How the user is named in messages. */
  label: string;
}

/** The user named by --user (an id or an email), looked up in auth.users when it is still there. */
async function subject(context: CliContext): Promise<Subject> {
  const user = textFlag(context.flags.user, 'user');
  if (user === undefined)
    throw new CliUsageError(
      '--user is required',
      'name whose audit personal data to erase: --user <id|email>',
    );
  const database = await context.database();
  const found = await findUser(database, user).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'USER_NOT_FOUND') return undefined;
    throw error;
  });
  const email = found?.email ?? (user.includes('@') ? user : undefined);
  const userId = found?.id ?? (user.includes('@') ? undefined : user);
  const hashKey = auditHashKey(context);
  let storedEmail: string | undefined;
  if (email !== undefined && hashKey !== undefined) {
    const service = await openAuditService(context, hashKey);
    storedEmail = service.storedEmail(email);
    await service.close();
  } else if (email !== undefined)
    context.err(
      'note: no audit hash key (AUTH_SECRET / AUDIT_HASH_KEY): events naming the email without the user id are not matched',
    );
  if (userId === undefined && storedEmail === undefined)
    throw new CliUsageError(
      `no user with email ${JSON.stringify(user)} and no hash key to find the email in the log`,
      "pass the user id, or set AUTH_SECRET / AUDIT_HASH_KEY to the service's privacy.hashKey",
    );
  return { userId, storedEmail, label: userId ?? user };
}

/** `mana-auth audit erase --user <id|email> [--yes]`. */
export const auditEraseCommand: CliCommand = {
  path: ['audit', 'erase'],
  summary: "erase one user's personal data from a tamper-evident audit log (data-subject request)",
  usage: 'audit erase --user <id|email> [--yes]',
  description: `For a data-subject (erasure) request on a tamper-evident log (integrity on): in every event
of the user (by user id, and by the email the log stores, when the hash key is known), the user
id is replaced (a random pseudonym, or null while user_id references auth.users), and the IP
address, user agent and metadata.email become null. The commitment to the old values is kept in
auth.security_event_erasures, so "audit verify" still verifies every event; the values
themselves are gone from the tables (run VACUUM to drop old row versions; backups keep them).
Event types, times and other metadata stay. Needs AUDIT_COMMIT_KEY (the service's
integrity.commitKey). Without --yes it only counts the events and exits 2. Run it before deleting
the user: with integrity on, deleting a user whose events still hold personal data is refused.`,
  flags: [
    {
      name: 'user',
      type: 'string',
      valueName: '<id|email>',
      description: 'the user whose personal data to erase (id or email; required)',
    },
    {
      name: 'yes',
      type: 'boolean',
      description: 'erase for real; it cannot be undone (default: count only)',
    },
    AUDIT_HASH_KEY_FLAG,
  ],
  examples: ['audit erase --user ada@example.com', 'audit erase --user 7d0c... --yes --json'],
  async run(context) {
    const commitKey = loadAuditCommitKey(context);
    const who = await subject(context);
    const database = await context.database();
    const match = {
      ...(who.userId ? { userId: who.userId } : {}),
      ...(who.storedEmail ? { email: who.storedEmail } : {}),
    };
    const count = await withErasureErrors(() => countUserPersonalData(database, match));
    if (context.flags.yes !== true)
      throw new CliUsageError(
        `${count} event(s) of user ${who.label} hold personal data; erasing it cannot be undone`,
        'add --yes to erase it',
      );
    const result = await withErasureErrors(() => eraseUserPersonalData(database, { ...match, commitKey }));
    if (context.config.json) context.out.json({ user: who.label, ...result });
    else context.out.line(`erased the personal data of user ${who.label} in ${result.erased} event(s)`);
    return CLI_EXIT.ok;
  },
};

/** A missing erasure table or a bad commitment key becomes a usage error naming the fix (exit 2). */
async function withErasureErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SecurityEventsError && error.code === 'INVALID_OPTION')
      throw new CliUsageError(error.message, "set AUDIT_COMMIT_KEY to the service's integrity.commitKey", {
        cause: error,
      });
    if (error instanceof SecurityEventsError && error.code === 'MIGRATION_FAILED')
      throw new CliUsageError(
        error.message,
        'this command is for a log with integrity on (migrateAuditIntegrity)',
        {
          cause: error,
        },
      );
    throw error;
  }
}
