import type { ResolvedTarget } from '../config/resolve-targets.js';
import type { CheckResult } from './check-result.js';
import { type ProbeOptions, type ProbeResult, probeUrl } from './http-probe.js';
import { findAccessToken, looksLikeJwt, verifyLoginToken } from './login-token.js';
import { answerOf, responseProblem, snippet } from './response-problem.js';

/**
 * The `login` smoke test: `POST <base>/login` with the monitoring account, verify the access
 * token (when the response carries one) against the JWKS the target publishes, then
 * `POST <base>/logout` so that sessions do not pile up. Credentials never appear in messages.
 *
 * @param jwks the parsed JWKS of the same target, or `undefined` when it could not be read.
 * @example
 * ```ts
 * import { checkLogin } from './check-login.js';
 * import { resolveTargets } from '../config/resolve-targets.js';
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
  const token = tokenVerdict(accessToken, jwks);
  const problems = token.problem ? [`login: ${token.problem}`] : [];
  let status: CheckResult['status'] = token.problem ? 'fail' : 'pass';
  let summary = `signed in in ${ms} ms${token.summary}`;
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

/** The token part of the summary, or the problem with the token. */
function tokenVerdict(accessToken: string | null, jwks: unknown): { summary: string; problem?: string } {
  if (!accessToken) return { summary: ' (no JWT in the response to verify)' };
  const verified = verifyLoginToken(accessToken, jwks);
  if (!verified.ok) return { summary: '', problem: verified.problem };
  const kid = verified.kid ? ` (kid "${verified.kid}")` : '';
  return {
    summary: `; EdDSA access token verified with the JWKS${kid}, expires in ${Math.round(verified.expiresInS / 60)} min`,
  };
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
  const answer = answerOf(login, 'login', 'login endpoint');
  return answer.ok ? null : answer.failed;
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
