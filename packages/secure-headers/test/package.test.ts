import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The published artefact, not the sources: build, `npm pack`, install the tarball into fresh ESM
 * and CommonJS projects outside the monorepo (offline: the package has no dependencies) and use it.
 */

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const monorepoTypes = fileURLToPath(new URL('../../../node_modules/@types', import.meta.url));
const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

const USE = (load: (name: string) => string) => `
const { createSecureHeaders, NONCE, SecureHeadersError, withSecureHeaders } = ${load('@mana/secure-headers')};
const { secureHeaders, cspNonce } = ${load('@mana/secure-headers/node')};
const hono = ${load('@mana/secure-headers/hono')};
const express = ${load('@mana/secure-headers/express')};
const { createServer } = ${load('node:http')};

const policy = createSecureHeaders({ contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] } });
const middleware = secureHeaders(policy);
const server = createServer((req, res) => { middleware(req, res); res.setHeader('X-Powered-By', 'x'); res.end(cspNonce(res)); });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const response = await fetch('http://127.0.0.1:' + server.address().port + '/');
const body = await response.text();
server.close();
let error;
try { createSecureHeaders({ strictTransportSecurity: 'maxage=31536000' }); } catch (e) { error = e; }
const fetched = await withSecureHeaders(() => new Response('x'), { preset: 'api' })(new Request('https://example.com/'));
const other = await import('@mana/secure-headers/node');
other.secureHeaders(policy);
console.log(JSON.stringify({
  csp: response.headers.get('content-security-policy').replace(body, '{nonce}'),
  nonceLength: body.length,
  poweredBy: response.headers.get('x-powered-by'),
  error: error instanceof SecureHeadersError ? error.message : String(error),
  apiCsp: fetched.headers.get('content-security-policy'),
  adapters: [typeof hono.secureHeaders, typeof express.secureHeaders],
  sharedNonce: NONCE === Symbol.for('@mana/secure-headers.nonce'),
}));
`;

const CONSUMER_TS = `
import { createSecureHeaders, NONCE, type SecureHeadersOptions, type SecureHeaders } from '@mana/secure-headers';
import { secureHeaders, type SecureHeadersMiddleware } from '@mana/secure-headers/node';
const options: SecureHeadersOptions = { contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] }, xFrameOptions: 'SAMEORIGIN' };
const policy: SecureHeaders = createSecureHeaders(options);
const middleware: SecureHeadersMiddleware = secureHeaders(policy);
export const used: SecureHeadersMiddleware = middleware;
// @ts-expect-error X-Frame-Options only takes DENY or SAMEORIGIN
createSecureHeaders({ xFrameOptions: 'ALLOWALL' });
`;

const EXPECTED = {
  csp: "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'",
  nonceLength: 24,
  poweredBy: null,
  error:
    'Strict-Transport-Security: has an unknown directive "maxage=31536000" (got "maxage=31536000"). Fix: did you mean "max-age"? Write e.g. "max-age=31536000; includeSubDomains".',
  apiCsp: "default-src 'none'; frame-ancestors 'none'",
  adapters: ['function', 'function'],
  sharedNonce: true,
};

describe('the packed tarball, installed in fresh projects', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'mana-secure-headers-pack-'));
    // Build into a staging copy, not the package's own dist/, which the examples import while
    // their tests run in parallel.
    const staging = join(work, 'package');
    mkdirSync(staging);
    for (const file of ['package.json', 'README.md'])
      copyFileSync(join(packageDir, file), join(staging, file));
    execFileSync('npx', ['tsup', '--silent', '--out-dir', join(staging, 'dist')], {
      cwd: packageDir,
      stdio: 'pipe',
    });
    execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: staging, stdio: 'pipe' });
    const file = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!file) throw new Error('npm pack produced no tarball');
    tarball = join(work, file);
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function project(name: string, type: 'module' | 'commonjs', files: Record<string, string>): string {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type }));
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], {
      cwd: dir,
      stdio: 'pipe',
    });
    return dir;
  }

  /** Type-checks consumer.ts against the installed declarations (skipLibCheck off); hono's types are absent on purpose. */
  function typecheck(dir: string): void {
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    } catch (error) {
      throw new Error(`tsc failed in ${dir}:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
  }

  const tsconfig = (module: string) =>
    JSON.stringify({
      compilerOptions: {
        module,
        moduleResolution: module,
        strict: true,
        noEmit: true,
        types: ['node'],
        typeRoots: [monorepoTypes],
        skipLibCheck: false,
      },
      files: ['consumer.ts'],
    });

  it('works from an ESM project (import)', () => {
    const dir = project('esm-consumer', 'module', {
      'consumer.mjs': USE((name) => `await import('${name}')`),
      'consumer.ts': CONSUMER_TS,
      'tsconfig.json': tsconfig('node16'),
    });
    const output = execFileSync(process.execPath, ['consumer.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(EXPECTED);
    typecheck(dir);
  });

  it('works from a CommonJS project (require), sharing policies with the ESM build', () => {
    const dir = project('cjs-consumer', 'commonjs', {
      'consumer.cjs': `(async () => {${USE((name) => `require('${name}')`)}})();`,
      'consumer.ts': CONSUMER_TS,
      'tsconfig.json': tsconfig('node16'),
    });
    const output = execFileSync(process.execPath, ['consumer.cjs'], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(EXPECTED);
    typecheck(dir);
  });
});
