import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RequestFacts } from '../../refusal-reports/access-token-refusal.js';
import { type AuthenticatedUser, createRequestAuthenticator } from '../../tokens/request-authenticator.js';
import { executionTarget, SUPPORTED_CONTEXT_TYPES } from './execution-target.js';
import type { ManaAuthModuleOptions } from './mana-auth.module.js';
import { IS_PUBLIC_KEY, MANA_AUTH_OPTIONS } from './tokens.js';

const REFUSED = { code: 'UNAUTHORIZED', message: 'Send a valid Bearer access token or session cookie.' };

/**
 * Lets a call through when it carries a valid Bearer access token or session cookie, and puts
 * the user where `@CurrentUser()` finds it; handlers marked `@Public()` are open. It
 * authenticates HTTP requests, GraphQL operations (the request in the GraphQL context,
 * `context.req`) and WebSocket messages (the headers of the client's handshake; the user goes on
 * `client.user`). Any other context type (microservices, ...) is refused, never let through.
 * A refused Bearer token is reported to the audit log (`token_invalid`, with the route and the
 * socket address). Refusals are 401 `{ error: { code: 'UNAUTHORIZED', message } }` (`UnauthorizedException`;
 * in a gateway, map it with your exception filter). `APP_GUARD` does not run for WebSocket
 * gateways: put `@UseGuards(ManaAuthGuard)` on each gateway.
 *
 * @example
 * ```ts
 * @WebSocketGateway() @UseGuards(ManaAuthGuard)
 * export class ChatGateway {
 *   @SubscribeMessage('whoami') whoami(@CurrentUser() user: AuthenticatedUser) { return user.email; }
 * }
 * ```
 */
@Injectable()
export class ManaAuthGuard implements CanActivate {
  private readonly authenticate: (
    headers: Headers,
    request?: RequestFacts,
  ) => Promise<AuthenticatedUser | null>;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(MANA_AUTH_OPTIONS) options: ManaAuthModuleOptions,
  ) {
    this.authenticate = createRequestAuthenticator(options.auth, options.accessToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const open = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (open) return true;
    const target = executionTarget(context);
    if (!target) throw refusal(context.getType<string>());
    const user = await this.authenticate(target.headers, target.request);
    if (!user) throw new UnauthorizedException({ error: REFUSED });
    target.holder.user = user;
    return true;
  }
}

/** Why a context the guard cannot read is refused. */
function refusal(type: string): UnauthorizedException {
  const supported = (SUPPORTED_CONTEXT_TYPES as readonly string[]).includes(type);
  const message = supported
    ? `ManaAuthGuard found no request headers in this ${type} context; for a ws gateway, keep the upgrade request as client.request in handleConnection.`
    : `ManaAuthGuard cannot authenticate a "${type}" context (it reads http, graphql and ws); mark the handler @Public() or guard it another way.`;
  return new UnauthorizedException({ error: { code: 'UNAUTHORIZED', message } });
}
