import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  installTarballs,
  lintPackedPackage,
  packWithWorkspaceDependencies,
  typesReferencingInternal,
} from '@mana/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// The same scenario for ESM and CommonJS consumers: embedded database, migrate, sign up,
// sign in, mint a token, verify it with the /verify subpath against the served JWKS. Each class
// exists once: /verify and the root re-export @mana/verify's AccessTokenError (installed beside
// auth-core, never bundled into it), and auth-core's own errors share one ManaError base.
const scenario = (imports: string) => `${imports}
async function main() {
  if (VerifyAccessTokenError !== AccessTokenError) throw new Error('/verify has its own AccessTokenError');
  if (PackageAccessTokenError !== AccessTokenError) throw new Error('@mana/verify and @mana/auth-core have two AccessTokenError classes');
  const base = (C) => Object.getPrototypeOf(C.prototype).constructor;
  if (base(RevocationSyncError) !== base(ManaAuthConfigError) || base(ManaAuthConfigError) === Error) {
    throw new Error('RevocationSyncError and ManaAuthConfigError do not share one ManaError base');
  }
  let thrown;
  try { await verifyAccessToken('not.a.token', { jwks: { keys: [] } }); } catch (error) { thrown = error; }
  if (!(thrown instanceof AccessTokenError)) throw new Error('a /verify error is not instanceof the root AccessTokenError');
  const database = await createDatabase('memory://');
  await migrate(database);
  const baseURL = 'http://localhost:3001';
  const auth = createAuth({ database, secret: 'a-consumer-secret-of-at-least-32-bytes!!', baseURL, betterAuthRoutes: { exposeAllUnsafe: true } });
  const call = (method, path, body, cookie) => auth.handler(new Request(baseURL + '/api/v1/auth' + path, {
    method, headers: { 'content-type': 'application/json', origin: baseURL, ...(cookie ? { cookie } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }));
  const user = { email: 'consumer@example.com', password: 'SecurePassword123!', name: 'C' };
  await call('POST', '/sign-up/email', user);
  const login = await call('POST', '/sign-in/email', { email: user.email, password: user.password, rememberMe: true });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { token } = await (await call('GET', '/token', undefined, cookie)).json();
  const jwks = await (await call('GET', '/jwks')).json();
  const claims = await verifyAccessToken(token, { jwks, issuer: baseURL, audience: baseURL });
  await database.close();
  const betterAuth = JSON.parse(require('node:fs').readFileSync(require('node:path').join(process.cwd(), 'node_modules/better-auth/package.json'), 'utf8')).version;
  console.log(JSON.stringify({ alg: jwks.keys[0].alg, sub: typeof claims.sub, ttl: claims.exp - claims.iat, betterAuth }));
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

// The lowest better-auth the peer range admits: the CommonJS consumer pins it, the ESM consumer
// gets what npm picks for the range (the latest 1.x).
const LOWEST_BETTER_AUTH = '1.7.3';

describe('packed tarball', () => {
  const tarballs = packWithWorkspaceDependencies(packageDir);
  const tarball = tarballs[0]!;

  it('passes publint and @arethetypeswrong/cli', () => {
    // attw exits non-zero on any problem, node10 (`moduleResolution: node`, typesVersions) included.
    const lint = lintPackedPackage(packageDir, tarball);
    expect(lint.publint).toMatch(/All good!/);
    expect(lint.attwProblems).toEqual([]);
  }, 120_000);

  for (const type of ['module', 'commonjs'] as const) {
    it(`installs into a fresh ${type} project outside the workspace and works there`, () => {
      const imports =
        type === 'module'
          ? [
              "import { createRequire } from 'node:module';",
              "import { AccessTokenError, createAuth, createDatabase, ManaAuthConfigError, migrate, RevocationSyncError } from '@mana/auth-core';",
              "import { AccessTokenError as VerifyAccessTokenError, verifyAccessToken } from '@mana/auth-core/verify';",
              "import { AccessTokenError as PackageAccessTokenError } from '@mana/verify';",
              'const require = createRequire(import.meta.url);',
            ].join('\n')
          : [
              "const { AccessTokenError, createAuth, createDatabase, ManaAuthConfigError, migrate, RevocationSyncError } = require('@mana/auth-core');",
              "const { AccessTokenError: VerifyAccessTokenError, verifyAccessToken } = require('@mana/auth-core/verify');",
              "const { AccessTokenError: PackageAccessTokenError } = require('@mana/verify');",
            ].join('\n');
      const pinned =
        type === 'commonjs'
          ? [`better-auth@${LOWEST_BETTER_AUTH}`, `@better-auth/core@${LOWEST_BETTER_AUTH}`]
          : [];
      const project = installTarballs(tarballs, type, { 'main.js': scenario(imports) }, pinned);
      // The peers resolve without a conflict or an engine warning (issue 11's install acceptance).
      expect(project.installLog).not.toMatch(/ERESOLVE|EBADENGINE/);
      const result = JSON.parse(project.run('main.js')) as { betterAuth: string };
      expect(result).toEqual({ alg: 'EdDSA', sub: 'string', ttl: 900, betterAuth: expect.any(String) });
      if (type === 'commonjs') expect(result.betterAuth).toBe(LOWEST_BETTER_AUTH);
      expect(typesReferencingInternal(join(project.dir, 'node_modules/@mana/auth-core/dist'))).toEqual([]);
    }, 300_000);
  }
});
