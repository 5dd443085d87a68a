import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type InstalledProject,
  installTarballs,
  lintPackedPackage,
  packPackage,
  type StartedServer,
  startServer,
  typesReferencingInternal,
} from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeHandler } from '../src/adapters/node/index.js';
import { type AuthTestContext, BASE_PATH, BASE_URL, call, setupAuthTest, signUp } from './harness.js';

// @mana/verify as a resource server installs it: packed, npm-installed into a fresh project
// outside the monorepo, checking tokens minted by a running auth-core against its JWKS over
// HTTP. Lives here, not in packages/verify, because it needs auth-core (verify must not depend
// on it). The install must pull nothing else: no better-auth, pg or PGlite.
const verifyDir = fileURLToPath(new URL('../../verify', import.meta.url));
const run = promisify(execFile);

const resourceServer = (imports: string) => `${imports}
const { TOKEN, JWKS_URL, ISSUER } = process.env;
const options = { jwks: remoteJwks(JWKS_URL), issuer: ISSUER, audience: ISSUER };
async function main() {
  const claims = await verifyAccessToken(TOKEN, options);
  const [header, payload] = TOKEN.split('.');
  const forged = [header, Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'), TOKEN.split('.')[2]].join('.');
  let refused;
  try { await verifyAccessToken(forged, options); } catch (error) {
    refused = { code: error.code, isAccessTokenError: error instanceof AccessTokenError, isError: error instanceof Error };
  }
  console.log(JSON.stringify({ sub: claims.sub, typ: typeof claims.exp, refused }));
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

describe('@mana/verify from its packed tarball, in a resource server', () => {
  let ctx: AuthTestContext;
  let server: StartedServer;
  let project: InstalledProject;
  let tarball: string;

  beforeAll(async () => {
    ctx = await setupAuthTest();
    const auth = ctx.makeAuth();
    server = await startServer(
      toNodeHandler((request) => auth.handler(request), { basePath: BASE_PATH }) as Parameters<
        typeof startServer
      >[0],
    );
    tarball = packPackage(verifyDir);
    project = installTarballs([tarball], 'module', {
      'main.js': resourceServer(
        "import { AccessTokenError, remoteJwks, verifyAccessToken } from '@mana/verify';",
      ),
      'main.cjs': resourceServer(
        "const { AccessTokenError, remoteJwks, verifyAccessToken } = require('@mana/verify');",
      ),
    });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await ctx?.close();
  });

  it('installs only itself: no better-auth, pg or PGlite, and no ERESOLVE/EBADENGINE', () => {
    expect(project.installLog).not.toMatch(/ERESOLVE|EBADENGINE/);
    const lock = JSON.parse(readFileSync(join(project.dir, 'node_modules/.package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages)).toEqual(['node_modules/@mana/verify']);
    expect(typesReferencingInternal(join(project.dir, 'node_modules/@mana/verify/dist'))).toEqual([]);
  });

  it('passes publint and @arethetypeswrong/cli (node10 included)', () => {
    const lint = lintPackedPackage(verifyDir, tarball);
    expect(lint.publint).toMatch(/All good!/);
    expect(lint.attwProblems).toEqual([]);
  }, 120_000);

  for (const file of ['main.js', 'main.cjs']) {
    it(`verifies a real token from the running auth service and refuses a forged one (${file})`, async () => {
      const auth = ctx.makeAuth();
      const { jar, userId } = await signUp(auth);
      const minted = await call(auth, 'GET', '/token', { jar });
      const { token } = minted.body as { token: string };
      // Async, so this process keeps serving the JWKS the child fetches.
      const { stdout } = await run(process.execPath, [file], {
        cwd: project.dir,
        env: { ...process.env, TOKEN: token, JWKS_URL: `${server.url}/api/v1/auth/jwks`, ISSUER: BASE_URL },
        timeout: 60_000,
      });
      expect(JSON.parse(stdout)).toEqual({
        sub: userId,
        typ: 'number',
        refused: { code: 'TOKEN_BAD_SIGNATURE', isAccessTokenError: true, isError: true },
      });
    });
  }
});
