import { fileURLToPath } from 'node:url';
import { engineWarnings, installTarballs, packWithWorkspaceDependencies } from '@mana/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// A Nest app written in plain JS (decorators applied by hand), booted from the packed tarball
// with the consumer's own Nest version: the adapter must work on Nest 10 (the floor of the peer
// range; its platform-express runs Express 4), 11 and 12, and npm must install it without ERESOLVE.
const app = `
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { createAuth, createAuthApi, createDatabase, migrate, consoleMailSender } = require('@mana/auth-core');
const { ManaAuthModule, CurrentUser, Public } = require('@mana/auth-core/nest');

class MeController {
  me(user) { return { user }; }
  status() { return { ok: true }; }
}
Controller('api/v1')(MeController);
const me = Object.getOwnPropertyDescriptor(MeController.prototype, 'me');
Reflect.decorate([Get('me')], MeController.prototype, 'me', me);
CurrentUser()(MeController.prototype, 'me', 0);
const status = Object.getOwnPropertyDescriptor(MeController.prototype, 'status');
Reflect.decorate([Get('status'), Public()], MeController.prototype, 'status', status);

async function main() {
  const database = await createDatabase('memory://');
  await migrate(database);
  const baseURL = 'http://127.0.0.1:' + process.env.PORT;
  const auth = createAuth({ database, secret: 'a-consumer-secret-of-at-least-32-bytes!!', baseURL, mailSender: consoleMailSender(() => {}) });
  class AppModule {}
  Module({ imports: [ManaAuthModule.forRoot({ auth, handler: createAuthApi(auth, { database }) })], controllers: [MeController] })(AppModule);
  const nest = await NestFactory.create(AppModule, { logger: false });
  await nest.listen(Number(process.env.PORT), '127.0.0.1');
  const json = { 'content-type': 'application/json', origin: baseURL };
  const user = { email: 'nest@example.com', password: 'SecurePassword123!', name: 'N' };
  const reg = await fetch(baseURL + '/api/v1/auth/register', { method: 'POST', headers: json, body: JSON.stringify(user) });
  const credentials = { email: user.email, password: user.password };
  const login = await (await fetch(baseURL + '/api/v1/auth/login', { method: 'POST', headers: json, body: JSON.stringify(credentials) })).json();
  const withToken = await fetch(baseURL + '/api/v1/me', { headers: { authorization: 'Bearer ' + login.accessToken } });
  const without = await fetch(baseURL + '/api/v1/me');
  const open = await fetch(baseURL + '/api/v1/status');
  const result = {
    nest: require('@nestjs/core/package.json').version.split('.')[0],
    register: reg.status,
    me: withToken.status,
    email: (await withToken.json()).user.email,
    anonymous: without.status,
    public: open.status,
  };
  await nest.close();
  await database.close();
  console.log(JSON.stringify(result));
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

describe('NestJS adapter from the packed tarball', () => {
  for (const major of ['10', '11', '12']) {
    it(`guards routes and serves the API on Nest ${major}`, () => {
      const project = installTarballs(
        packWithWorkspaceDependencies(packageDir),
        'commonjs',
        { 'main.js': app },
        [
          `@nestjs/common@${major}`,
          `@nestjs/core@${major}`,
          `@nestjs/platform-express@${major}`,
          'reflect-metadata@0.2',
          'rxjs@7',
        ],
      );
      expect(project.installLog).not.toMatch(/ERESOLVE/);
      // Nest 12's own dependency file-type 22 wants Node 22: npm warns on Node 20 whatever we
      // ship. Any other engine warning (ours, our dependencies') fails.
      expect(engineWarnings(project.installLog).filter((name) => name !== 'file-type')).toEqual([]);
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const out = project.run('main.js', { PORT: String(port) });
      expect(JSON.parse(out)).toEqual({
        nest: major,
        register: 201,
        me: 200,
        email: 'nest@example.com',
        anonymous: 401,
        public: 200,
      });
    }, 300_000);
  }
});
