import {
  type DynamicModule,
  Inject,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { rejectUnknownOptions } from '../errors.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import { SERVICE_OPTION_KEYS, type SecurityEventsOptions } from '../service/service-options.js';

/**
 * Options of `SecurityEventsModule.forRoot`: the service options, plus whether the module is
 * global (default true, so any module can inject `SecurityEventsService` without importing it).
 *
 * @example
 * ```ts
 * SecurityEventsModule.forRoot({ database: pool, ipAddress: 'truncate' });
 * ```
 */
export type SecurityEventsModuleOptions = SecurityEventsOptions<string> & { global?: boolean };

/**
 * Options of `SecurityEventsModule.forRootAsync`: build the service options from other providers
 * (a config service, the database pool).
 *
 * @example
 * ```ts
 * SecurityEventsModule.forRootAsync({
 *   imports: [DatabaseModule],
 *   inject: [DATABASE_POOL],
 *   useFactory: (pool: pg.Pool) => ({ database: pool }),
 * });
 * ```
 */
export interface SecurityEventsModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (
    ...dependencies: never[]
  ) => SecurityEventsOptions<string> | Promise<SecurityEventsOptions<string>>;
  /** Default true. */
  global?: boolean;
}

/** The keys `forRoot` accepts: the service's options and `global`. */
const FOR_ROOT_KEYS = [...SERVICE_OPTION_KEYS, 'global'];

/** The keys `forRootAsync` accepts, kept in step with its options by `satisfies`. */
const FOR_ROOT_ASYNC_KEYS = Object.keys({
  imports: true,
  inject: true,
  useFactory: true,
  global: true,
} satisfies Record<keyof SecurityEventsModuleAsyncOptions, true>);

/**
 * The Nest module of the spec's `SecurityModule`: provides `SecurityEventsService`, which
 * services inject by its class as the spec shows, and closes it when the application shuts
 * down (`app.close()`, or SIGTERM with `app.enableShutdownHooks()`), so queued events are
 * written before the process exits.
 *
 * @example
 * ```ts
 * @Module({ imports: [SecurityEventsModule.forRoot({ database: pool })], providers: [AuthService] })
 * export class AppModule {}
 *
 * @Injectable()
 * export class AuthService {
 *   constructor(private securityEventsService: SecurityEventsService) {}
 * }
 * ```
 */
@Module({})
export class SecurityEventsModule implements OnApplicationShutdown {
  constructor(@Inject(SecurityEventsService) private readonly service: SecurityEventsService<string>) {}

  /**
   * Registers the service with fixed options.
   *
   * @example
   * ```ts
   * SecurityEventsModule.forRoot({ database: pool });
   * ```
   */
  static forRoot(options: SecurityEventsModuleOptions): DynamicModule {
    rejectUnknownOptions(options, FOR_ROOT_KEYS, 'SecurityEventsModule.forRoot');
    const { global = true, ...serviceOptions } = options;
    return {
      module: SecurityEventsModule,
      global,
      providers: [
        { provide: SecurityEventsService, useFactory: () => new SecurityEventsService(serviceOptions) },
      ],
      exports: [SecurityEventsService],
    };
  }

  /**
   * Registers the service with options built from other providers.
   *
   * @example
   * ```ts
   * SecurityEventsModule.forRootAsync({ inject: [ConfigService], useFactory: (config: ConfigService) => ({ database: config.pool }) });
   * ```
   */
  static forRootAsync(options: SecurityEventsModuleAsyncOptions): DynamicModule {
    rejectUnknownOptions(options, FOR_ROOT_ASYNC_KEYS, 'SecurityEventsModule.forRootAsync');
    const factory = options.useFactory as (
      ...dependencies: unknown[]
    ) => ReturnType<typeof options.useFactory>;
    return {
      module: SecurityEventsModule,
      global: options.global ?? true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: SecurityEventsService,
          inject: options.inject ?? [],
          useFactory: async (...dependencies: unknown[]) =>
            new SecurityEventsService(await factory(...dependencies)),
        },
      ],
      exports: [SecurityEventsService],
    };
  }

  /** Writes what is still queued before the application exits. */
  async onApplicationShutdown(): Promise<void> {
    await this.service.close();
  }
}
