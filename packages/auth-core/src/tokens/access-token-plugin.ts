import { ACCESS_TOKEN_TYPE } from '@mana/verify';
import type { GenericEndpointContext } from 'better-auth';
import { createAuthEndpoint, createAuthMiddleware } from 'better-auth/api';
import { jwt, signJWT } from 'better-auth/plugins/jwt';

/** Options of Better Auth's jwt plugin. */
export type JwtPluginOptions = NonNullable<Parameters<typeof jwt>[0]>;

type SessionPair = Parameters<NonNullable<NonNullable<JwtPluginOptions['jwt']>['definePayload']>>[0];

/**
 * Signs an access token for `session` as Better Auth's `getJwtToken` does (`iat`, the defined
 * payload, `sub` = user id), with the `typ: at+jwt` header it cannot set by itself: its
 * `/token` passes no header to `signJWT`, and its `jwt.sign` option (which could) turns the
 * `/jwks` route off.
 */
async function signAccessToken(
  ctx: GenericEndpointContext,
  options: JwtPluginOptions,
  session: SessionPair,
): Promise<string> {
  const payload = (await options.jwt?.definePayload?.(session)) ?? session.user;
  return signJWT(ctx, {
    options,
    payload: { iat: Math.floor(Date.now() / 1000), ...payload, sub: session.user.id },
    header: { typ: ACCESS_TOKEN_TYPE },
  });
}

/**
 * Better Auth's jwt plugin (same id, `/jwks`, key storage and rotation) whose `/token` endpoint
 * and `set-auth-jwt` header sign access tokens with `typ: at+jwt`.
 */
export function accessTokenPlugin(options: JwtPluginOptions) {
  const plugin = jwt(options);
  const { getToken } = plugin.endpoints;
  const typedGetToken = createAuthEndpoint('/token', getToken.options, async (ctx) => {
    const session = ctx.context.session as SessionPair;
    return ctx.json({ token: await signAccessToken(ctx, options, session) });
  }) as unknown as typeof getToken;
  const [jwtHeaderHook] = plugin.hooks.after;
  const typedJwtHeaderHook = {
    matcher: jwtHeaderHook!.matcher,
    handler: createAuthMiddleware(async (ctx) => {
      if (options.disableSettingJwtHeader) return;
      const session = (ctx.context.session ?? ctx.context.newSession) as SessionPair | null;
      if (!session?.session) return;
      const token = await signAccessToken(ctx, options, session);
      const exposed = ctx.context.responseHeaders?.get('access-control-expose-headers') ?? '';
      const names = new Set(
        exposed
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      );
      names.add('set-auth-jwt');
      ctx.setHeader('set-auth-jwt', token);
      ctx.setHeader('Access-Control-Expose-Headers', [...names].join(', '));
    }),
  } as unknown as typeof jwtHeaderHook;
  return {
    ...plugin,
    endpoints: { ...plugin.endpoints, getToken: typedGetToken },
    hooks: { ...plugin.hooks, after: [typedJwtHeaderHook!] },
  };
}
