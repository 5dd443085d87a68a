import { importEd25519KeySet, verifyCompactJws } from '@mana/internal';
import type { CheckResult } from './check-result.js';
import { type ProbeOptions, type ProbeResult, probeUrl } from './http-probe.js';
import type { ResolvedTarget } from './resolve-targets.js';
import { failureSummary, responseProblem, snippet } from './response-problem.js';

const TOKEN_FIELDS = ['accessToken', 'access_token', 'jwt', 'token', 'idToken'];
const CONTAINERS = ['data', 'session', 'tokens', 'result'];
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

type TokenVerification =
  | { ok: true; kid: string | null; expiresInS: number }
  | { ok: false; problem: string };

/**
 * The `login` smoke test: `POST <base>/login` with the monitoring account, verify the access
 * token (when the response carries one) against the JWKS the target publishes, then
 * `POST <base>/logout` so that sessions do not pile up. Credentials never appear in messages.
 *
 * @param jwks the parsed JWKS of the same target, or `undefined` when it could not be read.
 * @example
 * ```ts
 * import { checkLogin, resolveTargets } from '@mana/auth-monitor';
 * const [target] = resolveTargets([{ baseUrl: 'http://localhost:3001/api/v1/auth', login: { email: 'monitor@example.com', password: 'secret' } }]);
 * const jwks = await (await fetch(target!.jwksUrl)).json();
 * const result = await checkLogin(target!, jwks);
 * ```
 */
export async function checkLogin(target: ResolvedTarget, jwks: unknown): Promise<CheckResult> {
  if (!target.login) return { name: 'login', status: 'skip', summary: 'not configured', problems: [] };
  // Same-origin, like the service's own front end, so that CSRF / Origin checks let the monitor in.
  const origin = new URL(target.baseUrl).origin;
  const options: ProbeOptions = {
    timeoutMs: target.timeoutMs,
    retries: target.retries,
    retryDelayMs: target.retryDelayMs,
    headers: { origin },
  };
  const { email, password, loginUrl, logoutUrl } = target.login;
  const login = await probeUrl(loginUrl, { ...options, method: 'POST', json: { email, password } });
  const ms = Math.round(login.elapsedMs);
  const refused = refusal(login);
  if (refused) return refused;
  const body = parseJson(login.response!.body);
  const accessToken = findAccessToken(body, login.response!.headers);
  const problems: string[] = [];
  let status: CheckResult['status'] = 'pass';
  let summary = `signed in in ${ms} ms`;
  if (accessToken) {
    const verified = verifyAccessToken(accessToken, jwks);
    if (verified.ok) {
      summary += `; EdDSA access token verified with the JWKS${verified.kid ? ` (kid "${verified.kid}")` : ''}, expires in ${Math.round(verified.expiresInS / 60)} min`;
    } else {
      problems.push(`login: ${verified.problem}`);
      status = 'fail';
    }
  } else {
    summary += ' (no JWT in the response to verify)';
  }
  const logout = await probeUrl(logoutUrl, {
    ...options,
    method: 'POST',
    json: {},
    headers: { origin, ...sessionHeaders(login, body, accessToken) },
  });
  const logoutProblem = responseProblem(logout, 'logout endpoint');
  if (logoutProblem) {
    problems.push(
      `${logoutProblem} The monitor's sessions will pile up until they expire; check the logout route.`,
    );
    if (status === 'pass') status = 'warn';
  } else {
    summary += ', signed out';
  }
  return {
    name: 'login',
    status,
    summary,
    problems,
    details: { ms, tokenVerified: accessToken !== null && status !== 'fail' },
  };
}

/** True when a string has the shape of a compact JWS (three base64url segments). */
function looksLikeJwt(value: unknown): value is string {
  return typeof value === 'string' && JWT.test(value);
}

/**
 * Verifies the access token the way a resource server would, with nothing but the published
 * JWKS and the family's one verifier (`@mana/internal`, the same code as auth-core's
 * `verifyAccessToken`): EdDSA only, no key-carrying headers, a published Ed25519 `kid`, a valid
 * signature, and an `exp` in the future.
 */
