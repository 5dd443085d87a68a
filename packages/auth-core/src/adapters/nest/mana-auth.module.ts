import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { ManaAuth } from '../../create-auth.js';
import type { AuthFetchHandler } from '../../settings/auth-settings.js';
import type { RequestAuthenticatorOptions } from '../../tokens/request-authenticator.js';
import { toNodeHandler } from '../node/index.js';
import { ManaAuthGuard } from './mana-auth.guard.js';
import { MANA_AUTH_OPTIONS } from './tokens.js';

/** Options of `ManaAuthModule.forRoot`. */
export interface ManaAuthModuleOptions {
  /** From `createAuth`. */
  auth: ManaAuth;
  /** The Fetch handler to serve under `basePath`, usually `createAuthApi(auth, { database })`. */
  handler: AuthFetchHandler;
  /** Mount path; default the handler's `settings.basePath`, else `auth.settings.basePath`. */
  basePath?: string;
  /** Register `ManaAuthGuard` for every route (opt out with `@Public()`). Default `true`. */
  globalGuard?: boolean;
  /** Accepted `iss`/`aud` of Bearer tokens; default: what auth-core signs with. */
  accessToken?: RequestAuthenticatorOptions;
}

/**
 * Serves the auth API from a Nest app (Express platform) and guards your routes.
 *
 * @example
 * ```ts
 * @Module({ imports: [ManaAuthModule.forRoot({ auth, handler: createAuthApi(auth, { database }) })] })
 * export class AppModule {}
 * ```
 */
@Module({})
export class ManaAuthModule implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(MANA_AUTH_OPTIONS) private readonly options: ManaAuthModuleOptions,
  ) {}

  static forRoot(options: ManaAuthModuleOptions): DynamicModule {
    return {
      module: ManaAuthModule,
      global: true,
      providers: [
        { provide: MANA_AUTH_OPTIONS, useValue: options },
        ManaAuthGuard,
        ...(options.globalGuard === false ? [] : [{ provide: APP_GUARD, useExisting: ManaAuthGuard }]),
      ],
      exports: [MANA_AUTH_OPTIONS, ManaAuthGuard],
    };
  }

  /**
   * Mounts the handler on the underlying HTTP server; requests outside basePath pass through.
   * Request URLs are built from the configured base URL, never from the `Host` header.
   */
  onModuleInit(): void {
    const { auth, basePath, handler: fetchHandler } = this.options;
    // Without settings of its own, the handler is served with those of `auth` (base path, origin).
    const served = fetchHandler.settings
      ? fetchHandler
      : Object.assign((request: Request) => fetchHandler(request), { settings: auth.settings });
    const handler = toNodeHandler(served, { ...(basePath ? { basePath } : {}) });
    this.adapterHost.httpAdapter.use(handler);
  }
}
