import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthenticatedUser, createRequestAuthenticator } from '../../tokens/request-authenticator.js';
import type { ManaAuthModuleOptions } from './mana-auth.module.js';
import { IS_PUBLIC_KEY, MANA_AUTH_OPTIONS } from './tokens.js';

type HttpRequest = { headers: Record<string, string | string[] | undefined>; user?: AuthenticatedUser };

/**
 * Lets a request through when it carries a valid Bearer access token or session cookie and puts
 * the user on `request.user` (see `@CurrentUser()`); routes marked `@Public()` are open.
 * Refusals are 401 `{ error: { code: 'UNAUTHORIZED', message } }`.
 */
@Injectable()
export class ManaAuthGuard implements CanActivate {
  private readonly authenticate: (headers: Headers) => Promise<AuthenticatedUser | null>;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(MANA_AUTH_OPTIONS) options: ManaAuthModuleOptions,
  ) {
    this.authenticate = createRequestAuthenticator(options.auth, options.accessToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const open = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (open) return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    const user = await this.authenticate(headers);
    if (!user) {
      throw new UnauthorizedException({
        error: { code: 'UNAUTHORIZED', message: 'Send a valid Bearer access token or session cookie.' },
      });
    }
    request.user = user;
    return true;
  }
}
