import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The published artefact, not the sources (each project test installs, runs and type-checks, so
 * it gets two minutes on a busy machine): build, `npm pack`, install the tarball into fresh ESM
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
const thrown = (make) => { try { make(); } catch (e) { return e; } };
const viaEntries = [
  thrown(() => secureHeaders({ xFrameOption: 'DENY' })),
  thrown(() => hono.secureHeaders({ referrerPolicy: 'never' })),
  thrown(() => express.secureHeaders({ strictTransportSecurity: { maxAge: -1 } })),
];
console.log(JSON.stringify({
  csp: response.headers.get('content-security-policy').replace(body, '{nonce}'),
  nonceLength: body.length,
  poweredBy: response.headers.get('x-powered-by'),
  error: error instanceof SecureHeadersError ? error.message : String(error),
  apiCsp: fetched.headers.get('content-security-policy'),
  adapters: [typeof hono.secureHeaders, typeof express.secureHeaders],
  sharedNonce: NONCE === Symbol.for('@mana/secure-headers.nonce'),
  oneErrorClass: viaEntries.map((e) => e instanceof SecureHeadersError && e.constructor === SecureHeadersError),
  codes: viaEntries.map((e) => e.code),
  errorShape: [error.name, error.code, error.fix, error instanceof Error && Object.getPrototypeOf(SecureHeadersError) !== Error],
}));
`;

const CONSUMER_TS = `
import {
  createSecureHeaders,
  NONCE,
  SecureHeadersError,
  type SecureHeadersErrorCode,
  type SecureHeadersOptions,
  type SecureHeaders,
} from '@mana/secure-headers';
import { secureHeaders, type SecureHeadersMiddleware } from '@mana/secure-headers/node';
const options: SecureHeadersOptions = { contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] }, xFrameOptions: 'SAMEORIGIN' };
const policy: SecureHeaders = createSecureHeaders(options);
const middleware: SecureHeadersMiddleware = secureHeaders(policy);
export const used: SecureHeadersMiddleware = middleware;
// @ts-expect-error X-Frame-Options only takes DENY or SAMEORIGIN
createSecureHeaders({ xFrameOptions: 'ALLOWALL' });
const error = new SecureHeadersError({ code: 'INVALID_VALUE', header: 'h', value: 'v', problem: 'p', fix: 'f' });
export const code: SecureHeadersErrorCode = error.code;
export const fix: string = error.fix;
export const cause: unknown = error.cause;
// @ts-expect-error the codes are a closed union
export const notACode: SecureHeadersErrorCode = 'NOT_A_CODE';
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
  // One copy of each class per format: an error thrown through /node, /hono or /express is the
  // root's SecureHeadersError (which extends the family's ManaError, then Error).
  oneErrorClass: [true, true, true],
  codes: ['UNKNOWN_OPTION', 'REFERRER_POLICY_INVALID', 'HSTS_INVALID_MAX_AGE'],
  errorShape: [
    'SecureHeadersError',
    'HSTS_UNKNOWN_DIRECTIVE',
    'did you mean "max-age"? Write e.g. "max-age=31536000; includeSubDomains".',
    true,
  ],
};

describe('the packed tarball, installed in fresh projects', () => {
  let work: string;
  let tarball: string;
  let distFiles: { name: string; text: string }[];

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
    distFiles = readdirSync(join(staging, 'dist')).map((name) => ({
      name,
      text: readFileSync(join(staging, 'dist', name), 'utf8'),
    }));
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

  it('bundles @mana/internal: no published file imports it, and no d.ts mentions it', () => {
    const declarations = distFiles.filter((file) => /\.d\.c?ts$/.test(file.name));
    const code = distFiles.filter((file) => /\.c?js$/.test(file.name));
    expect(declarations.map((file) => file.name)).toEqual(
      expect.arrayContaining([
        'index.d.ts',
        'index.d.cts',
        'node.d.ts',
        'express.d.cts',
        'hono.d.ts',
        'nest.d.cts',
      ]),
    );
    expect(
      declarations.filter((file) => file.text.includes('@mana/internal')).map((file) => file.name),
    ).toEqual([]);
    expect(code.filter((file) => file.text.includes('@mana/internal')).map((file) => file.name)).toEqual([]);
    // ManaError's declaration is inlined, so `code`, `fix` and `cause` type-check for consumers.
    expect(declarations.some((file) => file.text.includes('declare class ManaError'))).toBe(true);
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
  }, 120_000);

  it('works from a CommonJS project (require), sharing policies with the ESM build', () => {
    const dir = project('cjs-consumer', 'commonjs', {
      'consumer.cjs': `(async () => {${USE((name) => `require('${name}')`)}})();`,
      'consumer.ts': CONSUMER_TS,
      'tsconfig.json': tsconfig('node16'),
    });
    const output = execFileSync(process.execPath, ['consumer.cjs'], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(EXPECTED);
    typecheck(dir);
  }, 120_000);
});
