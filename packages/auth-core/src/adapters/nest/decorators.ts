import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthenticatedUser } from '../../tokens/request-authenticator.js';
import { userOf } from './execution-target.js';
import { IS_PUBLIC_KEY } from './tokens.js';

/**
 * Opts a route (or a whole controller) out of `ManaAuthGuard`.
 *
 * @example
 * ```ts
 * @Public() @Get('status') status() { return { ok: true }; }
 * ```
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Injects the user `ManaAuthGuard` authenticated (from a Bearer token or the session cookie), in
 * HTTP controllers, GraphQL resolvers (`context.req.user`) and WebSocket gateways (`client.user`).
 *
 * @example
 * ```ts
 * @Get('me') me(@CurrentUser() user: AuthenticatedUser) { return user; }
 * ```
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser | undefined => userOf(ctx),
);
