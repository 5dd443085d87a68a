import { type Flow, failure } from './flow-kit.js';
import { bodyField, type HookContext } from './hook-context.js';

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_FIELDS = 20;

/** The names of the fields a profile update sent (never their values; odd names left out). */
function fieldNames(ctx: HookContext): string[] {
  const body = ctx.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  return Object.keys(body)
    .filter((name) => FIELD_NAME.test(name))
    .slice(0, MAX_FIELDS);
}

/**
 * `/update-user`: `user_updated` with the names of the changed fields, or
 * `user_update_failure` with the reason. Not signed in: refused before any change, no row.
 *
 * @example
 * ```ts
 * AFTER_FLOWS['/update-user'] === updateUser;
 * ```
 */
export const updateUser: Flow = (ctx, tools) => {
  const session = ctx.context.session;
  if (!session) return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const base = { userId: session.user.id, ipAddress, userAgent };
  const failed = failure(ctx);
  if (failed) {
    tools.emit({
      eventType: 'user_update_failure',
      ...base,
      metadata: { ...failed, fields: fieldNames(ctx) },
    });
    return;
  }
  tools.emit({ eventType: 'user_updated', ...base, metadata: { fields: fieldNames(ctx) } });
};

/**
 * `/change-email`: `email_change_requested` (changed at once or a verification mailed) or
 * `email_change_failure`, with the new address in `metadata.email` (as the `email` option
 * records emails).
 *
 * @example
 * ```ts
 * AFTER_FLOWS['/change-email'] === changeEmail;
 * ```
 */
export const changeEmail: Flow = (ctx, tools) => {
  const session = ctx.context.session;
  if (!session) return;
  const { ipAddress, userAgent } = tools.client(ctx, false);
  const base = { userId: session.user.id, ipAddress, userAgent };
  // Under `email`, the key the audit log's email privacy applies to: the NEW address.
  const email = tools.email(bodyField(ctx, 'newEmail'));
  const failed = failure(ctx);
  if (failed) {
    tools.emit({ eventType: 'email_change_failure', ...base, metadata: { ...failed, email } });
    return;
  }
  tools.emit({ eventType: 'email_change_requested', ...base, metadata: { email } });
};