function verifyAccessToken(token: string, jwks: unknown, nowMs = Date.now()): TokenVerification {
  const verified = verifyCompactJws(token, importEd25519KeySet(jwks));
  const kid = typeof verified.header?.kid === 'string' ? verified.header.kid : null;
  if (!verified.ok) {
    switch (verified.code) {
      case 'TOKEN_WRONG_ALGORITHM':
        return {
          ok: false,
          problem: `the access token is signed with alg ${JSON.stringify(verified.header?.alg)}; only EdDSA tokens may be issued (anything else invites algorithm confusion).`,
        };
      case 'TOKEN_FORBIDDEN_HEADER':
        return {
          ok: false,
          problem: `the access token's header is refused by resource servers: ${verified.message}`,
        };
      case 'TOKEN_UNKNOWN_KEY':
        return {
          ok: false,
          problem: `the access token's kid ${JSON.stringify(kid)} is not in the JWKS; resource servers cannot verify it (was the key rotated without publishing it?).`,
        };
      case 'TOKEN_BAD_SIGNATURE':
        return {
          ok: false,
          problem: `the access token's signature does not verify with published key ${JSON.stringify(kid)}; the service signs with a key it does not publish.`,
        };
      default:
        return { ok: false, problem: 'the access token is not a well-formed JWT.' };
    }
  }
  const { exp } = verified.payload;
  const nowS = Math.floor(nowMs / 1000);
  if (typeof exp !== 'number')
    return {
      ok: false,
      problem: 'the access token has no "exp"; access tokens must expire (15 minutes in the spec).',
    };
  if (exp <= nowS)
    return {
      ok: false,
      problem: `the access token expired ${nowS - exp} s ago at issue; check the server clock.`,
    };
  return { ok: true, kid, expiresInS: exp - nowS };
}

function refusal(login: ProbeResult): CheckResult | null {
  const path = new URL(login.url).pathname;
  const code = login.response?.status;
  if (code === 401 || code === 403) {
    const body = login.response?.body ?? '';
    const origin = new URL(login.url).origin;
    const fix = /origin/i.test(body)
      ? `the service does not trust the origin ${origin}: monitor it under the host name of its BASE_URL, or add ${origin} to its trusted origins`
      : 'check MANA_AUTH_MONITOR_EMAIL / MANA_AUTH_MONITOR_PASSWORD and that the account exists and is not locked';
    return {
      name: 'login',
      status: 'fail',
      summary: `login refused (${code})`,
      problems: [`POST ${path} refused the monitoring account (${code}${snippet(body)}); ${fix}.`],
    };
  }
  if (code === 429) {
    return {
      name: 'login',
      status: 'warn',
      summary: 'login rate limited (429)',
      problems: [
        `POST ${path} was rate limited (429); run the login check less often or allow the monitor's address in the rate limiter.`,
      ],
    };
  }
  const problem = responseProblem(login, 'login endpoint');
  return problem
    ? { name: 'login', status: 'fail', summary: failureSummary(login), problems: [problem] }
    : null;
}

function findAccessToken(body: unknown, headers: Headers): string | null {
  const header = headers.get('set-auth-jwt');
  if (looksLikeJwt(header)) return header;
  const search = (value: unknown, depth: number): string | null => {
    if (typeof value !== 'object' || value === null || depth > 2) return null;
    const record = value as Record<string, unknown>;
    for (const field of TOKEN_FIELDS) if (looksLikeJwt(record[field])) return record[field] as string;
    for (const field of CONTAINERS) {
      const found = search(record[field], depth + 1);
      if (found) return found;
    }
    return null;
  };
  return search(body, 0);
}

function sessionHeaders(
  login: ProbeResult,
  body: unknown,
  accessToken: string | null,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const cookies = login.response?.headers.getSetCookie().map((c) => c.split(';')[0]!.trim()) ?? [];
  if (cookies.length) headers.cookie = cookies.join('; ');
  const sessionToken = (body as { token?: unknown } | null)?.token;
  const bearer = typeof sessionToken === 'string' && !looksLikeJwt(sessionToken) ? sessionToken : accessToken;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  return headers;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
