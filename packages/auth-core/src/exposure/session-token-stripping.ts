/**
 * Session tokens never leave the server in a body: the session cookie is HttpOnly so that
 * script injected into a page cannot read it, and a JSON body with the same token would undo
 * that. Better Auth puts it in session objects (`/get-session`, `/list-sessions`) and at the top
 * of sign-in and sign-up answers.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: Json): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A session row: its token sits beside the user it belongs to and its expiry.
const isSession = (value: { [key: string]: Json }) =>
  'token' in value && 'userId' in value && 'expiresAt' in value;

function strip(value: Json, top: boolean): { value: Json; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const result = strip(item, false);
      changed ||= result.changed;
      return result.value;
    });
    return { value: items, changed };
  }
  if (!isObject(value)) return { value, changed: false };
  let changed = false;
  const out: { [key: string]: Json } = {};
  // A sign-in or sign-up answer: `{ token, user, ... }` at the top.
  const dropToken = isSession(value) || (top && 'token' in value && 'user' in value);
  for (const [key, item] of Object.entries(value)) {
    if (key === 'token' && dropToken) {
      changed = true;
      continue;
    }
    const result = strip(item, false);
    changed ||= result.changed;
    out[key] = result.value;
  }
  return { value: out, changed };
}

/**
 * `body` without session tokens, or `undefined` when it holds none. An access-token answer
 * (`{ token }` alone, from `/token`) is not a session and is kept.
 */
export function withoutSessionTokens(body: unknown): unknown {
  const result = strip(body as Json, true);
  return result.changed ? result.value : undefined;
}
