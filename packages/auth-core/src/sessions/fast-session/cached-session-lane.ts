import type { CachedSessionAnswer } from './fast-session-handler.js';

// Keyed by the handler function itself: a wrapper of a handler has no lane of its own.
const lanes = new WeakMap<object, CachedSessionAnswer>();

/**
 * Records that `handler` answers a cached session check exactly as `answer` does, whatever the
 * request's origin and client IP: `createAuth` and `createAuthApi` register their handlers, so
 * an adapter can answer such a check before it copies the request to the configured origin.
 */
export function registerCachedSessionAnswer(handler: object, answer: CachedSessionAnswer): void {
  lanes.set(handler, answer);
}

/**
 * The cached session answer registered for `handler` ({@link registerCachedSessionAnswer}), or
 * undefined for any other handler (adapters then give every request to the handler).
 *
 * @example
 * ```ts
 * const answered = cachedSessionAnswerOf(handler)?.(request) ?? (await handler(copy(request)));
 * ```
 */
export function cachedSessionAnswerOf(handler: object): CachedSessionAnswer | undefined {
  return lanes.get(handler);
}
