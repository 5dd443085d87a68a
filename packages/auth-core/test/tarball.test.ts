import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installTarballs, packPackage, typesReferencingInternal } from '@mana/test-utils';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// The same scenario for ESM and CommonJS consumers: embedded database, migrate, sign up,
// sign in, mint a token, verify it with the /verify subpath against the served JWKS. Each class
// exists once across entry points (the tsup preset's shared chunks): an AccessTokenError thrown
// through /verify is an instance of the root export, and every error shares one ManaError base.
const scenario = (imports: string) => `${imports}
async function main() {
  if (VerifyAccessTokenError !== AccessTokenError) throw new Error('/verify has its own AccessTokenError');
  const base = (C) => Object.getPrototypeOf(C.prototype).constructor;
  if (base(AccessTokenError) !== base(ManaAuthConfigError) || base(AccessTokenError) === Error) {
    throw new Error('AccessTokenError and ManaAuthConfigError do not share one ManaError base');
  }
  let thrown;
  try { await verifyAccessToken('not.a.token', { jwks: { keys: [] } }); } catch (error) { thrown = error; }
  if (!(thrown instanceof AccessTokenError)) throw new Error('a /verify error is not instanceof the root AccessTokenError');
  const database = await createDatabase('memory://');
  await migrate(database);
  const baseURL = 'http://localhost:3001';
  const auth = createAuth({ database, secret: 'a-consumer-secret-of-at-least-32-bytes!!', baseURL });
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
  console.log(JSON.stringify({ alg: jwks.keys[0].alg, sub: typeof claims.sub, ttl: claims.exp - claims.iat }));
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

describe('packed tarball', () => {
  const tarball = packPackage(packageDir);

  it('passes publint and @arethetypeswrong/cli', () => {
    const publint = execFileSync('npx', ['publint', '--strict', '--pack', 'npm'], {
      cwd: packageDir,
      stdio: 'pipe',
    });
    expect(publint.toString()).toMatch(/All good!/);
    // Exits non-zero on any problem; node10 resolution (no `exports`) is out of scope.
    const attw = execFileSync('npx', ['attw', tarball, '--profile', 'node16', '--format', 'json'], {
      cwd: packageDir,
      stdio: 'pipe',
    });
    const report = JSON.parse(attw.toString()) as {
      analysis: { problems: Array<{ resolutionKind?: string }> };
    };
    expect(report.analysis.problems.filter((p) => p.resolutionKind !== 'node10')).toEqual([]);
  }, 120_000);

  for (const type of ['module', 'commonjs'] as const) {
    it(`installs into a fresh ${type} project outside the workspace and works there`, () => {
      const imports =
        type === 'module'
          ? [
              "import { AccessTokenError, createAuth, createDatabase, ManaAuthConfigError, migrate } from '@mana/auth-core';",
              "import { AccessTokenError as VerifyAccessTokenError, verifyAccessToken } from '@mana/auth-core/verify';",
            ].join('\n')
          : [
              "const { AccessTokenError, createAuth, createDatabase, ManaAuthConfigError, migrate } = require('@mana/auth-core');",
              "const { AccessTokenError: VerifyAccessTokenError, verifyAccessToken } = require('@mana/auth-core/verify');",
            ].join('\n');
      const project = installTarballs([tarball], type, { 'main.js': scenario(imports) });
      expect(JSON.parse(project.run('main.js'))).toEqual({ alg: 'EdDSA', sub: 'string', ttl: 900 });
      expect(typesReferencingInternal(join(project.dir, 'node_modules/@mana/auth-core/dist'))).toEqual([]);
    }, 300_000);
  }
});
