import type { RawEventInput } from '../events/event-builder.js';
import { failureReason, isApiErrorLike } from './failure-reason.js';
import type { HookContext } from './hook-context.js';

/**
 * What the flows need from the plugin: where events go and how client details are read.
 *
 * @example
 * ```ts
 * const tools: FlowTools = { emit: (event) => service.record(event), email: (v) => String(v), client: clientFields };
 * ```
 */
export interface FlowTools {
  emit(event: RawEventInput): void;
  /** IP and user agent of the request, plus the login body's client fields when asked. */
  client(
    ctx: HookContext,
    loginFields: boolean,
  ): { ipAddress: string | null; userAgent: string | null; extra: Record<string, unknown> };
  /** The email as the `email` option says to record it (plain, hashed or left out). */
  email(value: unknown): string | undefined;
}

/**
 * The after-hook flow of one route: reads the hook context and emits its events.
 *
 * @example
 * ```ts
 * const flow: Flow = (ctx, tools) => tools.emit({ eventType: 'logout', userId: 'u1' });
 * ```
 */
export type Flow = (ctx: HookContext, tools: FlowTools) => void | Promise<void>;

/**
 * The `reason` and `status` of a route that failed (it returned an `APIError`), else null.
 *
 * @example
 * ```ts
 * const failed = failure(ctx); // { reason: 'invalid_credentials', status: 401 }
 * ```
 */
export function failure(ctx: HookContext): { reason: string; status: number } | null {
  const returned = ctx.context.returned;
  return isApiErrorLike(returned) ? { reason: failureReason(returned), status: returned.statusCode } : null;
}
