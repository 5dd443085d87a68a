import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AuthenticatedUser } from '@mana/auth-core';
import { CurrentUser, ManaAuthModule, Public } from '@mana/auth-core/nest';
import { type ExampleConfig, type MeResponse, PRIVATE_HEADERS, type Services } from '@mana/example-shared';
import type { SecureHeaders } from '@mana/secure-headers';
import { SECURE_HEADERS, SecureHeadersModule } from '@mana/secure-headers/nest';
import {
  Controller,
  type DynamicModule,
  Get,
  Header,
  type INestApplication,
  Inject,
  Module,
  Req,
  Res,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JsonErrorFilter } from './error-filter.js';

/** The resource route: `ManaAuthGuard` (global) requires a Bearer token or session cookie. */
@Controller('api/v1')
class MeController {
  @Get('me')
  @Header('cache-control', PRIVATE_HEADERS['cache-control'])
  @Header('pragma', PRIVATE_HEADERS.pragma)
  me(@CurrentUser() user: AuthenticatedUser): MeResponse {
    return { user };
  }
}

const SERVICES = 'EXAMPLE_SERVICES';

/** Prometheus metrics: loopback clients, or anyone with METRICS_TOKEN (shared/src/metrics.ts). */
@Controller()
class MetricsController {
  constructor(@Inject(SERVICES) private readonly services: Services) {}

  @Public()
  @Get('metrics')
  async metrics(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const headers = new Headers(req.headers as Record<string, string>);
    const answer = await this.services.metrics(headers, req.socket.remoteAddress);
    res.writeHead(answer.status, answer.headers).end(answer.body);
  }
}

/** Security headers on every response, the auth API under /api/v1/auth, the guard, the route. */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a decorated class with forRoot
export class AppModule {
  static forRoot(services: Services): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SecureHeadersModule.forRoot(),
        ManaAuthModule.forRoot({ auth: services.auth, handler: services.api }),
      ],
      controllers: [MeController, MetricsController],
      providers: [{ provide: SERVICES, useValue: services }],
    };
  }
}

/** Creates the Nest app. The auth routes read their own bodies, so Nest's parser is off. */
export async function createApp(services: Services): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(services), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  app.disable('x-powered-by');
  app.useGlobalFilters(new JsonErrorFilter(app.get<SecureHeaders>(SECURE_HEADERS)));
  return app;
}

/** Starts the server; resolves once it listens. */
export async function startNestServer(
  services: Services,
  config: Pick<ExampleConfig, 'port' | 'host'>,
): Promise<Server> {
  const app = await createApp(services);
  await app.listen(config.port, config.host);
  return app.getHttpServer() as Server;
}
