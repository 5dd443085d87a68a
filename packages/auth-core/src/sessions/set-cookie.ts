/** The headers objects an after-hook may see; Better Auth accumulates cookies on the outer one. */
interface HookHeaders {
  responseHeaders?: Headers;
  context: { responseHeaders?: Headers };
}

/**
 * Rewrites the `Max-Age` of every pending `Set-Cookie` for `cookieName` (chunks included).
 * Used where Better Auth derives the lifetime from one global setting but our policy needs
 * a per-session one.
 */
export function rewriteCookieMaxAge(ctx: HookHeaders, cookieName: string, maxAgeSeconds: number): void {
  const targets = new Set<Headers>();
  if (ctx.responseHeaders) targets.add(ctx.responseHeaders);
  if (ctx.context.responseHeaders) targets.add(ctx.context.responseHeaders);
  for (const headers of targets) {
    const cookies = headers.getSetCookie();
    let changed = false;
    const rewritten = cookies.map((entry) => {
      if (!entry.startsWith(`${cookieName}=`) || /;\s*Max-Age=0(;|$)/i.test(entry)) return entry;
      changed = true;
      return /;\s*Max-Age=\d+/i.test(entry)
        ? entry.replace(/(;\s*Max-Age=)\d+/i, `$1${maxAgeSeconds}`)
        : `${entry}; Max-Age=${maxAgeSeconds}`;
    });
    if (!changed) continue;
    headers.delete('set-cookie');
    for (const entry of rewritten) headers.append('set-cookie', entry);
  }
}
