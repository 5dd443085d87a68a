import type { BetterAuthPlugin } from 'better-auth';

// Our own plugins whose hooks match every path but act only when a session is created
// (Better Auth's after-hooks see `newSession`), which a cached check never does.
const ACTS_ON_NEW_SESSIONS_ONLY = new Set(['mana-remember-me']);

type Hook = { matcher: (context: unknown) => boolean };

/** A stand-in for the context Better Auth gives hook matchers for a plain `GET <path>`. */
function probe(path: string) {
  return { path, method: 'GET', headers: new Headers(), query: {}, body: undefined, context: {} };
}

function matches(hook: Hook, path: string): boolean {
  try {
    return hook.matcher(probe(path)) !== false;
  } catch {
    return true; // a matcher we cannot evaluate might match: keep Better Auth's path
  }
}

/**
 * Whether Better Auth would run no hook on a session check at `path` that the fast path does
 * not do itself. The jwt plugin's hook only sets `set-auth-jwt` when that header is on;
 * `mana-*` plugins hook session checks to refuse revoked sessions, which the fast path does
 * through the revocation registry (so they are skipped only when it exists); any other
 * plugin's hook on the path keeps every check on Better Auth's path.
 */
export function hooksSafeToSkip(
  plugins: readonly BetterAuthPlugin[],
  path: string,
  haveRevocations: boolean,
): boolean {
  for (const plugin of plugins) {
    const hooks = [...(plugin.hooks?.before ?? []), ...(plugin.hooks?.after ?? [])] as Hook[];
    if (!hooks.some((hook) => matches(hook, path))) continue;
    if (plugin.id === 'jwt') {
      const jwtOptions = (plugin as { options?: { disableSettingJwtHeader?: boolean } }).options;
      if (jwtOptions?.disableSettingJwtHeader === true) continue;
      return false;
    }
    if (ACTS_ON_NEW_SESSIONS_ONLY.has(plugin.id)) continue;
    if (plugin.id.startsWith('mana-') && haveRevocations) continue;
    return false;
  }
  return true;
}
