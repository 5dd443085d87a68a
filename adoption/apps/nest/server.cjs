// An existing Nest 11 service (CommonJS, decorators applied by hand: plain JS) adopting
// @mana/auth-core, with an HTTP controller and a Socket.IO gateway. APP_GUARD does not apply to
// gateways, so the gateway names the guard itself: the guard must refuse a socket it cannot
// authenticate.
require('reflect-metadata');
const { Controller, Get, Module, UseGuards } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { IoAdapter } = require('@nestjs/platform-socket.io');
const { ConnectedSocket, SubscribeMessage, WebSocketGateway } = require('@nestjs/websockets');
const { consoleMailSender, createAuth, createAuthApi, createDatabase, migrate } = require('@mana/auth-core');
const { CurrentUser, ManaAuthGuard, ManaAuthModule } = require('@mana/auth-core/nest');

const method = (target, name, decorators) =>
  Reflect.decorate(
    decorators,
    target.prototype,
    name,
    Object.getOwnPropertyDescriptor(target.prototype, name),
  );

class MeController {
  me(user) {
    return { email: user.email };
  }
}
method(MeController, 'me', [Get('me')]);
CurrentUser()(MeController.prototype, 'me', 0);
Controller('api')(MeController);

class MeGateway {
  me(client) {
    // ManaAuthGuard puts the user of an authenticated socket on `client.user`.
    const user = client.user;
    return { ok: true, email: user?.email ?? null };
  }
}
method(MeGateway, 'me', [SubscribeMessage('me')]);
ConnectedSocket()(MeGateway.prototype, 'me', 0);
Reflect.decorate([UseGuards(ManaAuthGuard), WebSocketGateway()], MeGateway);

async function main() {
  const port = Number(process.env.PORT);
  const baseURL = `http://127.0.0.1:${port}`;
  const database = await createDatabase(process.env.DATABASE_URL);
  await migrate(database);
  // No clientIp option: the limiter must key on the socket address by itself.
  const auth = createAuth({
    database,
    secret: process.env.AUTH_SECRET,
    baseURL,
    mailSender: consoleMailSender(),
  });
  class AppModule {}
  Module({
    imports: [ManaAuthModule.forRoot({ auth, handler: createAuthApi(auth, { database }) })],
    controllers: [MeController],
    providers: [MeGateway],
  })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: ['error'] });
  app.useWebSocketAdapter(new IoAdapter(app));
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
  console.log(JSON.stringify({ listening: port }));
  process.on('SIGTERM', () =>
    app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0)),
  );
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
