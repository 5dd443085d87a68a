import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC_HEADERS } from '../expected-headers.js';
import { Client, nextLoopbackAddress } from '../http-client.js';
import { type FuzzCase, fuzzCases } from './fuzz-inputs.js';
import { type RawResult, rawRequest } from './raw-request.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

/** The seed of every run (change it to explore; a failure names the seed and the case). */
const SEED = 0x12ed9e;
const CASES = 2_000;
const CONCURRENCY = 24;
/** Distinct client addresses, so rate limits do not turn most cases into 429s. */
const CLIENTS = 48;

// A stack frame, an internal path or a raw exception name in a body: what must never leak.
const LEAKS = [
  /\bat [\w$.<>]+ \(/,
  /\bat (file:\/\/|\/|node:)/,
  /node_modules/,
  /\/work\/|\/home\/|\/usr\//,
  /\.(ts|js|mjs|cjs):\d+/,
  /\b(TypeError|RangeError|SyntaxError|URIError|ReferenceError)\b/,
];

/** Every problem one answer shows: a 5xx, a leak, a missing or wrong security header. */
export function problemsOf(result: RawResult): string[] {
  const problems: string[] = [];
  if (result.status >= 500) problems.push(`status ${result.status}`);
  for (const leak of LEAKS) if (leak.test(result.text)) problems.push(`body matches ${leak}`);
  for (const [name, value] of Object.entries(SPEC_HEADERS)) {
    if (result.headers.get(name) !== value) problems.push(`header ${name} is ${result.headers.get(name)}`);
  }
  return problems;
}

function describeCase(c: FuzzCase): string {
  const body = c.body === undefined ? '' : ` body=${JSON.stringify(c.body.slice(0, 80))}`;
  const headers = JSON.stringify(c.headers).slice(0, 160);
  return `#${c.index} [${c.kind}] ${c.method} ${c.path.slice(0, 120)} headers=${headers}${body}`;
}

/** Runs `cases` with `CONCURRENCY` workers on keep-alive agents, one per client address. */
async function runCases(url: string, cases: FuzzCase[], agents: Agent[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let c = cases[next++]; c; c = cases[next++]) {
      const agent = agents[c.index % agents.length];
      try {
        const result = await rawRequest(url, {
          ...c,
          ...(c.body === undefined ? {} : { body: c.body }),
          agent,
        });
        const problems = problemsOf(result);
        if (problems.length > 0) failures.push(`${describeCase(c)} → ${problems.join('; ')}`);
      } catch (error) {
        failures.push(`${describeCase(c)} → transport error ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

/**
 * Fuzzing (docs/security.md): ≥ 2,000 generated bad requests against every route family (the
 * REST facade, Better Auth's routes, /jwks, /health, the resource route, unknown paths), half of
 * them with a signed-in victim's cookie: bad paths and percent-encodings, query strings, headers
 * (huge, duplicated, bad cookies and Authorization), and bodies (wrong types, huge values,
 * control characters, duplicate keys, `__proto__`, invalid JSON, wrong content types, deep
 * nesting). Every answer must be < 500, free of stack traces and internal paths, and carry the
 * security headers. Requests `node:http` itself refuses to put on the wire (control characters in
 * a path or header) never reach an application, so they are not generated.
 */
export function describeFuzzAttacks(setup: AttackSetup): void {
  describe('fuzzing every route with generated bad inputs', () => {
    let target: AttackTarget;
    let cases: FuzzCase[];
    const agents: Agent[] = [];

    beforeAll(async () => {
      target = await startAttackTarget(setup);
      const victim = new Client(target.url);
      const email = `fuzz-${setup.name}-${Date.now()}@example.com`;
      const password = 'SecurePassword123!';
      await victim.request('POST', '/api/v1/auth/register', { json: { email, password, name: 'Fuzz' } });
      const login = await victim.request('POST', '/api/v1/auth/login', { json: { email, password } });
      expect(login.status).toBe(200);
      const cookie = new Headers();
      victim.jar.applyTo(cookie);
      const material = {
        cookie: cookie.get('cookie') ?? '',
        accessToken: login.body.accessToken,
        origin: target.url,
      };
      cases = fuzzCases(SEED, CASES, material);
      for (let i = 0; i < CLIENTS; i++) {
        agents.push(new Agent({ keepAlive: true, maxSockets: 2, localAddress: nextLoopbackAddress() }));
      }
    }, 60_000);
    afterAll(async () => {
      for (const agent of agents) agent.destroy();
      await target?.stop();
    });

    it(`answers ${CASES} generated bad requests (seed ${SEED}) with < 500, no stack trace, the security headers`, async () => {
      expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['path', 'query', 'headers', 'body']));
      const failures = await runCases(target.url, cases, agents);
      expect(failures.slice(0, 25), `${failures.length} of ${CASES} cases failed`).toEqual([]);
    }, 60_000);
  });
}
